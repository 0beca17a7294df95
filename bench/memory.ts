// bench-memory: operator RSS (/proc) and V8 heap (prom-client's nodejs_heap_size_used_bytes) with
// an empty namespace, then after converging N services with REPLICAS (3) tasks each; per cached
// object = (after - empty) / objects of the watched kinds in the namespace.
//   npx tsx bench/memory.ts     N=1000 REPLICAS=3 (needs ~N*3/90 fake nodes; chosen automatically)
import { bringUpCluster, BuiltOperator, envInt, Kubectl, median, memoryMiB, nodesFor, printTable, sleep, writeResult } from "./lib.js";
import { convergeServices, waitQuiet } from "./common-converge.js";

const n = envInt("N", 1000);
const replicas = envInt("REPLICAS", 3);
const samples = envInt("SAMPLES", 5);
const timeoutMs = envInt("TIMEOUT_SECONDS", 1200) * 1000;

async function sample(op: BuiltOperator): Promise<{ rssMiB: number; heapUsedMiB: number; heapTotalMiB: number; hwmMiB: number }> {
  const rss: number[] = [];
  const heap: number[] = [];
  const total: number[] = [];
  let hwm = 0;
  for (let i = 0; i < samples; i++) {
    const m = memoryMiB(op.pid);
    rss.push(m.rssMiB);
    hwm = m.hwmMiB;
    const met = await op.metrics();
    heap.push(met.sum("nodejs_heap_size_used_bytes") / 2 ** 20);
    total.push(met.sum("nodejs_heap_size_total_bytes") / 2 ** 20);
    await sleep(2000);
  }
  return { rssMiB: median(rss), heapUsedMiB: median(heap), heapTotalMiB: median(total), hwmMiB: hwm };
}

async function countObjects(k: Kubectl, ns: string): Promise<Record<string, number>> {
  const kinds = ["taskdefinitions.ecs2eks.dev", "services.ecs2eks.dev", "tasks.ecs2eks.dev", "deployments.apps", "replicasets.apps", "pods", "controllerrevisions.apps", "services", "events"];
  const out: Record<string, number> = {};
  for (const kind of kinds) {
    const names = await k.run(["-n", ns, "get", kind, "-o", "name", "--ignore-not-found"]).catch(() => "");
    out[kind] = names.split("\n").filter((l) => l.trim()).length;
  }
  return out;
}

async function main(): Promise<void> {
  const cluster = bringUpCluster(nodesFor(n * replicas));
  const k = new Kubectl(cluster);
  const ns = `bench-mem-${Date.now().toString(36)}`;
  let result: Record<string, unknown> = {};
  try {
    await k.ensureCrds();
    await k.createNamespace(ns);
    const op = await BuiltOperator.start(cluster, ns);
    try {
      await sleep(3000);
      const empty = await sample(op);
      const { seconds } = await convergeServices(k, ns, n, replicas, timeoutMs);
      await waitQuiet(op, 10_000, 180_000);
      const full = await sample(op);
      const metrics = await op.metrics();
      const informerEvents = metrics.by("ecs2eks_informer_events_total", "resource");
      const objects = await countObjects(k, ns);
      // what the operator caches: the kinds its informers received events for
      const cachedKinds = Object.keys(informerEvents);
      const total = Object.values(objects).reduce((a, b) => a + b, 0);
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
        perObjectKiB: { rss: perObjKiB(full.rssMiB - empty.rssMiB), heapUsed: perObjKiB(full.heapUsedMiB - empty.heapUsedMiB) },
      };
      printTable(`memory: N=${n} services x ${replicas} replicas (medians of ${samples} samples, 2 s apart)`, [
        { state: "empty namespace", "RSS MiB": +empty.rssMiB.toFixed(1), "heap used MiB": +empty.heapUsedMiB.toFixed(1), "heap total MiB": +empty.heapTotalMiB.toFixed(1) },
        { state: `converged (${total} objects)`, "RSS MiB": +full.rssMiB.toFixed(1), "heap used MiB": +full.heapUsedMiB.toFixed(1), "heap total MiB": +full.heapTotalMiB.toFixed(1), "peak RSS MiB": +full.hwmMiB.toFixed(1) },
        { state: "per object (delta / objects), KiB", "RSS MiB": +perObjKiB(full.rssMiB - empty.rssMiB).toFixed(2), "heap used MiB": +perObjKiB(full.heapUsedMiB - empty.heapUsedMiB).toFixed(2) },
      ]);
      console.log(`objects: ${JSON.stringify(objects)}`);
    } finally {
      await op.stop();
    }
  } finally {
    await k.deleteNamespace(ns);
    cluster.down();
  }
  writeResult(process.env.RESULT_NAME || "memory", result);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
