/**
 * What every reconciler shares: the API, the caches, the applier, the status writer, the event
 * recorder, the translation options and a clock. Built once by the operator (src/controller/operator.ts).
 */
import type { Logger } from 'pino';
import type { KubeApi, LiveObject } from '../../kube/api.js';
import type { Applier } from '../../kube/apply.js';
import type { EventRecorder } from '../../kube/events.js';
import type { StatusWriter } from '../../kube/status.js';
import { RESOURCES, type ResourceRef } from '../../kube/resources.js';
import type { TranslateOptions } from '../../translate/options.js';
import type { Caches } from '../caches.js';
import type { Clock } from '../../base/clock.js';
import type { Expectations } from '../expectations.js';
import { setCondition, type Condition } from '../conditions.js';
import type { UserVisible } from '../errors.js';

export interface ReconcileEnv {
  api: KubeApi;
  caches: Caches;
  applier: Applier;
  status: StatusWriter;
  events: EventRecorder;
  /** Translation options for objects in `namespace`. */
  translateOptions(namespace: string): TranslateOptions;
  /** The volume kinds Services and Tasks own besides their own (EFS claims and volumes, when enabled). */
  volumeKinds: readonly ResourceRef[];
  clock: Clock;
  /** How many task definition revisions to keep (besides those in use). */
  revisionHistoryLimit: number;
  /** How long a stopped task's pod is kept (for its logs), and at most how many per service. */
  stoppedTasks: { retentionMs: number; kept: number };
  /** Pods the operator created that its cache has not shown yet. */
  expectations: Expectations;
  log: Logger;
}

/**
 * Removes the cluster-scoped volumes made for `kind namespace/name` other than those of the live
 * incarnation `keepUid` (none when the owner is gone): see Applier.removeClusterScopedOf.
 */
export async function removeVolumesOf(
  env: ReconcileEnv,
  kind: 'Service' | 'Task',
  namespace: string,
  name: string,
  keepUid: string | undefined,
  log: Logger,
): Promise<void> {
  if (!env.volumeKinds.some((k) => !k.namespaced)) return;
  await env.applier.removeClusterScopedOf({ kind, metadata: { namespace, name } }, env.volumeKinds, keepUid, log);
}

/** ISO time now, second precision (what metav1.Time keeps). */
export function nowIso(env: ReconcileEnv): string {
  return new Date(env.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * reportUserError makes a non-retried error visible on a resource: Accepted=False (and Ready=False)
 * with the reason and the field path in the message, and a Warning Event. The rest of the status
 * is kept, so a service that was running keeps reporting what runs.
 */
export async function reportUserError(
  env: ReconcileEnv,
  cached: LiveObject | undefined,
  user: UserVisible,
): Promise<void> {
  if (!cached) return;
  const previous = (cached['status'] as Record<string, unknown> | undefined) ?? {};
  const now = nowIso(env);
  const generation = cached.metadata.generation;
  const message = user.path && !user.message.startsWith(user.path) ? `${user.path}: ${user.message}` : user.message;
  let conditions = (previous.conditions as Condition[] | undefined) ?? [];
  conditions = setCondition(
    conditions,
    { type: 'Accepted', status: 'False', reason: user.reason, message, observedGeneration: generation },
    now,
  );
  conditions = setCondition(
    conditions,
    { type: 'Ready', status: 'False', reason: user.reason, message, observedGeneration: generation },
    now,
  );
  const written = await env.status.patchIfChanged(cached, { ...previous, conditions, observedGeneration: generation });
  // One Event per distinct problem: the status write tells whether this is news (a resync repeats nothing).
  if (written) await env.events.record(cached, 'Warning', user.reason, message);
}

/** Whether the pod has finished (Failed or Succeeded): its task has stopped and nothing runs in it. */
export function isFinished(pod: LiveObject): boolean {
  const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
  return phase === 'Failed' || phase === 'Succeeded';
}

/** Deletes a stopped task's pod, only while it is still that pod (uid precondition). Gone already: done. */
export async function removeStoppedPod(env: ReconcileEnv, namespace: string, pod: LiveObject): Promise<void> {
  await env.api
    .delete(RESOURCES.pods, namespace, pod.metadata.name, { uid: pod.metadata.uid })
    .catch((e: { code?: number }) => {
      if (e.code !== 404 && e.code !== 409) throw e;
    });
}

/** When a finished pod's task stopped: its containers' last finish, else its creation. */
export function stoppedAtOf(pod: LiveObject): number {
  const st = pod['status'] as
    { containerStatuses?: { state?: { terminated?: { finishedAt?: string } } }[] } | undefined;
  const times = (st?.containerStatuses ?? [])
    .map((c) => Date.parse(c.state?.terminated?.finishedAt ?? ''))
    .filter((t) => Number.isFinite(t));
  return times.length > 0 ? Math.max(...times) : Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/** How soon a reconcile that found the cache behind its own last status write tries again. */
export const CACHE_BEHIND_RECHECK_MS = 200;

/** The smallest active deadline: a running pod has been active longer, so the kubelet stops it at once. */
const STOP_DEADLINE_SECONDS = 1;

/**
 * Stops a task's pod without deleting it, as ECS stops a task: a passed active deadline makes the
 * kubelet stop every container (SIGTERM, then SIGKILL after the grace period, the task's stopTimeout)
 * and fail the pod. The pod stays, so the stopped task's output is still there for `kubectl logs`
 * (ECS keeps it in the log driver); a ReplicaSet or DaemonSet replaces a Failed pod. Idempotent.
 */
export async function stopPod(env: ReconcileEnv, namespace: string, pod: string): Promise<void> {
  await env.api
    .mergePatch(RESOURCES.pods, namespace, pod, { spec: { activeDeadlineSeconds: STOP_DEADLINE_SECONDS } })
    .catch((e: { code?: number }) => {
      if (e.code !== 404) throw e;
    });
}
