/**
 * Converts one golden case directory the way `ecs2eks convert` would: every input file in the case
 * (input.* first, then service.*, task.*), paired by family, translated with the flags in `args`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseInput, type ParsedResource } from '../../src/ecs/parse/index.js';
import { pairResources, isUnitError } from '../../src/cli/pairing.js';
import { translateUnit } from '../../src/cli/translate.js';
import { TRANSLATE_FLAGS, translateOptions } from '../../src/cli/translate-options.js';
import type { Finding, KubeObject } from '../../src/translate/types.js';

export const CASES_DIR = new URL('./cases/', import.meta.url).pathname;

const ORDER = ['input', 'service', 'task'];
export function inputFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(json|ya?ml)$/.test(f) && ORDER.includes(f.replace(/\..*$/, '')))
    .sort((a, b) => ORDER.indexOf(a.replace(/\..*$/, '')) - ORDER.indexOf(b.replace(/\..*$/, '')));
}

export function caseNames(): string[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export interface CaseOutput {
  objects: KubeObject[];
  findings: Finding[];
}

/** convertCase translates case `name` with the flags in its `args` file, then `extraArgs` (e.g. more `--enable`s). */
export function convertCase(name: string, extraArgs: readonly string[] = []): CaseOutput {
  const dir = join(CASES_DIR, name);
  const argsFile = join(dir, 'args');
  const argv = [
    ...(existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split(/\s+/).filter(Boolean) : []),
    ...extraArgs,
  ];
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(
        Object.entries(TRANSLATE_FLAGS).map(([k, v]) => [k, { type: v.type, multiple: v.multiple }]),
      ),
      as: { type: 'string' },
    },
    strict: true,
  });
  const resources: ParsedResource[] = [];
  for (const f of inputFiles(dir))
    resources.push(...parseInput(readFileSync(join(dir, f), 'utf8'), f, f.replace(/\..*$/, '')));
  const options = translateOptions(values as Record<string, unknown> as never);
  const objects: KubeObject[] = [];
  const findings: Finding[] = [];
  for (const unit of pairResources(resources, { asTask: values.as === 'task' })) {
    if (isUnitError(unit)) throw new Error(unit.error);
    const t = translateUnit(unit, options);
    objects.push(...t.objects);
    findings.push(...t.findings);
  }
  return { objects, findings };
}
