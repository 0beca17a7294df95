/**
 * The HTTP side of the ECS API: AWS JSON 1.1 (`POST /`, `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>`, `application/x-amz-json-1.1`), errors as
 * `{"__type", "message"}`. Each request is authenticated (SigV4, when credentials are configured),
 * validated against the generated request schema (the same field paths as the CLI), and handled
 * with the caller's Kubernetes identity. Nothing is kept between requests.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../base/log.js';
import { ECS_API_REQUESTS, ECS_MODEL_OPERATIONS, type EcsApiOperation } from '../ecs/api-requests.gen.js';
import { validateSpec } from '../ecs/parse/validate.js';
import type { KubeApi } from '../kube/api.js';
import type { ApiConfig, Ctx } from './context.js';
import type { Credential } from './credentials.js';
import { EcsApiError, toEcsError, type EcsErrorType } from './errors.js';
import { HANDLERS } from './operations.js';
import { verifySigV4 } from './sigv4.js';

export const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
/** RegisterTaskDefinition requests are at most 64 KiB in ECS; anything past 1 MiB is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface EcsApiServerOptions {
  config: ApiConfig;
  /** The Kubernetes API for a caller: the kubeconfig's identity, or the one a credential maps to. */
  kubeFor(credential: Credential | undefined): KubeApi;
  /** When set, every request must be SigV4-signed with one of these keys. */
  credentials?: Credential[];
  log: Logger;
  now?: () => Date;
}

function send(res: http.ServerResponse, status: number, body: unknown, requestId: string, errorType?: string) {
  const text = JSON.stringify(body);
  // A body left unread (413) cannot be skipped on this connection: answer, then close it.
  if (status === 413) res.once('finish', () => res.req.destroy());
  res.writeHead(status, {
    ...(status === 413 ? { Connection: 'close' } : {}),
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}

/** The body, or an EcsApiError (413) once it passes MAX_BODY_BYTES; the rest is not read. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const tooLarge = () =>
    new EcsApiError('SerializationException', `request body larger than ${MAX_BODY_BYTES} bytes`, 413);
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function operationOf(req: http.IncomingMessage): EcsApiOperation {
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX))
    throw new EcsApiError(
      'UnknownOperationException',
      `expected POST / with X-Amz-Target: ${TARGET_PREFIX}<Operation> (AWS JSON 1.1)`,
    );
  const op = target.slice(TARGET_PREFIX.length);
  if (op in HANDLERS) return op as EcsApiOperation;
  if (ECS_MODEL_OPERATIONS.includes(op))
    throw new EcsApiError(
      'UnsupportedFeatureException',
      `ecs2eks does not implement the ECS operation ${op}; implemented: ${Object.keys(HANDLERS).join(', ')}`,
    );
  throw new EcsApiError('UnknownOperationException', `${op} is not an ECS operation`);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new EcsApiError('SerializationException', 'the request body is not valid JSON');
  }
}

/** createEcsApiServer returns the (not yet listening) server. */
export function createEcsApiServer(opts: EcsApiServerOptions): http.Server {
  const now = opts.now ?? (() => new Date());
  const secrets = new Map((opts.credentials ?? []).map((c) => [c.accessKeyId, c]));
  return http.createServer((req, res) => {
    const requestId = randomUUID();
    const started = Date.now();
    let operation = '';
    let who: string | undefined;
    void (async () => {
      try {
        const body = await readBody(req);
        let credential: Credential | undefined;
        if (opts.credentials) {
          const verdict = verifySigV4(
            { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body },
            (key) => secrets.get(key)?.secretAccessKey,
            now(),
          );
          if (!verdict.ok)
            throw new EcsApiError(verdict.error.type as EcsErrorType, verdict.error.message, verdict.error.status);
          credential = secrets.get(verdict.accessKeyId);
          who = credential?.user;
        }
        const op = operationOf(req);
        operation = op;
        const input = validateSpec(ECS_API_REQUESTS[op], parseJson(body));
        const ctx: Ctx = { kube: opts.kubeFor(credential), config: opts.config, now, log: opts.log };
        const handler = HANDLERS[op] as (ctx: Ctx, input: unknown) => Promise<unknown>;
        const out = await handler(ctx, input);
        send(res, 200, out ?? {}, requestId);
        opts.log.info({ operation, status: 200, ms: Date.now() - started, user: who, requestId }, 'ecs api request');
      } catch (e) {
        const err = toEcsError(e);
        if (err.type === 'ServerException') opts.log.error({ operation, err: e, requestId }, 'ecs api request failed');
        send(res, err.status, { __type: err.type, message: err.message }, requestId, err.type);
        opts.log.info(
          { operation, status: err.status, error: err.type, ms: Date.now() - started, user: who, requestId },
          'ecs api request',
        );
      }
    })();
  });
}
