/**
 * The errors the ECS API answers, as ECS names them on the wire (AWS JSON 1.1: `{"__type", "message"}`).
 * ECS answers every client error with HTTP 400 and ServerException with 500; the names are the
 * exception shapes of the ECS API model. Anything a handler throws that is not an EcsApiError is
 * turned into one here, so a caller never sees a stack trace.
 */
import { isInputError } from '../ecs/errors.js';

export type EcsErrorType =
  | 'AccessDeniedException'
  | 'ClientException'
  | 'ClusterContainsServicesException'
  | 'ClusterContainsTasksException'
  | 'ClusterNotFoundException'
  | 'InvalidParameterException'
  | 'ResourceNotFoundException'
  | 'ServerException'
  | 'ServiceNotActiveException'
  | 'ServiceNotFoundException'
  | 'UnsupportedFeatureException'
  // Protocol-level errors every AWS JSON service answers.
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException';

export class EcsApiError extends Error {
  constructor(
    readonly type: EcsErrorType,
    message: string,
    readonly status = type === 'ServerException' ? 500 : 400,
  ) {
    super(message);
    this.name = 'EcsApiError';
  }
}

export const clientError = (message: string) => new EcsApiError('ClientException', message);
export const invalidParameter = (message: string) => new EcsApiError('InvalidParameterException', message);
export const clusterNotFound = () => new EcsApiError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new EcsApiError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () => new EcsApiError('ServiceNotActiveException', 'Service was not ACTIVE.');

/** A Kubernetes API error as @kubernetes/client-node's ApiException carries it. */
interface KubeErrorLike {
  code?: unknown;
  body?: unknown;
  message?: string;
}

function kubeMessage(e: KubeErrorLike): string {
  const body = e.body as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : (e.message ?? 'error');
}

/**
 * toEcsError maps anything a handler threw to the ECS error a client should see: input errors name
 * the request field; the apiserver's refusals keep its words (RBAC's included, so that a user sees
 * which right they lack); unknown failures become ServerException without internals.
 */
export function toEcsError(e: unknown): EcsApiError {
  if (e instanceof EcsApiError) return e;
  if (isInputError(e)) return invalidParameter(e.message);
  const k = e as KubeErrorLike;
  if (typeof k?.code === 'number') {
    const message = kubeMessage(k);
    if (k.code === 401 || k.code === 403)
      return new EcsApiError('AccessDeniedException', `Kubernetes refused: ${message}`);
    if (k.code === 422 || k.code === 400) return invalidParameter(message.replace(/\bspec\./g, ''));
    if (k.code === 409) return clientError(`conflicting change, retry: ${message}`);
    if (k.code === 404) return new EcsApiError('ResourceNotFoundException', message);
    return new EcsApiError('ServerException', `Kubernetes API error ${k.code}: ${message}`);
  }
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+/.test(code))
    return new EcsApiError('ServerException', `cannot reach the Kubernetes API server (${code})`);
  return new EcsApiError('ServerException', 'internal error');
}

/** True for a Kubernetes 404. */
export function isNotFound(e: unknown): boolean {
  return (e as KubeErrorLike | undefined)?.code === 404;
}
