/**
 * The error taxonomy of the operator and the ONE function that maps any thrown value to what the
 * runner does about it ({@link classifyError}). Reconcilers just throw; they never decide retries.
 *
 * | thrown                                  | action       | why |
 * | --------------------------------------- | ------------ | --- |
 * | {@link UserError}, ecs `InputError`     | no retry     | invalid input: only the user's next edit can fix it; Ready=False + Warning Event |
 * | {@link RequeueAfter}                    | wait         | nothing is wrong; check again later |
 * | HTTP 400 / 422 from the apiserver       | no retry     | the apiserver refused an object WE generated: a translation bug the user must see (with the apiserver's message), not a hot loop |
 * | HTTP 500 "failed to create typed patch object" | no retry | what a real apiserver (1.35) answers to a server-side apply with a field not in the schema, instead of 400 |
 * | HTTP 413, etcd "request is too large"   | no retry     | the object is over the size limit: the same write can only fail again; Ready=False TooLarge |
 * | HTTP 409 Conflict / AlreadyExists       | retry (soon) | someone else wrote first; the per-item backoff starts at 5 ms |
 * | HTTP 403 NamespaceTerminating           | done, quietly | the namespace is being deleted: nothing may be created there, and everything in it goes |
 * | HTTP 401 / 403                          | retry        | credentials or RBAC: not the user's resource's fault; logged at error level |
 * | HTTP 404 / 410                          | retry        | the cache is behind the server or a namespace is going away |
 * | HTTP 429 / 5xx, network, {@link TransientError}, anything else | retry | transient; Retry-After is honoured |
 */
import { isInputError } from '../ecs/errors.js';
import { RequeueAfter, TransientError, UserError } from '../base/errors.js';

/** What the user sees for a non-retried error: condition reason, field path and message. */
export interface UserVisible {
  reason: string;
  path?: string;
  message: string;
}

/** Log levels the runner uses for a classified error. */
export type ErrorSeverity = 'debug' | 'info' | 'warn' | 'error';

/** The decision {@link classifyError} returns. */
export type ErrorDisposition =
  /** Re-add through the rate limiter (per-item exponential backoff, max-of the global bucket). */
  | { action: 'retry'; severity: ErrorSeverity; category: ErrorCategory; message: string; minDelayMs?: number }
  /** Forget the backoff and re-add after a fixed delay. */
  | { action: 'requeueAfter'; delayMs: number; category: ErrorCategory; message: string }
  /**
   * Forget the key; report to the user (Ready=False + Warning Event). `recheckAfterMs`: look again
   * after that long anyway, for a cause that can go away without an edit of the resource.
   */
  | { action: 'noRetry'; category: ErrorCategory; user: UserVisible; recheckAfterMs?: number }
  /**
   * Nothing to do and nothing to report: the namespace is being deleted, so every object in it is on
   * its way out and nothing may be created there; retrying would only fight the namespace controller.
   */
  | { action: 'done'; category: ErrorCategory; message: string };

/** Coarse category, used as a metric/log label. */
export type ErrorCategory =
  | 'user'
  | 'invalidObject'
  | 'requeueAfter'
  | 'conflict'
  | 'unauthorized'
  | 'notFound'
  | 'gone'
  | 'throttled'
  | 'server'
  | 'terminating'
  | 'transient';

/** The subset of an apiserver `Status` object we read. */
interface StatusBody {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
  details?: { causes?: Array<{ field?: string; message?: string; reason?: string }> };
}

/**
 * HTTP status of an apiserver error, or undefined. Duck-typed on purpose so this module does not
 * import the client library: client-node's `ApiException` has a numeric `code`, watch errors a
 * numeric `statusCode`; Node system errors have string codes such as `ECONNRESET` and are ignored.
 */
export function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === 'number' && e.code >= 100 && e.code < 600) return e.code;
  if (typeof e.statusCode === 'number' && e.statusCode >= 100 && e.statusCode < 600) return e.statusCode;
  return undefined;
}

/** The apiserver `Status` body carried by an error, if any (the body may be a JSON string). */
export function statusBodyOf(err: unknown): StatusBody | undefined {
  const body = (err as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? body : undefined;
}

/** Retry-After in ms from an error's response headers (seconds form only), if present. */
function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { headers?: unknown } | null)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers as Record<string, unknown>).find(([k]) => k.toLowerCase() === 'retry-after');
  const secs = entry ? Number(entry[1]) : NaN;
  return Number.isFinite(secs) && secs >= 0 ? secs * 1000 : undefined;
}

