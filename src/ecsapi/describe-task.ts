/**
 * A task as DescribeTasks prints it. Two sources, both what Kubernetes holds:
 * - the i-th task of a Task resource (RunTask): the entry the operator recorded for its pod in the
 *   Task's status (final once STOPPED, so it outlives the pod), with times from the pod while it exists;
 * - a service's task: its pod, judged by the same pure function the operator uses for Tasks.
 * Pure.
 */
import type { LiveObject } from '../kube/api.js';
import { observeTaskPod } from '../controller/observe.js';
import { computeTaskStatus } from '../controller/task-status.js';
import type { TaskStatus } from '../api/resources.js';
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import { containerArn, clusterArn, epoch, taskArn, type Partition } from './arns.js';
import { jsonAnnotation, type TaskObject } from './context.js';
import { taskDefinitionArnOf } from './describe-service.js';
import { effectiveTags } from './store.js';

type Entry = NonNullable<TaskStatus['tasks']>[number];

/** The family a `family`, `family:N` or ARN names (the text itself when it is none of these). */
export function familyOfRef(value: string): string {
  try {
    return parseTaskDefinitionRef(value).family;
  } catch {
    return value;
  }
}

/** StopTask's `reason` per pod (JSON object), on the Task resource. */
export const ANNOTATION_STOP_REASONS = 'ecs2eks.dev/stop-reasons';

/** The StopTask reasons recorded on a Task, by pod (none when the annotation is absent or hand-edited). */
export function stopReasons(task: TaskObject): Record<string, string> {
  return jsonAnnotation<Record<string, string>>(task.metadata.annotations, ANNOTATION_STOP_REASONS, {});
}

interface PodView {
  images: Record<string, string>;
  createdAt?: string;
  startedAt?: string;
  stoppedAt?: string;
  terminating: boolean;
}

interface PodLike {
  metadata: LiveObject['metadata'];
  spec?: {
    containers?: Array<{ name: string; image?: string }>;
    initContainers?: Array<{ name: string; image?: string }>;
  };
  status?: {
    startTime?: string;
    containerStatuses?: Array<{
      name: string;
      state?: { terminated?: { finishedAt?: string }; running?: { startedAt?: string } };
    }>;
    initContainerStatuses?: Array<{
      name: string;
      state?: { terminated?: { finishedAt?: string }; running?: { startedAt?: string } };
    }>;
  };
}

function podView(obj: LiveObject | undefined, ecsNames: Record<string, string>): PodView | undefined {
  if (!obj) return undefined;
  const pod = obj as unknown as PodLike;
  const images: Record<string, string> = {};
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
    if (c.image) images[ecsNames[c.name] ?? c.name] = c.image;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const started = statuses.map((s) => s.state?.running?.startedAt).filter((t): t is string => !!t);
  const finished = statuses.map((s) => s.state?.terminated?.finishedAt).filter((t): t is string => !!t);
  return {
    images,
    createdAt: pod.metadata.creationTimestamp,
    startedAt: started.sort()[0] ?? pod.status?.startTime,
    stoppedAt: finished.sort().pop(),
    terminating: !!pod.metadata.deletionTimestamp,
  };
}

