// The ecs2eks operator as a child process, as a user runs it: `ecs2eks operator --kubeconfig=...`.
// Its pino JSON log goes to a file (shown in failure messages), its /readyz and /metrics are read
// over 127.0.0.1 on ports chosen free just before the start.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { repoRoot } from './env.js';

export interface OperatorOptions {
  /** Namespace(s) to watch (--namespace). */
  namespace: string;
  /** Name used for the log file and in messages (default "operator"). */
  name?: string;
  /** --leader-elect with the Lease in this namespace under this id. */
  leaderElection?: { namespace: string; id: string };
  /** --resync-period, e.g. "20s". */
  resyncPeriod?: string;
  /** --policy preset, e.g. "strict" (default "local"); null passes no flag, so the operator's own default applies. */
  policy?: string | null;
  /**
   * Serve /metrics as in a cluster: HTTPS, for bearer tokens allowed to get /metrics. Off by default, so
   * that the scenarios can scrape the operator's own counters over plain HTTP on 127.0.0.1.
   */
  metricsSecure?: boolean;
  /** Further flags, passed verbatim. */
  extraArgs?: string[];
}

/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A label filter: exact value, one of several values, or a predicate. */
export type LabelMatch = string | readonly string[] | ((value: string | undefined) => boolean);

/** API verbs that change the cluster, as ecs2eks_api_requests_total labels them (src/kube/api.ts). */
export const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'] as const;

/** Every operator started by this test process; killed when the process exits, whatever happens. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

let logDir: string | undefined;
/**
 * Where operator logs go: $E2E_OPERATOR_LOG_DIR (kept, e.g. for CI artifacts), else a directory in
 * the cluster's work dir (removed with the cluster) or in the temp dir.
 */
function logDirectory(): string {
  const keep = process.env.E2E_OPERATOR_LOG_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    return keep;
  }
  logDir ??= mkdtempSync(join(process.env.ECS2EKS_CLUSTER_DIR ?? tmpdir(), 'e2e-operator-logs.'));
  return logDir;
}

/** A port on 127.0.0.1 that was free a moment ago (bind :0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Parses the Prometheus text exposition format (comments skipped, label values unescaped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    const body = m[3] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    for (let l = re.exec(body); l; l = re.exec(body)) {
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const v = m[4];
    const value = v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
    out.push({ name: m[1], labels, value });
  }
  return out;
}

function matches(sample: Sample, filter: Record<string, LabelMatch>): boolean {
  return Object.entries(filter).every(([k, want]) => {
    const got = sample.labels[k];
    if (typeof want === 'function') return want(got);
    if (typeof want === 'string') return got === want;
    return got !== undefined && want.includes(got);
  });
}

/** A scrape of /metrics with sums by label filters. */
export class Metrics {
  constructor(readonly samples: Sample[]) {}

  /** Sum of the samples of `name` whose labels match `filter` (0 when there are none). */
  sum(name: string, filter: Record<string, LabelMatch> = {}): number {
    return this.samples.filter((s) => s.name === name && matches(s, filter)).reduce((a, s) => a + s.value, 0);
  }

  /** Values of `name` matching `filter` grouped by the given label (summed). */
  by(name: string, label: string, filter: Record<string, LabelMatch> = {}): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.samples) {
      if (s.name !== name || !matches(s, filter)) continue;
      const k = s.labels[label] ?? '';
      out[k] = (out[k] ?? 0) + s.value;
    }
    return out;
  }

  /** Writes the operator made: ecs2eks_api_requests_total over the mutating verbs. */
  writes(filter: Record<string, LabelMatch> = {}): number {
    return this.sum('ecs2eks_api_requests_total', { verb: WRITE_VERBS, ...filter });
  }

  /** Writes by `verb resource`, for messages. */
  writesByResource(filter: Record<string, LabelMatch> = {}): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.samples) {
      if (s.name !== 'ecs2eks_api_requests_total' || !matches(s, { verb: WRITE_VERBS, ...filter })) continue;
      out[`${s.labels.verb} ${s.labels.resource}`] = s.value;
    }
    return out;
  }

  /** All reconciles (every controller and result). */
  reconciles(filter: Record<string, LabelMatch> = {}): number {
    return this.sum('controller_runtime_reconcile_total', filter);
  }

  /** leader_election_master_status summed over lease names (1 when leading). */
  leaderStatus(): number {
    return this.sum('leader_election_master_status');
  }
}

