// bench-converge: N TaskDefinition+Service pairs applied in one `kubectl apply --server-side`,
// timed until every Service is Ready=True (operator), against the baseline in the same run on a
// fresh namespace: `ecs2eks convert` (built CLI) of the same definitions, `kubectl apply` of its
// output, timed until every Deployment is Available.
//   npx tsx bench/converge.ts            N=500 RUNS=3 (SIZES=100,500 runs several sizes; RUNS_500=1 overrides one size)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import yaml from 'js-yaml';
import { join } from 'node:path';
import {
  availableDeployments,
  bringUpCluster,
  BuiltOperator,
  crObjects,
  diffCounts,
  distMain,
  envInt,
  generatePairs,
  Kubectl,
  median,
  nodesFor,
  now,
  printTable,
  readyServices,
  requestsByVerb,
  sleep,
  waitCount,
  writeResult,
} from './lib.js';

const sizes = (process.env.SIZES || process.env.N || '500').split(',').map((s) => Number(s.trim()));
const runs = envInt('RUNS', 3);
const desired = envInt('DESIRED', 1);
const timeoutMs = envInt('TIMEOUT_SECONDS', 900) * 1000;
const workers = process.env.WORKERS; // optional --workers for the operator
const operatorArgs = (process.env.OPERATOR_ARGS ?? '').split(/\s+/).filter(Boolean); // e.g. "--kube-api-qps=100 --kube-api-burst=200"

async function waitGone(k: Kubectl, ns: string, ms = 180_000): Promise<void> {
  const t0 = now();
  while (now() - t0 < ms) {
    const out = await k.run(['get', 'namespace', ns, '--ignore-not-found', '-o', 'name']).catch(() => 'x');
    if (out.trim() === '') return;
    await sleep(1000);
  }
  console.error(`  namespace ${ns} still terminating after ${ms / 1000}s; continuing`);
}

