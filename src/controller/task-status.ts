/**
 * The status of an ECS Task (RunTask), computed purely from its pods, as DescribeTasks reports it,
 * and the one action ECS semantics need beyond Kubernetes: when an essential container has exited
 * while others still run (or have not started yet), the task stops, so the operator deletes that pod.
 *
 * A stopped task's status is final: once recorded, container exit codes and the stop code are
 * kept even after its pods are gone (the pod may be deleted right after the status is written).
 */
import type { TaskStatus } from '../api/resources.js';
import { setCondition, type Condition } from './conditions.js';

type ContainerStatus = NonNullable<TaskStatus['containers']>[number];
type TaskEntry = NonNullable<TaskStatus['tasks']>[number];

/** One container of a pod, as kubelet (or kwok) reports it. */
export interface ObservedContainer {
  /** Kubernetes container name. */
  name: string;
  state: 'waiting' | 'running' | 'terminated';
  exitCode?: number;
  reason?: string;
  /** The runtime's message, e.g. why it could not start (reason StartError). */
  message?: string;
  /** True when it ever ran (started, or terminated after running). */
  started: boolean;
}

export interface ObservedTaskPod {
  name: string;
  phase: string;
  terminating: boolean;
  /** Kubernetes container name → ECS container name (pod annotation). */
  ecsNames: Record<string, string>;
  /** Kubernetes names of the essential containers (pod annotation). */
  essential: string[];
  containers: ObservedContainer[];
  startedAt?: string;
  /** Why it cannot start, as the kubelet or the scheduler says (see startProblem in observe.ts). */
  problem?: { reason: string; ecs: string; message: string };
}

export interface TaskStatusInput {
  family: string;
  revision: number;
  count: number;
  /** Names of the pods the task should have (translateTask's output). */
  expectedPods: string[];
  pods: ObservedTaskPod[];
  previous: TaskStatus | undefined | null;
  generation: number;
  now: string;
}

export interface TaskStatusResult {
  status: TaskStatus;
  /** Pods to delete now: an essential container exited while others still run or could still start. */
  stopPods: string[];
  /** True once every pod has stopped: no pod may be (re)created any more. */
  stopped: boolean;
}

function containerStatus(pod: ObservedTaskPod, c: ObservedContainer): ContainerStatus {
  const name = pod.ecsNames[c.name] ?? c.name;
  if (c.state === 'terminated')
    return { name, lastStatus: 'STOPPED', exitCode: c.exitCode ?? null, reason: containerReason(c) };
  return { name, lastStatus: c.state === 'running' ? 'RUNNING' : 'PENDING' };
}

/** The reason ECS would give: the runtime's words for a container that could not start. */
function containerReason(c: ObservedContainer): string | null {
  if (c.reason === 'StartError') return `CannotStartContainerError: ${c.message ?? 'the runtime could not start it'}`;
  return c.reason ?? null;
}

/**
 * When a task stops, ECS stops every container with it: the ones still running are stopped with it
 * (`runningReason`), the ones that had not started yet never will.
 */
function stopContainers(containers: ContainerStatus[], runningReason: string): ContainerStatus[] {
  return containers.map((c) =>
    c.lastStatus === 'STOPPED'
      ? c
      : { ...c, lastStatus: 'STOPPED', reason: c.lastStatus === 'RUNNING' ? runningReason : 'Never started' },
  );
}

interface PodVerdict {
  entry: TaskEntry;
  stopped: boolean;
  /** Delete the pod: an essential container exited and another still runs or could still start. */
  stop: boolean;
  startedAt?: string;
}

function judgePod(pod: ObservedTaskPod): PodVerdict {
  const observed = pod.containers.map((c) => containerStatus(pod, c));
  const exitedEssential = pod.containers.find((c) => pod.essential.includes(c.name) && c.state === 'terminated');
  const anyRunning = pod.containers.some((c) => c.state === 'running');
  // Running, or not started yet: once the task has stopped, none of them may run.
  const unfinished = pod.containers.some((c) => c.state !== 'terminated');
  const terminalPhase = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  // The task failed to start when none of its essential containers ever ran (a sidecar may have);
  // when the pod does not name its essential containers, when none of its containers ever ran.
  const essentials = pod.containers.filter((c) => pod.essential.includes(c.name));
  const neverStarted = (essentials.length > 0 ? essentials : pod.containers).every((c) => !c.started);
  let stopCode: string | undefined;
  if (exitedEssential) stopCode = exitedEssential.started ? 'EssentialContainerExited' : 'TaskFailedToStart';
  else if (terminalPhase && neverStarted) stopCode = 'TaskFailedToStart';
  else if (terminalPhase) stopCode = 'EssentialContainerExited';
  const stopped = terminalPhase || !!exitedEssential;
  const containers = stopped ? stopContainers(observed, 'Stopped because an essential container exited') : observed;
  const lastStatus = stopped ? 'STOPPED' : pod.phase === 'Running' && anyRunning ? 'RUNNING' : 'PENDING';
  return {
    entry: { pod: pod.name, lastStatus, stopCode: stopCode ?? null, containers },
    stopped,
    stop: !!exitedEssential && unfinished && !pod.terminating,
    startedAt: pod.startedAt,
  };
}

