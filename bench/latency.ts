// bench-latency: with M services converged, change one TaskDefinition's image CHANGES (50) times,
// one at a time, and time from the start of `kubectl apply` to the Deployment's pod template
// carrying the new image (polled every POLL_MS = 50 ms, in-process, through the API).
//   npx tsx bench/latency.ts     M=500 CHANGES=50
import { AppsV1Api, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bringUpCluster,
  BuiltOperator,
  diffCounts,
  envInt,
  Kubectl,
  median,
  nodesFor,
  now,
  percentile,
  printTable,
  requestsByVerb,
  sleep,
  writeResult,
} from './lib.js';
import { convergeServices, waitQuiet } from './common-converge.js';

const m = envInt('M', envInt('N', 500));
const changes = envInt('CHANGES', 50);
const pollMs = envInt('POLL_MS', 50);
const timeoutMs = envInt('TIMEOUT_SECONDS', 900) * 1000;

function appImage(d: V1Deployment): string | undefined {
  const spec = d.spec?.template.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find((c) => c.name === 'app')?.image;
}

async function main(): Promise<void> {
  const cluster = bringUpCluster(nodesFor(m));
  const k = new Kubectl(cluster);
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  const apps = kc.makeApiClient(AppsV1Api);
  const ns = `bench-lat-${Date.now().toString(36)}`;
  let result: Record<string, unknown>;
  try {
    await k.ensureCrds();
    await k.createNamespace(ns);
    const op = await BuiltOperator.start(cluster, ns);
    try {
      const { seconds, pairs } = await convergeServices(k, ns, m, 1, timeoutMs);
      await waitQuiet(op, 5_000, 120_000);
      const target = pairs[Math.floor(pairs.length / 2)]; // one in the middle
      const tmp = mkdtempSync(join(tmpdir(), 'ecs2eks-bench-latency.'));
      const before = await op.metrics();
      const fromStart: number[] = [];
      const fromDone: number[] = [];
      const applyMs: number[] = [];
      for (let i = 1; i <= changes; i++) {
        const image = `registry.local/bench/app:v${i}`;
        const td = structuredClone(target.taskDefinition) as {
          spec: { containerDefinitions: Array<Record<string, unknown>> };
        };
        td.spec.containerDefinitions[0].image = image;
        const file = join(tmp, `td-${i}.yaml`);
        writeFileSync(file, yaml.dump(td));
        const t0 = now();
        await k.run(['-n', ns, 'apply', '--server-side', '--field-manager=ecs2eks-bench', '-f', file]);
        const t1 = now();
        for (;;) {
          const d = await apps.readNamespacedDeployment({ name: target.name, namespace: ns });
          if (appImage(d) === image) break;
          if (now() - t0 > 120_000)
            throw new Error(`change ${i}: Deployment ${target.name} still on ${appImage(d)} after 120s`);
          await sleep(pollMs);
        }
        const t2 = now();
        fromStart.push(t2 - t0);
        fromDone.push(t2 - t1);
        applyMs.push(t1 - t0);
        // let the rollout finish before the next change, as a user would (one at a time)
        await sleep(envInt('GAP_MS', 1000));
      }
      const after = await op.metrics();
      const stats = (xs: number[]) => ({
        p50: percentile(xs, 50),
        p95: percentile(xs, 95),
        p99: percentile(xs, 99),
        min: Math.min(...xs),
        max: Math.max(...xs),
      });
      result = {
        params: { m, changes, pollMs, target: target.name, nodes: cluster.nodes },
        convergeSeconds: seconds,
        fromApplyStartMs: stats(fromStart),
        fromApplyDoneMs: stats(fromDone),
        kubectlApplyMs: { median: median(applyMs) },
        apiRequestsDuringChanges: diffCounts(requestsByVerb(after), requestsByVerb(before)),
        samplesMs: fromStart,
      };
      const row = (what: string, xs: number[]) => ({
        what,
        n: xs.length,
        'p50 ms': Math.round(percentile(xs, 50)),
        'p95 ms': Math.round(percentile(xs, 95)),
        'p99 ms': Math.round(percentile(xs, 99)),
        'max ms': Math.round(Math.max(...xs)),
      });
      printTable(`latency: M=${m} services converged, ${changes} image changes of ${target.name}, poll ${pollMs} ms`, [
        row('kubectl apply start -> pod template has new image', fromStart),
        row('kubectl apply returned -> pod template has new image', fromDone),
        row('kubectl apply itself (process)', applyMs),
      ]);
    } finally {
      await op.stop();
    }
  } finally {
    await k.deleteNamespace(ns);
    cluster.down();
  }
  writeResult(process.env.RESULT_NAME || 'latency', result);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
