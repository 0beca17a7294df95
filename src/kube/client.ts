/**
 * The operator's Kubernetes API client. Every request the operator makes goes through
 * {@link HttpTransport}, which is why rate limiting and request counting live here:
 *
 * - kubeconfig loading (file, default chain, in-cluster) uses client-node's `KubeConfig`, which also
 *   supplies credentials per request (token refresh, exec plugins);
 * - requests are sent with `node:http(s)` through ONE keep-alive agent per client. client-node 1.4
 *   builds a new agent per request, which leaks sockets on watch reconnects (#2893), and its typed
 *   clients drop unknown fields from bodies; we send generated objects verbatim (JSON, which is also
 *   valid `application/apply-patch+yaml`);
 * - a client-side token bucket (qps/burst) throttles requests, as client-go does;
 * - `ecs2eks_api_requests_total{verb,resource}` counts every request;
 * - non-2xx responses throw client-node's `ApiException` (`.code`, `.body` = the `Status`), which
 *   `classifyError` maps.
 */
import http from 'node:http';
import https from 'node:https';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { sleep, systemClock, type Clock } from '../base/clock.js';
import type { OperatorMetrics } from '../base/metrics.js';
import { TokenBucket } from '../base/ratelimit.js';

/** How to find credentials: an explicit file, the default chain, or the in-cluster service account. */
export interface KubeConfigSource {
  /** Path of a kubeconfig file; wins over everything else. */
  kubeconfig?: string;
  /** Use the pod's service account even if a kubeconfig exists. */
  inCluster?: boolean;
  /** Context to use instead of the file's current-context. */
  context?: string;
}

/**
 * loadKubeConfig loads credentials: `kubeconfig` file if given, else in-cluster if asked, else the
 * default chain ($KUBECONFIG, ~/.kube/config, in-cluster service account).
 */
export function loadKubeConfig(src: KubeConfigSource = {}): KubeConfig {
  const kc = new KubeConfig();
  if (src.kubeconfig) kc.loadFromFile(src.kubeconfig);
  else if (src.inCluster) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (src.context) kc.setCurrentContext(src.context);
  if (!kc.getCurrentCluster()) throw new Error('kubeconfig has no current cluster');
  return kc;
}

/** Query parameter values; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One API request. `verb` and `resource` only label metrics and logs. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Kubernetes verb: get, list, watch, create, update, patch, apply, delete, ... */
  verb: string;
  /** Resource label, e.g. `deployments.apps` (see `resourceLabel`). */
  resource: string;
  path: string;
  query?: Query;
  body?: unknown;
  /** Content-Type of the body (default `application/json`). */
  contentType?: string;
  /** Socket idle timeout; default 60 s for requests, required for watches. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** One line of a watch stream. */
export interface WatchEvent<T = unknown> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A running watch: `done` resolves when the server closes it (or it is aborted), rejects on error. */
export interface WatchStream {
  done: Promise<void>;
  abort(): void;
}

