// bench-idle: with N services converged, a fresh operator (--resync-period=RESYNC, default 60s)
// is started on the converged namespace (its initial list + reconcile of everything is a full
// resync), then left idle for IDLE_SECONDS (default 300, at least one resync period + 15 s).
// Counts API writes (should be 0) and reads in both phases and the operator's CPU time.
//   npx tsx bench/idle.ts      N=500 IDLE_SECONDS=300 RESYNC=60
import {
  bringUpCluster,
  BuiltOperator,
  cpuSeconds,
  diffCounts,
  envInt,
  Kubectl,
  nodesFor,
  now,
  printTable,
  requestsByVerb,
  sleep,
  writeResult,
  writesOf,
  WRITE_VERBS,
} from './lib.js';
import { convergeServices, waitQuiet } from './common-converge.js';

const n = envInt('N', 500);
const resync = envInt('RESYNC', 60);
const idleSeconds = Math.max(envInt('IDLE_SECONDS', 300), resync + 15);
const timeoutMs = envInt('TIMEOUT_SECONDS', 900) * 1000;
const convergeArgs = (process.env.CONVERGE_ARGS ?? '--kube-api-qps=100 --kube-api-burst=200')
  .split(/\s+/)
  .filter(Boolean);

function writesByResource(m: Awaited<ReturnType<BuiltOperator['metrics']>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of m.samples)
    if (s.name === 'ecs2eks_api_requests_total') out[`${s.labels.verb} ${s.labels.resource}`] = s.value;
  return out;
}

async function main(): Promise<void> {
  const cluster = bringUpCluster(nodesFor(n));
  const k = new Kubectl(cluster);
  const ns = `bench-idle-${Date.now().toString(36)}`;
  let result: Record<string, unknown>;
  try {
    await k.ensureCrds();
    await k.createNamespace(ns);
    // 1. converge with a first operator, let it settle, stop it
    // (the converging operator is not the one measured: CONVERGE_ARGS lets it go faster)
    const first = await BuiltOperator.start(cluster, ns, convergeArgs);
    let convergeSeconds: number;
    try {
      convergeSeconds = (await convergeServices(k, ns, n, 1, timeoutMs)).seconds;
      await waitQuiet(first, 10_000, 120_000);
    } finally {
      await first.stop();
    }
    console.error(`converged ${n} services in ${convergeSeconds.toFixed(1)}s; starting the idle operator`);

    // 2. a fresh operator on the converged namespace: its start is a full resync of every object
    const tStart = now();
    const op = await BuiltOperator.start(cluster, ns, [`--resync-period=${resync}s`]);
    try {
      const readySeconds = (now() - tStart) / 1000;
      const settle = await waitQuiet(op, 10_000, 120_000);
      const startMetrics = await op.metrics();
      const startCpu = cpuSeconds(op.pid);
      const startByVerb = requestsByVerb(startMetrics);
      const startReconciles = startMetrics.reconciles();

      // 3. idle window containing at least one periodic resync
      console.error(`idle window of ${idleSeconds}s (resync every ${resync}s) ...`);
      const t0 = now();
      await sleep(idleSeconds * 1000);
      const wall = (now() - t0) / 1000;
      const endMetrics = await op.metrics();
      const endCpu = cpuSeconds(op.pid);
      const idleByVerb = diffCounts(requestsByVerb(endMetrics), startByVerb);
      const idleWritesByResource = Object.fromEntries(
        Object.entries(diffCounts(writesByResource(endMetrics), writesByResource(startMetrics))).filter(
          ([k2, v]) => v > 0 && (WRITE_VERBS as readonly string[]).includes(k2.split(' ')[0]),
        ),
      );
      const startWritesByResource = Object.fromEntries(
        Object.entries(writesByResource(startMetrics)).filter(
          ([k2, v]) => v > 0 && (WRITE_VERBS as readonly string[]).includes(k2.split(' ')[0]),
        ),
      );
      const idleReconciles = endMetrics.reconciles() - startReconciles;
      const cpu = endCpu - startCpu;
      result = {
        params: { n, resyncSeconds: resync, idleSeconds, nodes: cluster.nodes, convergeOperatorArgs: convergeArgs },
        convergeSeconds,
        restart: {
          readySeconds,
          settleSeconds: settle,
          requestsByVerb: startByVerb,
          writes: writesOf(startByVerb),
          writesByResource: startWritesByResource,
          reconciles: startReconciles,
          reconcilesByController: startMetrics.by('controller_runtime_reconcile_total', 'controller'),
          cpuSecondsSinceProcessStart: startCpu,
        },
        idle: {
          wallSeconds: wall,
          requestsByVerb: idleByVerb,
          writes: writesOf(idleByVerb),
          writesByResource: idleWritesByResource,
          reads: (idleByVerb.get ?? 0) + (idleByVerb.list ?? 0) + (idleByVerb.watch ?? 0),
          reconciles: idleReconciles,
          reconcilesByController: diffCounts(
            endMetrics.by('controller_runtime_reconcile_total', 'controller'),
            startMetrics.by('controller_runtime_reconcile_total', 'controller'),
          ),
          cpuSeconds: cpu,
          cpuPercentOfOneCore: (100 * cpu) / wall,
        },
      };
      printTable(`idle: N=${n} converged, fresh operator with --resync-period=${resync}s`, [
        {
          phase: 'restart (initial list = full resync) until quiet',
          seconds: +(readySeconds + settle).toFixed(1),
          writes: writesOf(startByVerb),
          'requests by verb': startByVerb,
          reconciles: startReconciles,
          'CPU s': +startCpu.toFixed(2),
        },
        {
          phase: `idle window (${Math.floor(wall / resync)} resync(s))`,
          seconds: +wall.toFixed(1),
          writes: writesOf(idleByVerb),
          'requests by verb': idleByVerb,
          reconciles: idleReconciles,
          'CPU s': +cpu.toFixed(2),
          'CPU % of a core': +((100 * cpu) / wall).toFixed(2),
        },
      ]);
    } finally {
      await op.stop();
    }
  } finally {
    await k.deleteNamespace(ns);
    cluster.down();
  }
  writeResult(process.env.RESULT_NAME || 'idle', result);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
