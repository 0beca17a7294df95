// bench-memory: operator RSS (/proc) and V8 heap with an empty namespace, then after converging N
// services with REPLICAS (3) tasks each; per cached object = (after - empty) / objects of the kinds
// the operator's informers watch (ecs2eks_informer_events_total), counted in the namespace.
// The operator's /metrics has no prom-client default metrics (nodejs_heap_*), so the heap comes
// from `node --trace-gc` in the operator's log: the heap after the most recent full (mark-compact)
// GC V8 did on its own, i.e. close to the live heap at that moment.
//   npx tsx bench/memory.ts     N=1000 REPLICAS=3 (needs ~N*3/90 fake nodes; chosen automatically)
import { readFileSync } from 'node:fs';
import {
  bringUpCluster,
  BuiltOperator,
  envInt,
  Kubectl,
  median,
  memoryMiB,
  nodesFor,
  printTable,
  sleep,
  writeResult,
} from './lib.js';
import { convergeServices, waitQuiet } from './common-converge.js';

const n = envInt('N', 1000);
const replicas = envInt('REPLICAS', 3);
const samples = envInt('SAMPLES', 5);
const timeoutMs = envInt('TIMEOUT_SECONDS', 1200) * 1000;

/** Heap (MB) after the last Mark-Compact in the --trace-gc output, and its committed size. */
function lastFullGc(logFile: string): { heapAfterMB: number; committedMB: number; fullGcs: number } {
  const re = /Mark-Compact[^\d]*\s([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;
  let last: RegExpExecArray | null = null;
  let count = 0;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const m = re.exec(line);
    if (m) {
      last = m;
      count++;
    }
  }
  return { heapAfterMB: last ? Number(last[3]) : NaN, committedMB: last ? Number(last[4]) : NaN, fullGcs: count };
}

async function sample(op: BuiltOperator): Promise<{
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  hwmMiB: number;
  heapAfterLastFullGcMB: number;
  fullGcs: number;
}> {
  const rss: number[] = [];
  const heap: number[] = [];
  const total: number[] = [];
  let hwm = 0;
  for (let i = 0; i < samples; i++) {
    const m = memoryMiB(op.pid);
    rss.push(m.rssMiB);
    hwm = m.hwmMiB;
    const met = await op.metrics();
    heap.push(met.sum('nodejs_heap_size_used_bytes') / 2 ** 20);
    total.push(met.sum('nodejs_heap_size_total_bytes') / 2 ** 20);
    await sleep(2000);
  }
  const gc = lastFullGc(op.logFile);
  return {
    rssMiB: median(rss),
    heapUsedMiB: median(heap),
    heapTotalMiB: median(total),
    hwmMiB: hwm,
    heapAfterLastFullGcMB: gc.heapAfterMB,
    fullGcs: gc.fullGcs,
  };
}

async function countObjects(k: Kubectl, ns: string): Promise<Record<string, number>> {
  const kinds = [
    'taskdefinitions.ecs2eks.dev',
    'services.ecs2eks.dev',
    'tasks.ecs2eks.dev',
    'deployments.apps',
    'controllerrevisions.apps',
    'poddisruptionbudgets.policy',
    'pods',
    'daemonsets.apps',
    'serviceaccounts',
    'services',
    'horizontalpodautoscalers.autoscaling',
    'replicasets.apps',
    'events',
  ];
  const out: Record<string, number> = {};
  for (const kind of kinds) {
    const names = await k.run(['-n', ns, 'get', kind, '-o', 'name', '--ignore-not-found']).catch(() => '');
    out[kind] = names.split('\n').filter((l) => l.trim()).length;
  }
  return out;
}

async function main(): Promise<void> {
  const cluster = bringUpCluster(nodesFor(n * replicas));
  const k = new Kubectl(cluster);
  const ns = `bench-mem-${Date.now().toString(36)}`;
  let result: Record<string, unknown>;
  try {
    await k.ensureCrds();
    await k.createNamespace(ns);
    const op = await BuiltOperator.start(cluster, ns, [], ['--trace-gc']);
    try {
      await sleep(3000);
      const empty = await sample(op);
      const { seconds } = await convergeServices(k, ns, n, replicas, timeoutMs);
      await waitQuiet(op, 10_000, 180_000);
      const full = await sample(op);
      const metrics = await op.metrics();
      const informerEvents = metrics.by('ecs2eks_informer_events_total', 'resource');
      const objects = await countObjects(k, ns);
      // what the operator caches: the kinds its informers received events for
      const cachedKinds = Object.keys(informerEvents).map((r) => r.split('/')[0]);
      // objects of the kinds the informers watch (ReplicaSets and Events are not cached)
      const total = Object.entries(objects)
        .filter(([kind]) => cachedKinds.includes(kind))
        .reduce((a, [, b]) => a + b, 0);
      const perObjKiB = (mib: number) => (mib * 1024) / total;
      result = {
        params: { n, replicas, samples, nodes: cluster.nodes },
        convergeSeconds: seconds,
        empty,
        converged: full,
        objectsInNamespace: objects,
        objectsTotal: total,
        informerEventsByResource: informerEvents,
        cachedKinds,
        perObjectKiB: {
          rss: perObjKiB(full.rssMiB - empty.rssMiB),
          heapAfterFullGc: perObjKiB(full.heapAfterLastFullGcMB - empty.heapAfterLastFullGcMB),
        },
      };
      printTable(
        `memory: N=${n} services x ${replicas} replicas (RSS: median of ${samples} samples, 2 s apart; heap: after the last full GC, --trace-gc)`,
        [
          {
            state: 'empty namespace',
            'RSS MiB': +empty.rssMiB.toFixed(1),
            'heap after full GC MB': empty.heapAfterLastFullGcMB,
          },
          {
            state: `converged (${total} cached objects)`,
            'RSS MiB': +full.rssMiB.toFixed(1),
            'heap after full GC MB': full.heapAfterLastFullGcMB,
            'peak RSS MiB': +full.hwmMiB.toFixed(1),
            'full GCs so far': full.fullGcs,
          },
          {
            state: 'per cached object (delta / objects), KiB',
            'RSS MiB': +perObjKiB(full.rssMiB - empty.rssMiB).toFixed(2),
            'heap after full GC MB': +perObjKiB(full.heapAfterLastFullGcMB - empty.heapAfterLastFullGcMB).toFixed(2),
          },
        ],
      );
      console.log(`objects: ${JSON.stringify(objects)}`);
    } finally {
      await op.stop();
    }
  } finally {
    await k.deleteNamespace(ns);
    cluster.down();
  }
  writeResult(process.env.RESULT_NAME || 'memory', result);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