/** The port every kube/ module uses; {@link HttpTransport} is the real one. */
export interface Transport {
  request<T = unknown>(req: KubeRequest): Promise<T>;
  watch<T = unknown>(req: KubeRequest, onEvent: (e: WatchEvent<T>) => void): WatchStream;
}

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  qps?: number;
  burst?: number;
  clock?: Clock;
  metrics?: OperatorMetrics;
  /** User-Agent header (default `ecs2eks`). */
  userAgent?: string;
  /**
   * Act as this user (and groups) through Kubernetes impersonation (`Impersonate-User`): the ECS API
   * server maps a verified access key to the identity RBAC judges. Needs the `impersonate` right.
   */
  impersonate?: { user: string; groups?: string[] };
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Sends requests to the apiserver of a `KubeConfig`, throttled and counted. */
export class HttpTransport implements Transport {
  private readonly bucket: TokenBucket;
  private readonly clock: Clock;
  private readonly metrics: OperatorMetrics | undefined;
  private readonly userAgent: string;
  private readonly impersonate: HttpTransportOptions['impersonate'];
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly kc: KubeConfig,
    opts: HttpTransportOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.bucket = new TokenBucket(opts.qps ?? 20, opts.burst ?? 30, this.clock);
    this.metrics = opts.metrics;
    this.userAgent = opts.userAgent ?? 'ecs2eks';
    this.impersonate = opts.impersonate;
  }

  /** The apiserver URL of the current cluster. */
  server(): string {
    return this.kc.getCurrentCluster()!.server;
  }

  async request<T = unknown>(req: KubeRequest): Promise<T> {
    const res = await this.send(req);
    const text = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw toApiException(status, text, res.headers);
    if (text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  watch<T = unknown>(req: KubeRequest, onEvent: (e: WatchEvent<T>) => void): WatchStream {
    const ac = new AbortController();
    if (req.signal) req.signal.addEventListener('abort', () => ac.abort(), { once: true });
    const done = (async () => {
      let res: http.IncomingMessage;
      try {
        res = await this.send({ ...req, query: { ...req.query, watch: true }, signal: ac.signal });
      } catch (err) {
        if (ac.signal.aborted) return;
        throw err;
      }
      const status = res.statusCode ?? 0;
      if (status !== 200) throw toApiException(status, await readBody(res), res.headers);
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            let ev: WatchEvent<T>;
            try {
              ev = JSON.parse(line) as WatchEvent<T>;
            } catch {
              res.destroy(new Error(`watch: undecodable line: ${line.slice(0, 200)}`));
              return;
            }
            onEvent(ev);
          }
        });
        res.on('end', resolve);
        res.on('close', () =>
          ac.signal.aborted
            ? resolve()
            : res.complete
              ? resolve()
              : reject(new Error('watch: connection closed mid-stream')),
        );
        res.on('error', (err) => (ac.signal.aborted ? resolve() : reject(err)));
      });
    })();
    return { done, abort: () => ac.abort() };
  }

  /** Throttles, counts, and sends; resolves with the response head (body unread). */
  private async send(req: KubeRequest): Promise<http.IncomingMessage> {
    const wait = this.bucket.reserve();
    this.metrics?.apiRateLimiterWait.observe({ verb: req.verb }, wait / 1000);
    if (wait > 0) await sleep(this.clock, wait, req.signal);
    if (req.signal?.aborted) throw abortError();
    this.metrics?.apiRequests.inc({ verb: req.verb, resource: req.resource });

    const url = new URL(this.server().replace(/\/+$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const isHttps = url.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      Accept: 'application/json',
      'User-Agent': this.userAgent,
    };
    if (this.impersonate) {
      headers['Impersonate-User'] = this.impersonate.user;
      if (this.impersonate.groups?.length) headers['Impersonate-Group'] = this.impersonate.groups;
    }
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const options: https.RequestOptions = {
      ...opts,
      // One pooled agent instead of the per-request agent applyToHTTPSOptions creates; TLS options
      // (ca, cert, key, rejectUnauthorized, servername) stay per request and key the socket pool.
      agent: isHttps ? this.httpsAgent : this.httpAgent,
      method: req.method,
      headers,
      signal: req.signal,
    };
    const mod = isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const r = mod.request(url, options, resolve);
      r.setTimeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, () =>
        r.destroy(Object.assign(new Error(`${req.method} ${req.path}: timed out`), { code: 'ETIMEDOUT' })),
      );
      r.on('error', (err) => {
        // An abort we asked for (stopping a watch) is not a failed request.
        if (!req.signal?.aborted)
          this.metrics?.apiRequestErrors.inc({ verb: req.verb, resource: req.resource, code: '0' });
        reject(err);
      });
      if (payload !== undefined) r.write(payload);
      r.end();
    }).then((res) => {
      const code = (res as http.IncomingMessage).statusCode ?? 0;
      if (code >= 400)
        this.metrics?.apiRequestErrors.inc({ verb: req.verb, resource: req.resource, code: String(code) });
      return res as http.IncomingMessage;
    });
  }

  /** Closes pooled sockets (on shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function abortError(): Error {
  return Object.assign(new Error('request aborted'), { name: 'AbortError' });
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function toApiException(status: number, text: string, headers: http.IncomingHttpHeaders): ApiException<unknown> {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const flatHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) flatHeaders[k] = Array.isArray(v) ? v.join(', ') : String(v);
  const message = (body as { message?: string } | null)?.message ?? (http.STATUS_CODES[status] || 'error');
  const err = new ApiException(status, message, body, flatHeaders);
  // A short message for logs; the default one embeds the whole body and headers.
  Object.defineProperty(err, 'message', { value: `HTTP ${status}: ${message}` });
  return err;
}