async function main(): Promise<void> {
  const maxN = Math.max(...sizes);
  const cluster = bringUpCluster(nodesFor(maxN * desired));
  const k = new Kubectl(cluster);
  const rows: Array<Record<string, unknown>> = [];
  const results: Array<Record<string, unknown>> = [];
  try {
    await k.ensureCrds();
    const tmp = mkdtempSync(join(tmpdir(), 'ecs2eks-bench-converge.'));
    for (const n of sizes) {
      const pairs = generatePairs(n, { desiredCount: desired });
      // multi-document YAML: what both kubectl apply and ecs2eks convert read
      const crFile = join(tmp, `crs-${n}.yaml`);
      writeFileSync(
        crFile,
        crObjects(pairs)
          .map((o) => `---\n${yaml.dump(o, { noRefs: true })}`)
          .join(''),
      );
      const perRun: Array<Record<string, unknown>> = [];
      const runsN = envInt(`RUNS_${n}`, runs);
      for (let run = 1; run <= runsN; run++) {
        const tag = `${n}-${run}-${Date.now().toString(36)}`;
        const nsOp = `bench-conv-op-${tag}`;
        const nsBase = `bench-conv-base-${tag}`;
        await k.createNamespace(nsOp);
        await k.createNamespace(nsBase);

        // --- operator
        const op = await BuiltOperator.start(cluster, nsOp, [
          ...(workers ? [`--workers=${workers}`] : []),
          ...operatorArgs,
        ]);
        let opSeconds: number;
        let applyOpSeconds: number;
        let byVerb: Record<string, number>;
        let reconciles: number;
        let rateLimiterWaitSeconds: number;
        try {
          const before = await op.metrics();
          const t0 = now();
          await k.run(['-n', nsOp, 'apply', '--server-side', '--field-manager=ecs2eks-bench', '-f', crFile]);
          applyOpSeconds = (now() - t0) / 1000;
          opSeconds = await waitCount(
            `[N=${n} run ${run}] operator Services Ready`,
            () => readyServices(k, nsOp),
            n,
            t0,
            timeoutMs,
          );
          const after = await op.metrics();
          byVerb = diffCounts(requestsByVerb(after), requestsByVerb(before));
          reconciles = after.reconciles() - before.reconciles();
          rateLimiterWaitSeconds =
            after.sum('ecs2eks_api_rate_limiter_wait_seconds_sum') -
            before.sum('ecs2eks_api_rate_limiter_wait_seconds_sum');
        } finally {
          await op.stop();
        }

        // --- baseline: convert (built CLI, whole process) + kubectl apply of the output
        const tc = now();
        const converted = execFileSync(
          process.execPath,
          [distMain, 'convert', '-q', '-o', 'json', '-n', nsBase, crFile],
          { encoding: 'utf8', maxBuffer: 1 << 30 },
        );
        const convertSeconds = (now() - tc) / 1000;
        const baseFile = join(tmp, `base-${tag}.json`);
        writeFileSync(baseFile, converted);
        const objects = (JSON.parse(converted) as { items: Array<{ kind: string }> }).items;
        const t1 = now();
        await k.run(['-n', nsBase, 'apply', '--server-side', '--field-manager=ecs2eks-bench', '-f', baseFile]);
        const applyBaseSeconds = (now() - t1) / 1000;
        const baseSeconds = await waitCount(
          `[N=${n} run ${run}] baseline Deployments Available`,
          () => availableDeployments(k, nsBase),
          n,
          t1,
          timeoutMs,
        );

        const perService = Object.fromEntries(
          Object.entries(byVerb)
            .filter(([, v]) => v > 0)
            .map(([verb, v]) => [verb, +(v / n).toFixed(2)]),
        );
        const r = {
          n,
          run,
          operatorSeconds: +opSeconds.toFixed(2),
          baselineSeconds: +baseSeconds.toFixed(2),
          ratio: +(opSeconds / baseSeconds).toFixed(2),
          operatorApplySeconds: +applyOpSeconds.toFixed(2),
          baselineApplySeconds: +applyBaseSeconds.toFixed(2),
          convertSeconds: +convertSeconds.toFixed(2),
          baselineObjects: objects.length,
          apiRequests: byVerb,
          apiRequestsPerService: perService,
          reconciles,
          rateLimiterWaitSeconds: +rateLimiterWaitSeconds.toFixed(1),
        };
        console.error(`  ${JSON.stringify(r)}`);
        perRun.push(r);

        // clean up before the next run (pods of both namespaces go away)
        await k.deleteNamespace(nsOp);
        await k.deleteNamespace(nsBase);
        await waitGone(k, nsOp);
        await waitGone(k, nsBase);
      }
      const med = (key: string) => median(perRun.map((r) => r[key] as number));
      const verbs = [...new Set(perRun.flatMap((r) => Object.keys(r.apiRequests as object)))];
      const perServiceMedian = Object.fromEntries(
        verbs
          .map((v): [string, number] => [
            v,
            +median(perRun.map((r) => ((r.apiRequests as Record<string, number>)[v] ?? 0) / n)).toFixed(2),
          ])
          .filter(([, x]) => x > 0),
      );
      const summary = {
        n,
        runs: perRun.length,
        operatorSecondsMedian: med('operatorSeconds'),
        baselineSecondsMedian: med('baselineSeconds'),
        ratioMedian: med('ratio'),
        convertSecondsMedian: med('convertSeconds'),
        rateLimiterWaitSecondsMedian: med('rateLimiterWaitSeconds'),
        apiRequestsPerServiceMedian: perServiceMedian,
      };
      results.push({ ...summary, perRun });
      rows.push({
        N: n,
        runs: perRun.length,
        'operator s (median)': summary.operatorSecondsMedian,
        'baseline s (median)': summary.baselineSecondsMedian,
        'operator/baseline (median of ratios)': summary.ratioMedian,
        'convert s': summary.convertSecondsMedian,
        'rate-limiter wait s (sum)': summary.rateLimiterWaitSecondsMedian,
        'API req/service by verb': perServiceMedian,
      });
    }
  } finally {
    cluster.down();
  }
  printTable(
    `converge (desiredCount ${desired}, operator --workers=${workers ?? 'default'} ${operatorArgs.join(' ')}, polls every 500 ms)`,
    rows,
  );
  writeResult(process.env.RESULT_NAME || 'converge', {
    params: { sizes, runs, desiredCount: desired, workers: workers ?? 'default', operatorArgs, nodes: cluster.nodes },
    results,
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
