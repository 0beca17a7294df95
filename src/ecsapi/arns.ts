/**
 * ARNs and ids as ECS prints them, derived only from what Kubernetes holds, so that every replica
 * of the server (and every restart) names a resource the same way:
 *
 * - cluster `arn:aws:ecs:<region>:<account>:cluster/<name>`;
 * - service `arn:aws:ecs:<region>:<account>:service/<cluster>/<serviceName>` (the long ARN format);
 * - task definition `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`;
 * - task `arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`, where the id (32 hex digits, as
 *   ECS's) is the uid of the service's pod, or for the i-th task of a Task resource the Task's uid
 *   (i = 0) or a hash of it and i: a RunTask answer can name its tasks before their pods exist.
 */
import { createHash } from 'node:crypto';
import { invalidParameter } from './errors.js';

export interface Partition {
  region: string;
  accountId: string;
}

const prefix = (p: Partition) => `arn:aws:ecs:${p.region}:${p.accountId}`;

export const clusterArn = (p: Partition, cluster: string) => `${prefix(p)}:cluster/${cluster}`;
export const serviceArn = (p: Partition, cluster: string, service: string) =>
  `${prefix(p)}:service/${cluster}/${service}`;
export const taskDefinitionArn = (p: Partition, family: string, revision: number) =>
  `${prefix(p)}:task-definition/${family}:${revision}`;
export const taskArn = (p: Partition, cluster: string, id: string) => `${prefix(p)}:task/${cluster}/${id}`;
export const containerArn = (p: Partition, cluster: string, taskId: string, container: string) =>
  `${prefix(p)}:container/${cluster}/${taskId}/${hex32(`${taskId}/${container}`)}`;

function hex32(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

/** The id of the i-th task of a Task resource with this uid. */
export function runTaskId(uid: string, index: number): string {
  return index === 0 ? uid.replace(/-/g, '') : hex32(`${uid}/${index}`);
}

/** The id of a service's task: its pod's uid. */
export function podTaskId(podUid: string): string {
  return podUid.replace(/-/g, '');
}

const ARN_RE = /^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/** The resource type and path of an ECS ARN (`service`, `prod/web`), or undefined for a plain name. */
export function splitArn(value: string): { type: string; path: string } | undefined {
  const m = ARN_RE.exec(value);
  if (m) return { type: m[1], path: m[2] };
  if (value.startsWith('arn:')) throw invalidParameter(`${JSON.stringify(value)} is not an ECS ARN`);
  return undefined;
}

/** The cluster name in a `cluster` parameter (a name or an ARN); `default` when absent. */
export function clusterName(value: string | null | undefined): string {
  if (value === undefined || value === null || value === '') return 'default';
  const arn = splitArn(value);
  if (!arn) return value;
  if (arn.type !== 'cluster') throw invalidParameter(`${JSON.stringify(value)} is not a cluster ARN`);
  return arn.path;
}

/** The service name in a `service` parameter: a name, `service/<name>` or `service/<cluster>/<name>` ARN. */
export function serviceName(value: string): string {
  const arn = splitArn(value);
  if (!arn) return value;
  if (arn.type !== 'service') throw invalidParameter(`${JSON.stringify(value)} is not a service ARN`);
  return arn.path.split('/').pop()!;
}

/** The task id in a `task` parameter: an id or a task ARN (either format). */
export function taskId(value: string): string {
  const arn = splitArn(value);
  if (!arn) return value;
  if (arn.type !== 'task') throw invalidParameter(`${JSON.stringify(value)} is not a task ARN`);
  return arn.path.split('/').pop()!;
}

/** Epoch seconds, the JSON 1.1 protocol's timestamp format. */
export function epoch(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}
