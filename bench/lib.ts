// Shared pieces of the benchmarks: a local cluster (or an existing one), kubectl, the built
// operator as a child process, /proc readings, the generator of realistic ECS definitions, and
// the table/JSON output. Every benchmark runs the BUILT operator (dist/), never tsx.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, Metrics, parseMetrics, WRITE_VERBS } from '../test/e2e/support/operator.js';

export { Metrics, WRITE_VERBS };
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distMain = join(repoRoot, 'dist/src/cli/main.js');
export const API = 'ecs2eks.dev/v1alpha1';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const now = () => performance.now();

export function envInt(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got ${v}`);
  return n;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

export function machine(): Record<string, unknown> {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: process.platform,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

export function printTable(title: string, rows: Array<Record<string, unknown>>): void {
  console.log(`\n## ${title}`);
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function')
      return String(v);
    return JSON.stringify(v); // an object or null
  };
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  console.log('| ' + cols.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |');
  console.log('| ' + w.map((n) => '-'.repeat(n)).join(' | ') + ' |');
  for (const r of rows) console.log('| ' + cols.map((c, i) => cell(r[c]).padEnd(w[i])).join(' | ') + ' |');
}

export function writeResult(name: string, data: Record<string, unknown>): string {
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ benchmark: name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2) + '\n',
  );
  console.log(`\nwrote ${file}`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Cluster

export interface Cluster {
  kubeconfig: string;
  bin: string;
  workDir?: string;
  nodes: number;
  down(): void;
}

/**
 * The cluster to use: $KUBECONFIG_BENCH or $E2E_KUBECONFIG when set (left running), else a fresh
 * local control plane with `nodes` fake nodes, stopped by down() and on process exit / SIGINT.
 */
export function bringUpCluster(nodes: number): Cluster {
  const bin =
    process.env.ECS2EKS_CLUSTER_BIN_DIR ||
    execFileSync('bash', [join(repoRoot, 'test/cluster/build.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop()!;
  const given = process.env.KUBECONFIG_BENCH || process.env.E2E_KUBECONFIG;
  if (given) {
    console.error(`using the existing cluster of ${given}`);
    return { kubeconfig: given, bin, nodes: -1, down() {} };
  }
  console.error(`starting a local control plane with NODES=${nodes} ...`);
  const out = execFileSync('bash', [join(repoRoot, 'test/cluster/up.sh')], {
    encoding: 'utf8',
    env: { ...process.env, NODES: String(nodes), ECS2EKS_CLUSTER_BIN_DIR: bin },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kubeconfig = out.trim().split('\n').pop()!;
  const workDir = dirname(kubeconfig);
  let stopped = false;
  const down = () => {
    if (stopped) return;
    stopped = true;
    stopAllOperators();
    try {
      execFileSync('bash', [join(repoRoot, 'test/cluster/down.sh'), workDir], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    } catch (e) {
      console.error(`down.sh failed: ${(e as Error).message}`);
    }
  };
  process.on('exit', down);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      down();
      process.exit(130);
    });
  return { kubeconfig, bin, workDir, nodes, down };
}

/** Nodes needed for `pods` pods (110 pods per fake node, kept at ~90 to leave CPU/memory headroom). */
export function nodesFor(pods: number): number {
  return Math.max(6, Math.ceil(pods / 90));
}

export class Kubectl {
  constructor(readonly c: Cluster) {}

  private args(a: string[]): string[] {
    return [`--kubeconfig=${this.c.kubeconfig}`, ...a];
  }

  run(args: string[], input?: string): Promise<string> {
    return new Promise((res, rej) => {
      const child = spawn(join(this.c.bin, 'kubectl'), this.args(args), { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', rej);
      child.on('close', (code) =>
        code === 0
          ? res(out)
          : rej(new Error(`kubectl ${args.slice(0, 4).join(' ')} exited ${code}: ${err.trim().slice(0, 2000)}`)),
      );
      child.stdin.end(input ?? '');
    });
  }

  async json<T>(args: string[]): Promise<T> {
    return JSON.parse(await this.run([...args, '-o', 'json'])) as T;
  }

  /** Applies a List given as an object (server-side, one request per object as kubectl does). */
  async applyList(objects: unknown[], extra: string[] = []): Promise<void> {
    await this.run(
      ['apply', '--server-side', '--force-conflicts', '--field-manager=ecs2eks-bench', ...extra, '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
    );
  }

  async createNamespace(ns: string): Promise<void> {
    await this.run(['create', 'namespace', ns]);
  }

  async deleteNamespace(ns: string): Promise<void> {
    await this.run(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => undefined);
  }

  async ensureCrds(): Promise<void> {
    const dir = join(repoRoot, 'crds');
    await this.run(['apply', '--server-side', '--force-conflicts', '--field-manager=ecs2eks-bench', '-f', dir]);
    for (let i = 0; ; i++) {
      try {
        await this.run([
          'wait',
          '--for=condition=Established',
          '--timeout=30s',
          ...['taskdefinitions', 'services', 'tasks'].map((p) => `crd/${p}.ecs2eks.dev`),
        ]);
        return;
      } catch (e) {
        if (i >= 10) throw e;
        await sleep(500);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Readiness polling (kubectl + jsonpath, so the poller's own cost stays small)

/** Names of ecs2eks Services in `ns` whose Ready condition is True. */
export async function readyServices(k: Kubectl, ns: string): Promise<number> {
  const out = await k.run([
    '-n',
    ns,
    'get',
    'services.ecs2eks.dev',
    '-o',
    `jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}`,
  ]);
  return out.split('\n').filter((l) => l.trim() === 'True').length;
}

/** Deployments in `ns` that are Available with every replica available. */
export async function availableDeployments(k: Kubectl, ns: string): Promise<number> {
  const out = await k.run([
    '-n',
    ns,
    'get',
    'deployments',
    '-o',
    `jsonpath={range .items[*]}{.status.conditions[?(@.type=="Available")].status}{" "}{.spec.replicas}{" "}{.status.availableReplicas}{" "}{.status.updatedReplicas}{"\\n"}{end}`,
  ]);
  return out.split('\n').filter((l) => {
    const [a, r, av, up] = l.trim().split(' ');
    return a === 'True' && r !== undefined && r === av && r === up;
  }).length;
}

/** Polls `count` every `intervalMs` until it reaches `target`; returns the seconds since `t0`. */
export async function waitCount(
  what: string,
  count: () => Promise<number>,
  target: number,
  t0: number,
  timeoutMs: number,
  intervalMs = 500,
): Promise<number> {
  let last = -1;
  let lastLog = now();
  for (;;) {
    try {
      last = await count();
    } catch (e) {
      console.error(`  (poll error: ${(e as Error).message.slice(0, 200)})`);
    }
    if (last >= target) return (now() - t0) / 1000;
    if (now() - t0 > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}: ${last}/${target}`);
    if (now() - lastLog > 10_000) {
      console.error(`  ${what}: ${last}/${target} after ${((now() - t0) / 1000).toFixed(0)}s`);
      lastLog = now();
    }
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The built operator

const liveOperators = new Set<ChildProcess>();
export function stopAllOperators(): void {
  for (const c of liveOperators) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.on('exit', stopAllOperators);

export class BuiltOperator {
  private constructor(
    readonly child: ChildProcess,
    readonly metricsPort: number,
    readonly probePort: number,
    readonly logFile: string,
  ) {}

  static async start(
    c: Cluster,
    namespace: string,
    extraArgs: string[] = [],
    nodeArgs: string[] = [],
  ): Promise<BuiltOperator> {
    if (!existsSync(distMain)) throw new Error(`${distMain} missing: run npm run build (make build)`);
    const metricsPort = await freePort();
    let probePort = await freePort();
    while (probePort === metricsPort) probePort = await freePort();
    const logDir = process.env.BENCH_LOG_DIR || mkdtempSync(join(tmpdir(), 'ecs2eks-bench-logs.'));
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `operator-${namespace}-${Date.now()}.log`);
    const fd = openSync(logFile, 'a');
    // OPERATOR_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the operator
    const envNodeArgs = (process.env.OPERATOR_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const args = [
      ...envNodeArgs,
      ...nodeArgs,
      distMain,
      'operator',
      `--kubeconfig=${c.kubeconfig}`,
      `--namespace=${namespace}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      '--log-level=warn',
      ...extraArgs,
    ];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    liveOperators.add(child);
    child.on('exit', () => liveOperators.delete(child));
    const op = new BuiltOperator(child, metricsPort, probePort, logFile);
    const deadline = now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`operator exited early; log ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      try {
        const r = await fetch(`http://127.0.0.1:${probePort}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return op;
      } catch {
        /* not yet */
      }
      if (now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`operator not ready after 60s; log ${logFile}`);
      }
      await sleep(100);
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  async metrics(): Promise<Metrics> {
    const r = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
    return new Metrics(parseMetrics(await r.text()));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 35_000);
    await exited;
    clearTimeout(t);
  }
}

/** API requests by verb (summed over resources) from a scrape. */
export function requestsByVerb(m: Metrics): Record<string, number> {
  return m.by('ecs2eks_api_requests_total', 'verb');
}

export function diffCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(after), ...Object.keys(before)])) out[k] = (after[k] ?? 0) - (before[k] ?? 0);
  return out;
}

export function writesOf(byVerb: Record<string, number>): number {
  return WRITE_VERBS.reduce((a, v) => a + (byVerb[v] ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// /proc

const CLK_TCK = 100;

/** User+system CPU seconds of a process (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
}

/** VmRSS / VmHWM of a process in MiB (from /proc/<pid>/status). */
export function memoryMiB(pid: number): { rssMiB: number; hwmMiB: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------
// Realistic ECS definitions as ecs2eks CRs (what a user would kubectl apply)

/** A small deterministic PRNG (mulberry32), so every run generates the same definitions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = [
  'nginx:1.27',
  'public.ecr.aws/docker/library/httpd:2.4',
  'ghcr.io/acme/api:3.4.1',
  '111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:2024.11.3',
  'redis:7.2',
  'envoyproxy/envoy:v1.31.2',
  'busybox:1.36',
  'amazon/aws-otel-collector:v0.40.0',
];

export interface Pair {
  name: string;
  taskDefinition: Record<string, unknown>;
  service: Record<string, unknown>;
}

/**
 * One TaskDefinition + Service pair: 1–3 containers (an app with ports, env and a health check,
 * then sidecars), about one in five with dependsOn. Resource requests are small (cpu 8–16 units,
 * 32–64 MiB per container) so that ~90 pods fit on a fake node.
 */
export function generatePair(i: number, opts: { prefix?: string; desiredCount?: number; image?: string } = {}): Pair {
  const r = rng(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const name = `${opts.prefix ?? 'svc'}-${String(i).padStart(4, '0')}`;
  const nContainers = 1 + Math.floor(r() * 3);
  const port = pick([80, 8080, 3000, 9000]);
  const app: Record<string, unknown> = {
    name: 'app',
    image: opts.image ?? pick(IMAGES.slice(0, 4)),
    essential: true,
    cpu: 16,
    memory: pick([48, 64]),
    portMappings: [{ containerPort: port, protocol: 'tcp', name: 'http' }],
    environment: [
      { name: 'SERVICE_NAME', value: name },
      { name: 'LOG_LEVEL', value: pick(['info', 'debug', 'warn']) },
      { name: 'PORT', value: String(port) },
    ],
    healthCheck: {
      command: ['CMD-SHELL', `curl -fs http://localhost:${port}/health || exit 1`],
      interval: 10,
      timeout: 3,
      retries: 3,
      startPeriod: 10,
    },
  };
  const containers: Record<string, unknown>[] = [app];
  const withDeps = nContainers > 1 && r() < 0.4;
  if (nContainers >= 2) {
    containers.push({
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      essential: false,
      cpu: 8,
      memory: 32,
      portMappings: [{ containerPort: 15001, protocol: 'tcp' }],
      healthCheck: {
        command: ['CMD-SHELL', "bash -c 'echo > /dev/tcp/127.0.0.1/15001' || exit 1"],
        interval: 10,
        timeout: 2,
        retries: 3,
        startPeriod: 5,
      },
    });
  }
  if (nContainers >= 3) {
    containers.push({
      name: 'log-router',
      image: 'busybox:1.36',
      essential: false,
      cpu: 8,
      memory: 32,
      entryPoint: ['/bin/sh', '-c'],
      command: ['tail -f /dev/null'],
    });
  }
  if (withDeps) {
    app.dependsOn = [
      { containerName: 'envoy', condition: 'HEALTHY' },
      ...(nContainers >= 3 ? [{ containerName: 'log-router', condition: 'START' }] : []),
    ];
  }
  const taskDefinition = {
    apiVersion: API,
    kind: 'TaskDefinition',
    metadata: { name },
    spec: { family: name, networkMode: 'awsvpc', containerDefinitions: containers },
  };
  const service = {
    apiVersion: API,
    kind: 'Service',
    metadata: { name },
    spec: {
      taskDefinition: name,
      desiredCount: opts.desiredCount ?? 1,
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
    },
  };
  return { name, taskDefinition, service };
}

export function generatePairs(n: number, opts: { prefix?: string; desiredCount?: number } = {}): Pair[] {
  return Array.from({ length: n }, (_, i) => generatePair(i, opts));
}

export function crObjects(pairs: Pair[]): unknown[] {
  return pairs.flatMap((p) => [p.taskDefinition, p.service]);
}