function messageOf(err: unknown): string {
  const status = statusBodyOf(err);
  if (status?.message) return status.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Server-side apply of an object with a field the schema does not declare fails with HTTP 500 and
 * `failed to create typed patch object (...): .spec.bogus: field not declared in schema` (seen on
 * kube-apiserver 1.35 with fieldValidation=Strict). Retrying cannot help: it is an invalid object.
 */
/** How soon a resource blocked by an object that is not ours looks again (one GET each time, no writes). */
export const RESOURCE_EXISTS_RECHECK_MS = 10_000;

/**
 * etcd's refusal of an object over its request limit, which kube-apiserver 1.35 passes on as a 500:
 * `etcdserver: request is too large`, or (seen here, a 2.9 MB status) `rpc error: code =
 * ResourceExhausted desc = trying to send message larger than max (2885296 vs. 2097152)`.
 */
const TOO_LARGE_RE = /request is too large|Request entity too large|ResourceExhausted.*larger than max/i;
/** kube-apiserver's refusal to create in a namespace being deleted (403, cause NamespaceTerminating). */
const NAMESPACE_TERMINATING_RE = /NamespaceTerminating|because it is being terminated/;
const TYPED_PATCH_RE = /failed to create typed patch object|field not declared in schema/;
const UNDECLARED_FIELD_RE = /\.([A-Za-z0-9_.[\]-]+): field not declared in schema/;

/** "spec.template...: msg; ..." from a 422's causes, falling back to the Status message. */
function invalidObjectMessage(err: unknown): { message: string; path?: string } {
  const status = statusBodyOf(err);
  const causes = status?.details?.causes ?? [];
  const first = causes.find((c) => c.field);
  const message = status?.message ?? messageOf(err);
  const path = first?.field ?? UNDECLARED_FIELD_RE.exec(message)?.[1];
  return { message, ...(path ? { path } : {}) };
}

/**
 * classifyError maps anything a reconciler throws to the runner's action. This is the only place
 * where error kinds turn into retry decisions; see the table at the top of this file.
 */
export function classifyError(err: unknown): ErrorDisposition {
  if (err instanceof UserError) {
    return {
      action: 'noRetry',
      category: 'user',
      user: { reason: err.reason, message: err.message, ...(err.path ? { path: err.path } : {}) },
      // An object in the way (not ours) can be deleted by its owner at any time, and the operator does
      // not watch objects it does not manage: look again soon rather than at the next full resync.
      ...(err.reason === 'ResourceExists' ? { recheckAfterMs: RESOURCE_EXISTS_RECHECK_MS } : {}),
    };
  }
  if (isInputError(err)) {
    // What the ECS parser and the translator throw for bad input (incl. RefusedByPolicy).
    return {
      action: 'noRetry',
      category: 'user',
      user: { reason: err.reason, message: err.message, ...(err.path ? { path: err.path } : {}) },
    };
  }
  if (err instanceof RequeueAfter) {
    return {
      action: 'requeueAfter',
      delayMs: Math.max(0, err.delayMs),
      category: 'requeueAfter',
      message: err.message,
    };
  }
  const code = httpStatusOf(err);
  const message = messageOf(err);
  switch (true) {
    case code === 400 || code === 422 || (code === 500 && TYPED_PATCH_RE.test(message)): {
      const { message: m, path } = invalidObjectMessage(err);
      return {
        action: 'noRetry',
        category: 'invalidObject',
        user: {
          reason: 'InvalidGeneratedObject',
          message: `the apiserver rejected a generated object: ${m}`,
          ...(path ? { path } : {}),
        },
      };
    }
    case code === 413 || TOO_LARGE_RE.test(message):
      // The object (usually the resource plus its status) is larger than the apiserver or etcd accept:
      // retrying the same write can only fail again.
      return {
        action: 'noRetry',
        category: 'invalidObject',
        user: { reason: 'TooLarge', message: `the apiserver refused a write as too large: ${message}` },
      };
    case code === 409:
      return { action: 'retry', severity: 'debug', category: 'conflict', message };
    case code === 403 &&
      NAMESPACE_TERMINATING_RE.test(
        `${
          statusBodyOf(err)
            ?.details?.causes?.map((c) => c.reason)
            .join(' ') ?? ''
        } ${message}`,
      ):
      return { action: 'done', category: 'terminating', message };
    case code === 401 || code === 403:
      return {
        action: 'retry',
        severity: 'error',
        category: 'unauthorized',
        message: `${message} (check the operator's credentials and RBAC)`,
      };
    case code === 404:
      return { action: 'retry', severity: 'info', category: 'notFound', message };
    case code === 410:
      return { action: 'retry', severity: 'info', category: 'gone', message };
    case code === 429: {
      const after = retryAfterMs(err);
      return {
        action: 'retry',
        severity: 'warn',
        category: 'throttled',
        message,
        ...(after !== undefined ? { minDelayMs: after } : {}),
      };
    }
    case code !== undefined && code >= 500: {
      const after = retryAfterMs(err);
      return {
        action: 'retry',
        severity: 'warn',
        category: 'server',
        message,
        ...(after !== undefined ? { minDelayMs: after } : {}),
      };
    }
    default:
      // TransientError, network errors, other 4xx and anything unknown: retry with backoff, loudly
      // for unknown errors because they may be bugs.
      return {
        action: 'retry',
        severity: err instanceof TransientError ? 'warn' : 'error',
        category: 'transient',
        message,
      };
  }
}
