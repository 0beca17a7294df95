/**
 * `ecs2eks crds [--out DIR]`: the three CustomResourceDefinitions, printed as multi-document YAML
 * or written one file each into DIR (what `make manifests` runs).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCrds } from '../../crd/generate.js';
import { str } from '../args.js';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';

export const crds: Command = {
  name: 'crds',
  summary: 'print the CustomResourceDefinitions (or write them into a directory)',
  usage: 'ecs2eks crds [--out DIR]',
  description: `
Prints the CustomResourceDefinitions of TaskDefinition, Service and Task (group ecs2eks.dev) as
multi-document YAML, or writes one file per CRD into DIR (created when missing).
Exit status: 0 success, 1 DIR cannot be written, 2 usage error.`,
  flags: {
    out: { type: 'string', value: 'DIR', help: 'write one file per CRD into DIR instead of printing' },
  },
  examples: ['ecs2eks crds | kubectl apply -f -', 'ecs2eks crds --out crds'],
  async run({ values, positionals }, io) {
    if (positionals.length > 0)
      throw new UsageError(
        `crds takes no arguments, got ${JSON.stringify(positionals[0])} (see 'ecs2eks crds --help')`,
      );
    const files = renderCrds();
    const names = Object.keys(files).sort();
    const out = str(values, 'out');
    if (out === undefined) {
      io.stdout.write(names.map((n) => `---\n${files[n]}`).join(''));
      return EXIT_OK;
    }
    try {
      await mkdir(out, { recursive: true });
      for (const n of names) await writeFile(join(out, n), files[n]);
    } catch (e) {
      throw new CliError(`${out}: cannot write: ${(e as Error).message}`);
    }
    for (const n of names) io.stderr.write(`wrote ${join(out, n)}\n`);
    return EXIT_OK;
  },
};
