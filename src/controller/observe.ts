/**
 * Turns live Kubernetes objects (as the informer caches hold them) into the small observations the
 * pure status functions take. Pure: no API calls, no clock.
 */
import type { LiveObject } from '../kube/api.js';
import { ANNOTATION_CONTAINER_NAMES, ANNOTATION_ESSENTIAL_CONTAINERS, LABEL_REVISION } from '../translate/index.js';
import type { ObservedPod, ObservedWorkload } from './service-status.js';
import type { ObservedContainer, ObservedTaskPod } from './task-status.js';

interface TerminatedLike {
  exitCode?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}
interface ContainerStatusLike {
  name: string;
  restartCount?: number;
  started?: boolean;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: TerminatedLike;
  };
  lastState?: { terminated?: TerminatedLike };
}
interface PodLike {
  metadata: LiveObject['metadata'];
  spec?: {
    nodeName?: string;
    activeDeadlineSeconds?: number;
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string; restartPolicy?: string }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }>;
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

function statuses(pod: PodLike): ContainerStatusLike[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/**
 * The kubelet's and the scheduler's reasons a task cannot start, and what ECS calls each: an image
 * it cannot pull is CannotPullContainerError; a missing Secret or ConfigMap key, or a container the
 * runtime cannot create, is ResourceInitializationError; a pod no node can take is ECS's "unable to
 * place a task".
 */
const CANNOT_START: Record<string, string> = {
  ErrImagePull: 'CannotPullContainerError',
  ImagePullBackOff: 'CannotPullContainerError',
  InvalidImageName: 'CannotPullContainerError',
  CreateContainerConfigError: 'ResourceInitializationError',
  CreateContainerError: 'ResourceInitializationError',
  RunContainerError: 'ResourceInitializationError',
};

/** Why this pod's task cannot start, if the kubelet or the scheduler says so. */
export function startProblem(pod: PodLike): ObservedPod['problem'] {
  const unscheduled = pod.status?.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
  if (unscheduled)
    return {
      reason: 'Unschedulable',
      ecs: 'unable to place a task because no node met all of its requirements',
      message: unscheduled.message ?? '',
    };
  for (const c of statuses(pod)) {
    const w = c.state?.waiting;
    const ecs = w?.reason ? CANNOT_START[w.reason] : undefined;
    if (w?.reason && ecs) return { reason: w.reason, ecs, message: w.message ?? '' };
  }
  // The kubelet refused the pod at admission (SysctlForbidden, OutOfcpu, NodeAffinity...): it failed
  // with the kubelet's reason before any container ran. Not the operator's own stop (DeadlineExceeded).
  const reason = pod.status?.reason;
  const ran = statuses(pod).some((c) => c.state?.running || c.state?.terminated || c.lastState?.terminated);
  if (pod.status?.phase === 'Failed' && reason && reason !== 'DeadlineExceeded' && !ran)
    return { reason, ecs: 'CannotStartContainerError', message: pod.status.message ?? '' };
  return undefined;
}

/**
 * Whether `pod` belongs to the generated workload: a DaemonSet's own pod (controller uid), or a pod of
 * one of the Deployment's ReplicaSets (`<deployment>-<pod-template-hash>`). Anything else that carries
 * the service's label (a pod someone created by hand) is not one of the service's tasks: it must not
 * count as running, nor trip the circuit breaker.
 */
export function isWorkloadPod(
  pod: LiveObject,
  kind: 'Deployment' | 'DaemonSet',
  workload: LiveObject | undefined,
): boolean {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref || !workload) return false;
  if (kind === 'DaemonSet') return ref.kind === 'DaemonSet' && ref.uid === workload.metadata.uid;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  return ref.kind === 'ReplicaSet' && hash !== undefined && ref.name === `${workload.metadata.name}-${hash}`;
}

function withProblem(pod: PodLike): { problem?: NonNullable<ObservedPod['problem']> } {
  const problem = startProblem(pod);
  return problem ? { problem } : {};
}

/** The ECS container names and the essential containers, as the translation put them on the pod. */
function ecsIdentity(pod: PodLike): { ecsNames: Record<string, string>; essential: string[] } {
  const annotations = pod.metadata.annotations ?? {};
  let ecsNames: Record<string, string>;
  try {
    ecsNames = JSON.parse(annotations[ANNOTATION_CONTAINER_NAMES] ?? '{}') as Record<string, string>;
  } catch {
    ecsNames = {};
  }
  const essential = (annotations[ANNOTATION_ESSENTIAL_CONTAINERS] ?? '').split(',').filter(Boolean);
  return { ecsNames, essential };
}

/**
 * The first essential container that has exited, now or before the kubelet restarted it: ECS stops
 * the whole task then, whatever the exit code (a liveness probe that kills the container is an
 * exit too: ECS's "failed container health checks").
 */