/** A field of a log line as text: strings as they are, nothing for null or undefined, anything else as JSON. */
function logText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** One line of the operator's log, compacted for a failure message. */
function compactLogLine(line: string): string {
  try {
    const j = JSON.parse(line) as Record<string, unknown>;
    const { time, level, msg, pid: _pid, hostname: _h, ...rest } = j;
    const t = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : logText(time);
    const lvl =
      typeof level === 'number'
        ? (({ 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' } as Record<number, string>)[
            level
          ] ?? level)
        : level;
    const extra = JSON.stringify(rest);
    return `${t} ${String(lvl)} ${logText(msg)} ${extra === '{}' ? '' : extra.length > 600 ? extra.slice(0, 600) + '…' : extra}`;
  } catch {
    return line;
  }
}

/** A running `ecs2eks operator` process. */
export class OperatorProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly startedAt = Date.now();

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
    readonly metricsPort: number,
    readonly probePort: number,
    readonly args: readonly string[],
    readonly metricsSecure = false,
  ) {
    live.add(child);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      });
    });
  }

  /** Spawns the operator (not waiting for readiness; see {@link startOperator}). */
  static async spawn(opts: OperatorOptions): Promise<OperatorProcess> {
    const kubeconfig = process.env.KUBECONFIG;
    if (!kubeconfig) throw new Error('KUBECONFIG is not set: run through test/cluster/with-cluster.sh');
    const name = opts.name ?? 'operator';
    const metricsPort = await freePort();
    let probePort = await freePort();
    while (probePort === metricsPort) probePort = await freePort();
    const args = [
      '--import',
      'tsx',
      join(repoRoot, 'src/cli/main.ts'),
      'operator',
      `--kubeconfig=${kubeconfig}`,
      `--namespace=${opts.namespace}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--metrics-secure=${opts.metricsSecure === true}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      ...(opts.leaderElection
        ? [
            '--leader-elect',
            `--leader-election-namespace=${opts.leaderElection.namespace}`,
            `--leader-election-id=${opts.leaderElection.id}`,
          ]
        : []),
      ...(opts.resyncPeriod ? [`--resync-period=${opts.resyncPeriod}`] : []),
      // The scenarios run on the test's own cluster, as `make run` does on the one it starts: local unless a
      // test names a policy.
      ...(opts.policy === null ? [] : [`--policy=${opts.policy ?? 'local'}`]),
      ...(opts.extraArgs ?? []),
    ];
    const logFile = join(logDirectory(), `${opts.namespace}-${name}-${Date.now()}.log`);
    const fd = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, args, { cwd: repoRoot, env: process.env, stdio: ['ignore', fd, fd] });
      return new OperatorProcess(name, child, logFile, metricsPort, probePort, args, opts.metricsSecure === true);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  isAlive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** GET http://127.0.0.1:<port><path>; undefined when nothing answers. */
  private async get(port: number, path: string): Promise<{ status: number; body: string } | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: await res.text() };
    } catch {
      return undefined;
    }
  }

  /** Whether GET /readyz answers 200. */
  async ready(): Promise<boolean> {
    return (await this.get(this.probePort, '/readyz'))?.status === 200;
  }

  /** Waits for /readyz = 200; fails at once (with the log) if the process exits first. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.isAlive()) {
        throw new Error(
          `${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before /readyz answered 200\n${this.logSection()}`,
        );
      }
      if (await this.ready()) return;
      if (Date.now() >= deadline) {
        const last = await this.get(this.probePort, '/readyz');
        throw new Error(
          `${this.name}: /readyz on 127.0.0.1:${this.probePort} not 200 after ${timeoutMs}ms (last: ${last ? `${last.status} ${last.body.slice(0, 500)}` : 'no answer'})\n${this.logSection()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /**
   * GET /metrics over HTTPS with an optional bearer token. The operator's certificate is self-signed:
   * it is returned for the caller to check, not verified here.
   */
  scrapeSecure(token?: string): Promise<{ status: number; body: string; cert: PeerCertificate }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: this.metricsPort,
          path: '/metrics',
          rejectUnauthorized: false,
          headers: token ? { Authorization: `Bearer ${token}` } : {},
          timeout: 10_000,
        },
        (res) => {
          const cert = (res.socket as TLSSocket).getPeerCertificate();
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  /** Scrapes /metrics (plain HTTP: the operator runs with --metrics-secure=false unless asked). */
  async metrics(): Promise<Metrics> {
    if (this.metricsSecure) throw new Error(`${this.name}: metrics are secure; use scrapeSecure(token)`);
    const res = await this.get(this.metricsPort, '/metrics');
    if (!res || res.status !== 200)
      throw new Error(
        `${this.name}: GET /metrics on 127.0.0.1:${this.metricsPort} failed (${res?.status ?? 'no answer'})`,
      );
    return new Metrics(parseMetrics(res.body));
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 30_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.isAlive()) this.child.kill(signal);
    const timer = setTimeout(() => this.isAlive() && this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** kill -9, waiting until the process is gone. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.stop('SIGKILL');
  }

  /** The last `n` log lines, compacted. */
  logTail(n = 40): string {
    if (!existsSync(this.logFile)) return '(no log)';
    const lines = readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return lines.slice(-n).map(compactLogLine).join('\n');
  }

  /** Log lines (parsed JSON) matching a predicate; non-JSON lines are skipped. */
  logEntries(pred: (e: Record<string, unknown>) => boolean = () => true): Record<string, unknown>[] {
    if (!existsSync(this.logFile)) return [];
    const out: Record<string, unknown>[] = [];
    for (const l of readFileSync(this.logFile, 'utf8').split('\n')) {
      if (!l.trim()) continue;
      try {
        const e = JSON.parse(l) as Record<string, unknown>;
        if (pred(e)) out.push(e);
      } catch {
        /* a non-JSON line (e.g. a crash trace) */
      }
    }
    return out;
  }

  /** "--- <name> (pid, state) log tail ---" block for failure messages. */
  logSection(n = 40): string {
    const state = this.isAlive() ? 'running' : `exited ${this.child.exitCode ?? this.child.signalCode}`;
    return `--- ${this.name} (pid ${this.pid}, ${state}; full log ${this.logFile}) last ${n} log lines ---\n${this.logTail(n)}`;
  }
}

/**
 * Starts an operator and waits until /readyz answers 200. A start that loses its chosen ports to
 * another process (the ports are picked free, then bound by the child) is retried with new ones.
 */
export async function startOperator(opts: OperatorOptions, readyTimeoutMs = 60_000): Promise<OperatorProcess> {
  for (let attempt = 1; ; attempt++) {
    const op = await OperatorProcess.spawn(opts);
    try {
      await op.waitReady(readyTimeoutMs);
      return op;
    } catch (err) {
      await op.kill();
      const portLost = /EADDRINUSE/.test(op.logTail(200));
      if (!portLost || attempt >= 3) throw err;
    }
  }
}
