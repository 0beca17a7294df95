// Bringing a namespace to "N services converged" for the idle, memory and latency benchmarks.
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import yaml from 'js-yaml';
import {
  type BuiltOperator,
  crObjects,
  generatePairs,
  type Kubectl,
  now,
  type Pair,
  readyServices,
  waitCount,
} from './lib.js';

/** Writes the CRs of `pairs` as one multi-document YAML file and returns its path. */
export function writeCrFile(pairs: Pair[], name = 'crs.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ecs2eks-bench.')), name);
  writeFileSync(
    file,
    crObjects(pairs)
      .map((o) => `---\n${yaml.dump(o, { noRefs: true })}`)
      .join(''),
  );
  return file;
}

/** Applies N pairs in one kubectl apply and waits until every Service is Ready; returns seconds. */
export async function convergeServices(
  k: Kubectl,
  ns: string,
  n: number,
  desiredCount: number,
  timeoutMs: number,
): Promise<{ seconds: number; pairs: Pair[] }> {
  const pairs = generatePairs(n, { desiredCount });
  const file = writeCrFile(pairs);
  const t0 = now();
  await k.run(['-n', ns, 'apply', '--server-side', '--field-manager=ecs2eks-bench', '-f', file]);
  const seconds = await waitCount(
    `${n} Services Ready (desiredCount ${desiredCount})`,
    () => readyServices(k, ns),
    n,
    t0,
    timeoutMs,
  );
  return { seconds, pairs };
}

/** Waits until the operator made no API write for `quietMs` (status updates trickling in settle). */
export async function waitQuiet(op: BuiltOperator, quietMs: number, maxMs: number): Promise<number> {
  const t0 = now();
  let last = (await op.metrics()).writes();
  let since = now();
  while (now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const w = (await op.metrics()).writes();
    if (w !== last) {
      last = w;
      since = now();
    } else if (now() - since >= quietMs) break;
  }
  return (now() - t0) / 1000;
}