function essentialExit(pod: PodLike): ObservedPod['exit'] {
  const { ecsNames, essential } = ecsIdentity(pod);
  for (const c of statuses(pod)) {
    if (!essential.includes(c.name)) continue;
    const t = c.state?.terminated ?? ((c.restartCount ?? 0) > 0 ? c.lastState?.terminated : undefined);
    if (t)
      return {
        container: ecsNames[c.name] ?? c.name,
        kubeName: c.name,
        ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
        ...(t.reason ? { reason: t.reason } : {}),
        ...(t.message ? { message: t.message } : {}),
      };
  }
  return undefined;
}

/** Waiting reasons of a task that cannot start; each such pod is one failed task for the breaker. */
const STUCK = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'CreateContainerError',
  'InvalidImageName',
]);

/** observePod: a Service pod for the status (revision label, readiness, failures for the breaker). */
export function observePod(obj: LiveObject): ObservedPod {
  const pod = obj as unknown as PodLike;
  const rev = Number(pod.metadata.labels?.[LABEL_REVISION]);
  const readyCondition = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True');
  const ready = pod.status?.phase === 'Running' && !!readyCondition;
  const exit = essentialExit(pod);
  // A finished pod, or one whose stop has begun (the operator's active deadline), is a stopped task.
  const stopped =
    pod.status?.phase === 'Failed' ||
    pod.status?.phase === 'Succeeded' ||
    pod.spec?.activeDeadlineSeconds !== undefined;
  const stuck = statuses(pod).some((c) => STUCK.has(c.state?.waiting?.reason ?? ''));
  return {
    name: pod.metadata.name,
    revision: Number.isInteger(rev) && rev > 0 ? rev : undefined,
    ready: ready && !stopped && !exit,
    ...(ready && readyCondition?.lastTransitionTime ? { readySince: readyCondition.lastTransitionTime } : {}),
    terminating: !!pod.metadata.deletionTimestamp,
    stopped,
    ...(exit ? { exit } : {}),
    // One task, at most one failure: a stopped task, or one that cannot start.
    failures: stopped || exit || stuck ? 1 : 0,
    placed: !!pod.spec?.nodeName,
    ...withProblem(pod),
  };
}

function container(c: ContainerStatusLike): ObservedContainer {
  if (c.state?.terminated) {
    return {
      name: c.name,
      state: 'terminated',
      exitCode: c.state.terminated.exitCode,
      reason: c.state.terminated.reason,
      ...(c.state.terminated.message ? { message: c.state.terminated.message } : {}),
      // The runtime could not start it (a missing executable...): it never ran.
      started: c.state.terminated.reason !== 'StartError',
    };
  }
  if (c.state?.running) return { name: c.name, state: 'running', started: true };
  return { name: c.name, state: 'waiting', reason: c.state?.waiting?.reason, started: (c.restartCount ?? 0) > 0 };
}

/** observeTaskPod: a Task pod with its containers, essential set and ECS names (from annotations). */
export function observeTaskPod(obj: LiveObject): ObservedTaskPod {
  const pod = obj as unknown as PodLike;
  const { ecsNames, essential } = ecsIdentity(pod);
  const seen = new Map(statuses(pod).map((c) => [c.name, container(c)]));
  // Containers the kubelet (kwok) has not reported yet are waiting, in spec order: init first.
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  const containers = names.map((n) => seen.get(n) ?? { name: n, state: 'waiting' as const, started: false });
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Pending',
    terminating: !!pod.metadata.deletionTimestamp,
    ecsNames,
    essential,
    containers,
    startedAt: pod.status?.startTime,
    ...withProblem(pod),
  };
}

interface WorkloadLike {
  kind: string;
  metadata: LiveObject['metadata'];
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
  };
}

/** observeWorkload: the rollout progress of the generated Deployment or DaemonSet. */
export function observeWorkload(obj: LiveObject): ObservedWorkload {
  const w = obj as unknown as WorkloadLike;
  const s = w.status ?? {};
  const base = { generation: w.metadata.generation ?? 0, observedGeneration: s.observedGeneration ?? 0 };
  if (w.kind === 'DaemonSet') {
    return {
      kind: 'DaemonSet',
      ...base,
      desired: s.desiredNumberScheduled ?? 0,
      updated: s.updatedNumberScheduled ?? 0,
      available: s.numberAvailable ?? 0,
      progressDeadlineExceeded: false,
    };
  }
  const progressing = (s.conditions ?? []).find((c) => c.type === 'Progressing');
  return {
    kind: 'Deployment',
    ...base,
    desired: w.spec?.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    progressDeadlineExceeded: progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded',
  };
}
