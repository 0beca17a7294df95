/**
 * The operator's HTTP endpoints, as controller-runtime serves them: `/metrics` (Prometheus text
 * from a prom-client registry) on the metrics address, `/healthz` and `/readyz` on the probe
 * address. Readiness waits for the informer caches to sync, so a Service does not route to (and a
 * rollout does not proceed past) an operator that has not seen the cluster yet. Both bind to
 * 127.0.0.1 by default; an address of `null` disables that server; equal addresses share one.
 * Secure metrics (the default in a cluster) are served over HTTPS to callers whose bearer token may
 * `get /metrics`; probes stay plain HTTP for the kubelet, so they need an address of their own.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { silentLogger } from '../base/log.js';
import type { RequestAuthorizer } from './metrics-auth.js';
import type { ServingCertificate } from './selfsigned.js';

/** A `host:port` address to listen on (null where a caller disables a listener). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** A listener that could not start (address in use, not available, or not permitted). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly address: ListenAddress,
    readonly serves: 'metrics' | 'probes' | 'metrics and probes',
    readonly code: string,
  ) {
    const why =
      code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'is not permitted' : `cannot be used (${code})`;
    super(`${address.host}:${address.port} (${serves}) ${why}`);
  }
}

/** A named check: true when healthy, or a string saying what is wrong. */
export interface HealthCheck {
  name: string;
  check(): boolean | string | Promise<boolean | string>;
}

/** Options of {@link HealthServer}. */
export interface HealthServerOptions {
  metricsAddress: ListenAddress | null;
  probeAddress: ListenAddress | null;
  registry: Registry;
  /** Serve metrics over HTTPS with this certificate, to callers `metricsAuthorizer` allows. */
  metricsSecurity?: { tls: ServingCertificate; authorizer: RequestAuthorizer };
  healthz?: HealthCheck[];
  readyz?: HealthCheck[];
  logger?: Logger;
}

/** Where the servers actually listen (ports resolved when 0 was asked). */
export interface HealthServerAddresses {
  metrics?: AddressInfo;
  probes?: AddressInfo;
}

/** The metrics and probe HTTP servers. */
export class HealthServer {
  private readonly healthz: HealthCheck[];
  private readonly readyz: HealthCheck[];
  private readonly servers: http.Server[] = [];
  private readonly log: Logger;

  constructor(private readonly opts: HealthServerOptions) {
    this.healthz = [...(opts.healthz ?? [{ name: 'ping', check: () => true }])];
    this.readyz = [...(opts.readyz ?? [])];
    this.log = (opts.logger ?? silentLogger).child({ component: 'health' });
  }

  /** Adds a readiness check (e.g. "informers synced", "leader election started"). */
  addReadyzCheck(c: HealthCheck): void {
    this.readyz.push(c);
  }

  /** Adds a liveness check. */
  addHealthzCheck(c: HealthCheck): void {
    this.healthz.push(c);
  }

  /** Starts listening; resolves with the bound addresses. */
  async start(): Promise<HealthServerAddresses> {
    const { metricsAddress: m, probeAddress: p } = this.opts;
    const same = m && p && m.port !== 0 && m.host === p.host && m.port === p.port;
    const out: HealthServerAddresses = {};
    if (same && this.opts.metricsSecurity)
      throw new Error('secure metrics and plain-HTTP probes cannot share one address');
    if (same) {
      const addr = await this.listen(m, { metrics: true, probes: true });
      return { metrics: addr, probes: addr };
    }
    if (m) out.metrics = await this.listen(m, { metrics: true, probes: false });
    if (p) out.probes = await this.listen(p, { metrics: false, probes: true });
    return out;
  }

  /** Stops the servers. */
  async close(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  }

  private listen(addr: ListenAddress, serve: { metrics: boolean; probes: boolean }): Promise<AddressInfo> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.handle(req, res, serve).catch((err: unknown) => {
        this.log.error({ err }, 'health endpoint failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('internal error\n');
      });
    };
    const tls = serve.metrics ? this.opts.metricsSecurity?.tls : undefined;
    const server = tls ? https.createServer({ ...tls, minVersion: 'TLSv1.2' }, handler) : http.createServer(handler);
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      const fail = (err: NodeJS.ErrnoException): void => {
        const what = serve.metrics && serve.probes ? 'metrics and probes' : serve.metrics ? 'metrics' : 'probes';
        reject(err.code ? new ListenError(addr, what, err.code) : err);
      };
      server.once('error', fail);
      server.listen(addr.port, addr.host, () => {
        server.off('error', fail);
        const bound = server.address() as AddressInfo;
        this.log.info({ address: `${bound.address}:${bound.port}`, ...serve, tls: tls !== undefined }, 'listening');
        resolve(bound);
      });
    });
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    serve: { metrics: boolean; probes: boolean },
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (serve.metrics && url.pathname === '/metrics') {
      const authorizer = this.opts.metricsSecurity?.authorizer;
      if (authorizer) {
        let decision;
        try {
          decision = await authorizer.authorize(req.headers.authorization, url.pathname);
        } catch (err) {
          this.log.warn({ err }, 'could not review a metrics request with the apiserver');
          res.writeHead(503, { 'Content-Type': 'text/plain' }).end('cannot check authorization now\n');
          return;
        }
        if (decision.status !== 200) {
          const headers = {
            'Content-Type': 'text/plain',
            ...(decision.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
          };
          res.writeHead(decision.status, headers).end(`${decision.message}\n`);
          return;
        }
      }
      const body = await this.opts.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.opts.registry.contentType }).end(body);
      return;
    }
    if (serve.probes && (url.pathname === '/healthz' || url.pathname === '/readyz')) {
      const checks = url.pathname === '/healthz' ? this.healthz : this.readyz;
      const { ok, text } = await runChecks(checks, url.searchParams.has('verbose'));
      res
        .writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
        .end(text);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }
}

/**
 * runChecks evaluates checks like the Kubernetes healthz handler: `ok` when all pass; on failure
 * (or when verbose) one `[+]name ok` / `[-]name failed: reason` line per check.
 */
export async function runChecks(
  checks: readonly HealthCheck[],
  verbose: boolean,
): Promise<{ ok: boolean; text: string }> {
  const lines: string[] = [];
  let ok = true;
  for (const c of checks) {
    let result: boolean | string;
    try {
      result = await c.check();
    } catch (err) {
      result = (err as Error).message ?? String(err);
    }
    if (result === true) {
      lines.push(`[+]${c.name} ok`);
    } else {
      ok = false;
      lines.push(`[-]${c.name} failed: ${result === false ? 'not ready' : result}`);
    }
  }
  if (ok && !verbose) return { ok, text: 'ok\n' };
  lines.push(ok ? 'check passed' : 'check failed');
  return { ok, text: lines.join('\n') + '\n' };
}

/** A readiness check that passes once every informer has synced, naming those that have not. */
export function informersSynced(informers: ReadonlyArray<{ name: string; hasSynced(): boolean }>): HealthCheck {
  return {
    name: 'informers',
    check: () => {
      const waiting = informers.filter((i) => !i.hasSynced()).map((i) => i.name);
      return waiting.length === 0 ? true : `waiting for caches: ${waiting.join(', ')}`;
    },
  };
}