function containersOf(p: Partition, cluster: string, id: string, entry: Entry | undefined, view: PodView | undefined) {
  return (entry?.containers ?? []).map((c) => ({
    containerArn: containerArn(p, cluster, id, c.name),
    taskArn: taskArn(p, cluster, id),
    name: c.name,
    ...(view?.images[c.name] ? { image: view.images[c.name] } : {}),
    lastStatus: c.lastStatus,
    ...(typeof c.exitCode === 'number' ? { exitCode: c.exitCode } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    healthStatus: 'UNKNOWN',
  }));
}

function defaultReason(entry: Entry): string | undefined {
  switch (entry.stopCode) {
    case 'EssentialContainerExited': {
      const exited = entry.containers?.find((c) => typeof c.exitCode === 'number');
      return `Essential container in task exited${exited ? ` (${exited.name}: exit code ${exited.exitCode})` : ''}`;
    }
    case 'TaskFailedToStart':
      return 'Task failed to start';
    case 'UserInitiated':
      return 'Task stopped by user';
    default:
      return undefined;
  }
}

interface Common {
  id: string;
  cluster: string;
  taskDefinition?: string | null;
  entry: Entry | undefined;
  view: PodView | undefined;
  stoppedReason?: string;
  createdAt?: string;
  stoppedAt?: string | null;
  group: string;
  startedBy?: string | null;
  launchType?: string | null;
  tags?: Array<{ key: string; value: string }>;
  overrides?: unknown;
}

function assemble(p: Partition, c: Common): Record<string, unknown> {
  const lastStatus = c.entry?.lastStatus ?? 'PROVISIONING';
  const stopped = lastStatus === 'STOPPED';
  // A pod being deleted is a task ECS is stopping: desired STOPPED, last status whatever it still is.
  const desiredStatus = stopped || c.view?.terminating ? 'STOPPED' : 'RUNNING';
  const shownLast = !stopped && c.view?.terminating && lastStatus === 'RUNNING' ? 'DEACTIVATING' : lastStatus;
  return {
    taskArn: taskArn(p, c.cluster, c.id),
    clusterArn: clusterArn(p, c.cluster),
    ...(c.taskDefinition ? { taskDefinitionArn: taskDefinitionArnOf(p, c.taskDefinition) } : {}),
    lastStatus: shownLast,
    desiredStatus,
    containers: containersOf(p, c.cluster, c.id, c.entry, c.view),
    createdAt: epoch(c.createdAt),
    ...((c.view?.startedAt ?? c.entry?.startedAt) && lastStatus !== 'PROVISIONING' && lastStatus !== 'PENDING'
      ? { startedAt: epoch(c.view?.startedAt ?? c.entry?.startedAt) }
      : {}),
    ...(stopped ? { stoppedAt: epoch(c.view?.stoppedAt ?? c.entry?.stoppedAt ?? c.stoppedAt) } : {}),
    ...(c.entry?.stopCode ? { stopCode: c.entry.stopCode } : {}),
    ...(stopped || c.view?.terminating
      ? { stoppedReason: c.stoppedReason ?? (c.entry ? defaultReason(c.entry) : undefined) }
      : {}),
    group: c.group,
    ...(c.startedBy ? { startedBy: c.startedBy } : {}),
    ...(c.launchType ? { launchType: c.launchType } : {}),
    overrides: c.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    ...(c.tags ? { tags: c.tags } : {}),
  };
}

/** The i-th task of a Task resource; `pod` when it still exists. */
export function describeRunTask(
  p: Partition,
  cluster: string,
  task: TaskObject,
  index: number,
  podName: string,
  id: string,
  pod: LiveObject | undefined,
  opts: { tags?: boolean } = {},
): Record<string, unknown> {
  const st = task.status ?? {};
  const entry = st.tasks?.find((t) => t.pod === podName);
  const observed = pod ? observeTaskPod(pod) : undefined;
  const view = podView(pod, observed?.ecsNames ?? {});
  const reasons = stopReasons(task);
  const family = familyOfRef(st.taskDefinition ?? task.spec.taskDefinition);
  const firstStopped = st.tasks?.find((t) => t.stopCode)?.pod === podName;
  return assemble(p, {
    id,
    cluster,
    taskDefinition: st.taskDefinition ?? task.spec.taskDefinition,
    entry,
    view,
    stoppedReason:
      entry?.stopCode === 'UserInitiated' && reasons[podName]
        ? reasons[podName]
        : firstStopped
          ? (st.stoppedReason ?? undefined)
          : undefined,
    createdAt: task.metadata.creationTimestamp,
    stoppedAt: st.stoppedAt,
    group: task.spec.group ?? `family:${family}`,
    startedBy: task.spec.startedBy,
    launchType: task.spec.launchType,
    overrides: task.spec.overrides ? { containerOverrides: [], ...task.spec.overrides } : undefined,
    ...(opts.tags ? { tags: effectiveTags(task, task.spec.tags) } : {}),
  });
}

/** A service's task from its pod. */
export function describeServicePod(
  p: Partition,
  cluster: string,
  service: { name: string; family?: string; deploymentId?: string; stoppedReason?: string; launchType?: string | null },
  pod: LiveObject,
  id: string,
  revision: string | undefined,
  now: string,
): Record<string, unknown> {
  const observed = observeTaskPod(pod);
  const computed = computeTaskStatus({
    family: service.family ?? '',
    revision: Number(revision ?? 0),
    count: 1,
    expectedPods: [observed.name],
    pods: [observed],
    previous: undefined,
    generation: 0,
    now,
  });
  const entry = computed.status.tasks?.[0];
  return assemble(p, {
    id,
    cluster,
    taskDefinition: service.family && revision ? `${service.family}:${revision}` : undefined,
    entry,
    view: podView(pod, observed.ecsNames),
    stoppedReason: service.stoppedReason ?? computed.status.stoppedReason ?? undefined,
    createdAt: pod.metadata.creationTimestamp,
    group: `service:${service.name}`,
    startedBy: service.deploymentId,
    launchType: service.launchType,
  });
}