/** computeTaskStatus: see the file comment. */
/** `: CannotStartContainerError: ...` when the runtime could not start one of the task's containers. */
function startError(containers: ContainerStatus[] | undefined | null): string {
  const c = containers?.find((x) => x.reason?.startsWith('CannotStartContainerError'));
  return c ? ` (${c.name}): ${c.reason}` : '';
}

/** `: CannotStartContainerError (SysctlForbidden: ...)` when the kubelet said why the pod could not start. */
function refusal(pod: ObservedTaskPod | undefined): string {
  const p = pod?.problem;
  return p ? `: ${p.ecs} (${p.reason}${p.message ? `: ${p.message}` : ''})` : '';
}

export function computeTaskStatus(input: TaskStatusInput): TaskStatusResult {
  const prev = input.previous ?? {};
  const prevEntries = new Map(prev.tasks?.map((t) => [t.pod, t] as const));
  const observed = new Map(input.pods.map((p) => [p.name, p]));
  const entries: TaskEntry[] = [];
  const stopPods: string[] = [];
  let startedAt = prev.startedAt ?? undefined;
  for (const name of input.expectedPods) {
    const before = prevEntries.get(name);
    // A recorded STOPPED entry is final: the pod may already be gone.
    if (before?.lastStatus === 'STOPPED') {
      entries.push(before);
      continue;
    }
    const pod = observed.get(name);
    if (!pod) {
      // Never created yet: provisioning. Created before and now gone without a recorded stop: someone deleted it.
      entries.push(
        before
          ? {
              ...before,
              lastStatus: 'STOPPED',
              stopCode: 'UserInitiated',
              stoppedAt: input.now,
              containers: before.containers && stopContainers(before.containers, 'Stopped because its pod was deleted'),
            }
          : { pod: name, lastStatus: 'PROVISIONING', containers: [] },
      );
      continue;
    }
    const v = judgePod(pod);
    // Each task keeps its own times: when it started, and when it was first seen stopped (final).
    const ran = v.entry.lastStatus === 'RUNNING' || (v.stopped && v.entry.stopCode === 'EssentialContainerExited');
    const startedAtOfPod = before?.startedAt ?? (ran ? (v.startedAt ?? input.now) : undefined);
    entries.push({
      ...v.entry,
      ...(startedAtOfPod ? { startedAt: startedAtOfPod } : {}),
      ...(v.stopped ? { stoppedAt: input.now } : {}),
    });
    if (v.stop) stopPods.push(name);
    if (v.entry.lastStatus === 'RUNNING' && !startedAt) startedAt = v.startedAt ?? input.now;
  }

  const all = (s: string) => entries.every((e) => e.lastStatus === s);
  const stopped = entries.length > 0 && all('STOPPED');
  let lastStatus: NonNullable<TaskStatus['lastStatus']>;
  if (stopped) lastStatus = 'STOPPED';
  else if (entries.some((e) => e.lastStatus === 'STOPPED')) lastStatus = 'DEACTIVATING';
  else if (all('RUNNING')) lastStatus = 'RUNNING';
  else if (entries.every((e) => e.lastStatus === 'PROVISIONING')) lastStatus = 'PROVISIONING';
  else lastStatus = 'PENDING';

  // The task's stop code is the first pod's that stopped, as ECS reports one reason per task. Only a
  // stopped pod has one, so the task has one as soon as it is STOPPED or DEACTIVATING.
  const firstStop = entries.find((e) => e.stopCode);
  const stopCode = firstStop?.stopCode as TaskStatus['stopCode'];
  const exited = firstStop?.containers?.find((c) => typeof c.exitCode === 'number');
  const stoppedReason =
    stopCode === 'EssentialContainerExited'
      ? `Essential container in task exited${exited ? ` (${exited.name}: exit code ${exited.exitCode})` : ''}`
      : stopCode === 'TaskFailedToStart'
        ? `Task failed to start${refusal(input.pods.find((p) => p.name === firstStop?.pod)) || startError(firstStop?.containers)}`
        : stopCode === 'UserInitiated'
          ? 'Task stopped by user (its pod was deleted)'
          : undefined;

  const g = input.generation;
  let conditions = (prev.conditions ?? []) as Condition[];
  const stuck = input.pods.find((p) => p.problem && !p.terminating && input.expectedPods.includes(p.name));
  const failedExit = entries.some((e) => e.containers?.some((c) => typeof c.exitCode === 'number' && c.exitCode !== 0));
  conditions = setCondition(
    conditions,
    { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'spec translated', observedGeneration: g },
    input.now,
  );
  conditions = setCondition(
    conditions,
    stopped
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'Stopped',
          message: stoppedReason ?? 'stopped',
          observedGeneration: g,
        }
      : lastStatus === 'RUNNING'
        ? {
            type: 'Ready',
            status: 'True',
            reason: 'Running',
            message: `${entries.length} task(s) running`,
            observedGeneration: g,
          }
        : stuck
          ? {
              // ECS's RunTask reports a task it cannot place (or start) as a failure; here the task stays
              // PENDING, as its pod does, and says why in the kubelet's or scheduler's words: placement can
              // still succeed when a node is added, as Kubernetes keeps trying.
              type: 'Ready',
              status: 'False',
              reason: stuck.problem!.reason,
              message: `task ${lastStatus.toLowerCase()}: cannot start: ${stuck.problem!.ecs} (${stuck.problem!.reason}${stuck.problem!.message ? `: ${stuck.problem!.message}` : ''}; pod ${stuck.name})`,
              observedGeneration: g,
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: lastStatus === 'DEACTIVATING' ? 'Stopping' : 'Pending',
              message:
                lastStatus === 'DEACTIVATING'
                  ? `${entries.filter((e) => e.lastStatus === 'STOPPED').length} of ${entries.length} tasks stopped (` +
                    entries
                      .filter((e) => e.lastStatus === 'STOPPED')
                      .map((e) => `${e.pod}: ${e.stopCode ?? 'stopped'}`)
                      .join(', ') +
                    `); ${entries.filter((e) => e.lastStatus === 'RUNNING').length} running`
                  : `task ${lastStatus.toLowerCase()}`,
              observedGeneration: g,
            },
    input.now,
  );
  conditions = setCondition(
    conditions,
    stopped
      ? {
          type: 'Stopped',
          status: 'True',
          reason: stopCode ?? 'Stopped',
          message: stoppedReason ?? 'stopped',
          observedGeneration: g,
        }
      : {
          type: 'Stopped',
          status: 'False',
          reason: 'NotStopped',
          message: 'the task has not stopped',
          observedGeneration: g,
        },
    input.now,
  );
  conditions = setCondition(
    conditions,
    // Every task (pod) must have run and exited 0: not one that failed to start or was deleted.
    stopped && !failedExit && entries.every((e) => e.stopCode === 'EssentialContainerExited')
      ? {
          type: 'Succeeded',
          status: 'True',
          reason: 'ExitedZero',
          message: 'every stopped container exited with code 0',
          observedGeneration: g,
        }
      : stopped
        ? {
            type: 'Succeeded',
            status: 'False',
            reason: stopCode ?? 'Failed',
            message: stoppedReason ?? 'failed',
            observedGeneration: g,
          }
        : {
            type: 'Succeeded',
            status: 'Unknown',
            reason: 'NotStopped',
            message: 'the task has not stopped',
            observedGeneration: g,
          },
    input.now,
  );

  const status: TaskStatus = {
    taskDefinition: `${input.family}:${input.revision}`,
    lastStatus,
    // One of several tasks stopping does not stop the others: the Task wants STOPPED only once all have.
    desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
    ...(stopCode ? { stopCode } : {}),
    ...(stoppedReason ? { stoppedReason } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(stopped ? { stoppedAt: prev.stoppedAt ?? input.now } : {}),
    tasks: entries,
    containers: entries[0]?.containers ?? [],
    conditions,
    observedGeneration: g,
  };
  return { status, stopPods, stopped };
}
