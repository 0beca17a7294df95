// bench-cli: `ecs2eks convert` of one definition as a whole process (built dist CLI) against
// `node -e 0`, median of RUNS (10) each, interleaved; and in-process translation throughput
// (parseInput + pairResources + translateUnit -> translateService) over DEFS (10,000) generated varied definitions. No cluster.
//   npx tsx bench/cli.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseInput } from '../src/ecs/parse/index.js';
import { isUnitError, pairResources } from '../src/cli/pairing.js';
import { translateUnit } from '../src/cli/translate.js';
import type { TranslateOptions } from '../src/translate/options.js';
import { translateOptions } from '../src/cli/translate-options.js';
import { distMain, envInt, generatePair, median, now, printTable, writeResult } from './lib.js';

const runs = envInt('RUNS', 10);
const defs = envInt('DEFS', 10_000);

function timeProcess(args: string[]): number {
  const t = now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  return now() - t;
}

async function main(): Promise<void> {
  // --- whole process
  const tmp = mkdtempSync(join(tmpdir(), 'ecs2eks-bench-cli.'));
  const one = generatePair(3);
  const file = join(tmp, 'one.yaml');
  writeFileSync(file, [one.taskDefinition, one.service].map((o) => `---\n${yaml.dump(o)}`).join(''));
  const convertArgs = [distMain, 'convert', '-q', file];
  timeProcess(convertArgs); // warm the page cache
  timeProcess(['-e', '0']);
  const convertMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    nodeMs.push(timeProcess(['-e', '0']));
    convertMs.push(timeProcess(convertArgs));
  }
  const convertMed = median(convertMs);
  const nodeMed = median(nodeMs);

  // --- in-process throughput: DEFS varied definitions as ecs2eks CR YAML texts (one TD + Service each)
  const texts: string[] = [];
  for (let i = 0; i < defs; i++) {
    const p = generatePair(i + 100_000, { prefix: `app${i % 97}` });
    texts.push([p.taskDefinition, p.service].map((o) => `---\n${yaml.dump(o)}`).join(''));
  }
  const options: TranslateOptions = translateOptions({});
  const passes: number[] = [];
  let objects = 0;
  const passCount = envInt('PASSES', 3);
  for (let pass = 0; pass < passCount; pass++) {
    objects = 0;
    const t = now();
    for (let i = 0; i < texts.length; i++) {
      const res = parseInput(texts[i], `def-${i}.yaml`);
      // pairing + translateUnit is the CLI's path to translateService
      for (const unit of pairResources(res)) {
        if (isUnitError(unit)) throw new Error(unit.error);
        objects += translateUnit(unit, options).objects.length;
      }
    }
    passes.push((now() - t) / 1000);
  }
  const secs = median(passes);
  const perSec = defs / secs;

  printTable('CLI: one definition, whole process (built dist/src/cli/main.js)', [
    { what: 'node -e 0', runs, 'median ms': +nodeMed.toFixed(1), 'min ms': +Math.min(...nodeMs).toFixed(1) },
    {
      what: 'ecs2eks convert (1 TD + 1 Service)',
      runs,
      'median ms': +convertMed.toFixed(1),
      'min ms': +Math.min(...convertMs).toFixed(1),
    },
    { what: 'ratio convert / node -e 0', runs, 'median ms': +(convertMed / nodeMed).toFixed(2) },
  ]);
  printTable('in-process translation (parseInput + pairResources + translateUnit -> translateService)', [
    {
      definitions: defs,
      passes: passCount,
      'median s per pass': +secs.toFixed(3),
      'definitions/s': Math.round(perSec),
      'objects per pass': objects,
    },
  ]);
  writeResult('cli', {
    params: { runs, defs, passes: passCount },
    wholeProcess: {
      convertMsMedian: convertMed,
      nodeMsMedian: nodeMed,
      ratio: convertMed / nodeMed,
      convertMs,
      nodeMs,
    },
    inProcess: {
      definitions: defs,
      secondsPerPass: passes,
      secondsMedian: secs,
      definitionsPerSecond: perSec,
      objectsPerPass: objects,
    },
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
