/**
 * The status of an ECS Service, computed purely from what was observed (the workload, its pods and
 * the previous status), as DescribeServices would report it: counts, deployments with their
 * rollout state, the circuit breaker's verdict, ECS-style events and conditions.
 *
 * The previous status is the operator's only memory (it lives in the cluster, so a restarted
 * operator picks up where the last one stopped): which revision failed, which one last completed.
 * Timestamps only move when something they describe changes, so a resync over an idle service
 * computes a byte-identical status and nothing is written.
 */
import { createHash } from 'node:crypto';
import type { ServiceStatus } from '../api/resources.js';
import { canonicalJson } from '../kube/plan.js';
import { setCondition, type Condition } from './conditions.js';

type Deployment = NonNullable<ServiceStatus['deployments']>[number];
type ServiceEvent = NonNullable<ServiceStatus['events']>[number];

/** A pod as the status needs it. */
export interface ObservedPod {
  name: string;
  /** The task definition revision the pod runs (its `ecs2eks.dev/revision` label). */
  revision: number | undefined;
  /** Running and ready (every container's readiness probe passes). */
  ready: boolean;
  /** Being deleted. */
  terminating: boolean;
  /** 1 when its task stopped or cannot start (a failed task, for the breaker), else 0. */
  failures: number;
  /** Its task has stopped or is stopping: the pod finished, or the operator's active deadline is set. */
  stopped?: boolean;
  /** An essential container that exited (now or before a restart): ECS stops the task. */
  exit?: {
    /** Its ECS name, and its name in the pod. */
    container: string;
    kubeName?: string;
    exitCode?: number;
    reason?: string;
    message?: string;
    /** The kubelet stopped it because its liveness probe (the ECS health check) failed. */
    healthCheck?: boolean;
  };
  /** When it last became ready (its Ready condition's transition time), while ready. */
  readySince?: string;
  /** Bound to a node (false while the scheduler has not placed it, or cannot). Absent means placed. */
  placed?: boolean;
  /** Why its task cannot start: the kubelet's or scheduler's reason, ECS's name for it, and the message. */
  problem?: { reason: string; ecs: string; message: string };
}

/** The generated Deployment or DaemonSet, as the status needs it. */
export interface ObservedWorkload {
  kind: 'Deployment' | 'DaemonSet';
  /** metadata.generation and status.observedGeneration: the controller has seen our last change. */
  generation: number;
  observedGeneration: number;
  /** For a DaemonSet: desiredNumberScheduled. */
  desired: number;
  updated: number;
  available: number;
  /** Deployment condition Progressing=False with ProgressDeadlineExceeded. */
  progressDeadlineExceeded: boolean;
}

export interface CircuitBreaker {
  enable: boolean;
  rollback: boolean;
  /** Failed tasks that trip it (circuitBreakerThreshold). */
  threshold: number;
}

export interface ServiceStatusInput {
  serviceName: string;
  family: string;
  /** The revision the workload was built from in this reconcile. */
  revision: number;
  /** Set when `revision` is a rollback away from this failed revision. */
  rolledBackFrom?: number;
  /** desiredCount for REPLICA (after HPA or scale), the node count for DAEMON. */
  desiredCount: number;
  workload: ObservedWorkload | undefined;
  pods: ObservedPod[];
  previous: ServiceStatus | undefined | null;
  circuitBreaker: CircuitBreaker;
  selector: string;
  generation: number;
  /** ISO time of this computation; used only where something changed. */
  now: string;
}

export interface ComputedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface ServiceStatusResult {
  status: ServiceStatus;
  /** New ECS-style events of this computation (also recorded as Kubernetes Events). */
  events: ComputedEvent[];
  /** Pods whose task must be stopped now: an essential container exited (ECS stops the whole task). */
  stopPods: string[];
  /** When set, compute again after this long (the quiet period after a stopped task ends then). */
  recheckAfterMs?: number;
}

const MAX_EVENTS = 20;
const MAX_INACTIVE = 5;
/**
 * A service whose task stopped less than this long ago is not in a steady state (and a deployment
 * not completed): a service whose tasks keep exiting is never Ready, instead of flapping to Ready
 * each time a replacement starts.
 */
export const QUIET_AFTER_STOP_MS = 30_000;
/**
 * A deployment completes only once its tasks have stayed ready this long: a task that exits a second
 * after it started must count against the new deployment (the circuit breaker watches a deployment
 * only until it completes), not find it already COMPLETED because the pods were ready for a moment.
 */
export const SETTLE_MS = 10_000;

/**
 * How long after the last stop the next one waits, given the stops since the service was last steady.
 * ECS slows down a service whose tasks keep failing; a ReplicaSet would replace a stopped pod at once,
 * forever. From the fourth stop on, 10 s, doubling up to 5 minutes (the kubelet's own crash-loop
 * back-off); meanwhile the kubelet restarts the exited container in place, and the task is not counted
 * as running.
 */
export function stopBackoffMs(consecutive: number): number {
  return consecutive < 3 ? 0 : Math.min(10_000 * 2 ** (consecutive - 3), 300_000);
}

/** How long a new stop must still wait at `now`, after the last one recorded in `previous` (0: none). */
export function stopWaitMs(previous: ServiceStatus | undefined | null, now: string): number {
  const last = previous?.lastStoppedTask;
  if (!last) return 0;
  return Math.max(0, stopBackoffMs(last.consecutive ?? 0) - (Date.parse(now) - Date.parse(last.stoppedAt)));
}

/** ECS's stoppedReason for a task whose essential container exited. */
export function stoppedReason(exit: NonNullable<ObservedPod['exit']>): string {
  const who = `container "${exit.container}"`;
  if (exit.healthCheck)
    return `Task failed container health checks: ${who} was stopped by the kubelet after its health check failed (exit code ${exit.exitCode ?? 'unknown'})`;
  if (exit.reason === 'StartError')
    return `CannotStartContainerError: ${who} could not start: ${exit.message ?? `exit code ${exit.exitCode ?? 'unknown'}`}`;
  if (exit.reason === 'OOMKilled')
    return `OutOfMemoryError: ${who} was killed for using more memory than its limit (exit code ${exit.exitCode ?? 137})`;
  const code = exit.exitCode;
  const signal = code !== undefined && code > 128 ? ` (killed by signal ${code - 128})` : '';
  return `Essential container in task exited: ${who} exited with code ${code ?? 'unknown'}${signal}`;
}

/** `tasks cannot start: ResourceInitializationError: secret "db" not found (pod web-1)`. */
function cannotStart(p: ObservedPod): string {
  const why = p.problem!.message ? `: ${p.problem!.message}` : '';
  return `tasks cannot start: ${p.problem!.ecs} (${p.problem!.reason}${why}; pod ${p.name})`;
}

/** eventId: unique per event (time, position, text), stable for the same computation. */
function eventId(now: string, position: number, message: string): string {
  return createHash('sha256').update(`${now}\u0000${position}\u0000${message}`).digest('hex').slice(0, 12);
}

/** taskDefinitionId renders `family:revision`. */
export function taskDefinitionId(family: string, revision: number): string {
  return `${family}:${revision}`;
}

function deploymentId(family: string, revision: number): string {
  return `ecs-svc/${family}-${revision}`;
}

function revisionOf(d: Deployment): number {
  return Number(d.taskDefinition.slice(d.taskDefinition.lastIndexOf(':') + 1));
}

/**
 * chooseRevision decides which revision to run: the target (latest or pinned), unless the circuit
 * breaker failed that very revision and rollback is on, in which case the newest revision that
 * completed (ECS's rollback target). A new target revision always rolls forward again.
 */
export function chooseRevision(
  target: number,
  previous: ServiceStatus | undefined | null,
  rollback: boolean,
): { revision: number; rolledBackFrom?: number } {
  if (!rollback) return { revision: target };
  const deployments = previous?.deployments ?? [];
  const failed = deployments.some((d) => revisionOf(d) === target && d.rolloutState === 'FAILED');
  if (!failed) return { revision: target };
  const completed = deployments.filter(
    (d) =>
      d.rolloutState === 'COMPLETED' &&
      // Stryker disable next-line ConditionalExpression: equivalent, a status holds one deployment per revision and the target's is FAILED
      revisionOf(d) !== target,
  );
  const last = completed.sort(
    (a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || revisionOf(b) - revisionOf(a),
  )[0];
  if (last) return { revision: revisionOf(last), rolledBackFrom: target };
  // A rollback under way: its deployment is PRIMARY and not completed yet. When the revision it returns
  // to had no task left (INACTIVE) the rollback started a new deployment for it, which replaced the
  // completed record: stay on it rather than deploy the failed revision again.
  const rollingBack = deployments.find((d) => d.status === 'PRIMARY' && revisionOf(d) !== target);
  return rollingBack ? { revision: revisionOf(rollingBack), rolledBackFrom: target } : { revision: target };
}

/** The primary deployment's rollout state from the workload and the breaker. */
function rolloutOf(
  input: ServiceStatusInput,
  prev: Deployment | undefined,
  failures: number,
  oldPods: number,
  quiet: boolean,
  settledPods: number,
): { state: Deployment['rolloutState']; reason: string } {
  if (prev?.rolloutState === 'FAILED')
    return { state: 'FAILED', reason: prev.rolloutStateReason ?? 'deployment failed' };
  const cb = input.circuitBreaker;
  // A completed deployment stays completed: later task failures are a running service's business, not a rollout's.
  if (prev?.rolloutState === 'COMPLETED')
    return { state: 'COMPLETED', reason: prev.rolloutStateReason ?? 'ECS deployment completed.' };
  if (cb.enable && failures >= cb.threshold) {
    return {
      state: 'FAILED',
      reason: `ECS deployment circuit breaker: ${failures} tasks failed to start (threshold ${cb.threshold}).`,
    };
  }
  const w = input.workload;
  const settled =
    !!w &&
    w.observedGeneration >= w.generation &&
    w.updated >= input.desiredCount &&
    w.available >= input.desiredCount &&
    oldPods === 0 &&
    quiet &&
    settledPods >= input.desiredCount;
  if (settled) return { state: 'COMPLETED', reason: 'ECS deployment completed.' };
  return {
    state: 'IN_PROGRESS',
    reason: w?.progressDeadlineExceeded
      ? 'Tasks are not becoming healthy within the progress deadline.'
      : 'ECS deployment in progress.',
  };
}

/** Keeps the previous entry (and its updatedAt) when nothing but the time would change. */
function stable(prev: Deployment | undefined, next: Deployment): Deployment {
  if (!prev) return next;
  const { updatedAt: _a, ...p } = prev;
  const { updatedAt: _b, ...n } = next;
  // The previous status comes back from the apiserver with its keys in another order: compare canonically.
  return canonicalJson(p) === canonicalJson(n) ? prev : next;
}

/** computeServiceStatus: see the file comment. */
export function computeServiceStatus(input: ServiceStatusInput): ServiceStatusResult {
  const prevStatus = input.previous ?? {};
  const prevDeployments = prevStatus.deployments ?? [];
  const events: ComputedEvent[] = [];
  const svc = `(service ${input.serviceName})`;
  // A pod no node can take is no task at all in ECS (placement failed, nothing was started): it is
  // counted nowhere and never "started"; the Ready condition names the scheduler's verdict instead.
  const unplaced = input.pods.filter((p) => !p.terminating && p.placed === false);
  // An essential container exited in a pod that still runs: ECS stops the whole task (the operator
  // does, after this computation), and the service replaces it.
  const toStop = input.pods.filter((p) => p.exit && !p.stopped && !p.terminating);
  // Tasks that count as running or pending: placed, not being deleted, not stopped or stopping.
  const live = input.pods.filter((p) => !p.terminating && p.placed !== false && !p.stopped && !p.exit);
  const byRevision = new Map<number, ObservedPod[]>();
  for (const p of live) {
    if (p.revision === undefined) continue;
    byRevision.set(p.revision, [...(byRevision.get(p.revision) ?? []), p]);
  }
  const primaryPods = byRevision.get(input.revision) ?? [];
  const oldPods = live.filter((p) => p.revision !== input.revision).length;
  const prevPrimary = prevDeployments.find((d) => revisionOf(d) === input.revision && d.status !== 'INACTIVE');
  // Stopped pods stay (Failed) until the operator collects them; pods being deleted (scale-in, a
  // rollout) are not failures, whatever their containers exit with on the way out.
  const observedFailures = input.pods
    .filter((p) => p.revision === input.revision && !p.terminating)
    .reduce((n, p) => n + p.failures, 0);
  // Pods that failed and were collected take their count with them: the recorded count never goes down.
  const failures = Math.max(prevPrimary?.failedTasks ?? 0, observedFailures);

  // The last task stopped, and whether the quiet period after it has passed. A pod already recorded
  // (a second pass on a cache that has not seen the stop yet) is not a new stop.
  const prevLast = prevStatus.lastStoppedTask ?? undefined;
  const nowMs = Date.parse(input.now);
  const candidates = toStop.filter((p) => p.name !== prevLast?.task);
  const wait = stopWaitMs(prevStatus, input.now);
  const throttled = candidates.length > 0 && wait > 0;
  const newStops = throttled ? [] : candidates;
  const recovered = prevStatus.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const lastStopped = newStops[0]
    ? {
        task: newStops[0].name,
        stoppedAt: input.now,
        stoppedReason: stoppedReason(newStops[0].exit!),
        // Stops since the service was last steady: what the throttle backs off on.
        consecutive: (recovered ? 0 : (prevLast?.consecutive ?? 0)) + newStops.length,
      }
    : prevLast;
  const sinceStop = lastStopped ? nowMs - Date.parse(lastStopped.stoppedAt) : Infinity;
  const quiet = !(sinceStop < QUIET_AFTER_STOP_MS);
  const settledPods = primaryPods.filter(
    // A pod whose readiness time is unknown counts as settled.
    (p) => p.ready && !(p.readySince && nowMs - Date.parse(p.readySince) < SETTLE_MS),
  ).length;
  const rollout = rolloutOf(input, prevPrimary, failures, oldPods, quiet, settledPods);

  const primary = stable(prevPrimary, {
    id: deploymentId(input.family, input.revision),
    status: 'PRIMARY',
    taskDefinition: taskDefinitionId(input.family, input.revision),
    desiredCount: input.desiredCount,
    runningCount: primaryPods.filter((p) => p.ready).length,
    pendingCount: primaryPods.filter((p) => !p.ready).length,
    failedTasks: failures,
    rolloutState: rollout.state,
    rolloutStateReason: rollout.reason,
    createdAt: prevPrimary?.createdAt ?? input.now,
    updatedAt: input.now,
  });

  // Older revisions that still have pods are ACTIVE; the rest is history (INACTIVE), kept for rollback.
  const others: Deployment[] = [];
  for (const d of prevDeployments) {
    const rev = revisionOf(d);
    if (rev === input.revision) continue;
    const pods = byRevision.get(rev) ?? [];
    const status: Deployment['status'] = pods.length > 0 ? 'ACTIVE' : 'INACTIVE';
    let next: Deployment = {
      ...d,
      status,
      runningCount: pods.filter((p) => p.ready).length,
      pendingCount: pods.filter((p) => !p.ready).length,
      desiredCount: status === 'ACTIVE' ? d.desiredCount : 0,
      updatedAt: input.now,
    };
    // A deployment replaced before it finished is not a failure, but it did not complete either.
    if (next.rolloutState === 'IN_PROGRESS' && status === 'INACTIVE')
      next = {
        ...next,
        rolloutState: 'FAILED',
        rolloutStateReason: 'Replaced by a newer deployment before it completed.',
      };
    others.push(stable(d, next));
  }
  for (const [rev, pods] of [...byRevision].sort(([a], [b]) => a - b)) {
    if (rev === input.revision || others.some((d) => revisionOf(d) === rev)) continue;
    others.push({
      id: deploymentId(input.family, rev),
      status: 'ACTIVE',
      taskDefinition: taskDefinitionId(input.family, rev),
      desiredCount: 0,
      runningCount: pods.filter((p) => p.ready).length,
      pendingCount: pods.filter((p) => !p.ready).length,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
      rolloutStateReason: 'Running before this operator recorded it.',
      createdAt: input.now,
      updatedAt: input.now,
    });
  }
  const active = others.filter((d) => d.status === 'ACTIVE');
  // `others` lists the deployments replaced last first (the previous PRIMARY and ACTIVE ones come before the
  // older INACTIVE ones): keep the newest history, which holds the rollback target and the failed revision.
  const inactive = others.filter((d) => d.status === 'INACTIVE').slice(0, MAX_INACTIVE);

  // Events: what changed since the previous status, in ECS's words.
  // A status holds one deployment per revision, so this revision's deployment was PRIMARY exactly when the
  // previous PRIMARY ran this revision: anything else is a new deployment (or a rollback).
  if (prevPrimary?.status !== 'PRIMARY') {
    events.push(
      input.rolledBackFrom !== undefined
        ? {
            type: 'Warning',
            reason: 'RollingBack',
            message: `${svc} rolling back to ${taskDefinitionId(input.family, input.revision)} after deployment ${deploymentId(input.family, input.rolledBackFrom)} failed.`,
          }
        : {
            type: 'Normal',
            reason: 'DeploymentStarted',
            message: `${svc} started deployment ${primary.id} of ${primary.taskDefinition}.`,
          },
    );
  }
  const started = primaryPods.length - ((prevPrimary?.runningCount ?? 0) + (prevPrimary?.pendingCount ?? 0));
  if (started > 0)
    events.push({
      type: 'Normal',
      reason: 'TasksStarted',
      message: `${svc} has started ${started} task${started === 1 ? '' : 's'}.`,
    });
  for (const p of newStops)
    events.push({
      type: 'Warning',
      reason: 'TaskStopped',
      message: `${svc} has stopped 1 running tasks: (task ${p.name}). ${stoppedReason(p.exit!)}.`,
    });
  if (rollout.state === 'FAILED' && prevPrimary?.rolloutState !== 'FAILED') {
    events.push({
      type: 'Warning',
      reason: 'DeploymentFailed',
      message: `${svc} deployment ${primary.id} failed: ${rollout.reason}`,
    });
  }
  const running = primary.runningCount ?? 0;
  const steady = rollout.state === 'COMPLETED' && running === input.desiredCount && active.length === 0 && quiet;
  // A task that cannot start, as the kubelet or the scheduler says; told once per distinct problem.
  // A pod the kubelet refused (failed before it ran) is a stopped task that says why it cannot start.
  const refused = input.pods.filter((p) => p.stopped && p.problem && !p.terminating);
  const stuck = steady ? undefined : [...live, ...unplaced, ...refused].find((p) => p.problem && !p.ready);
  const prevReady = (prevStatus.conditions ?? []).find((c) => c.type === 'Ready');
  if (stuck && !(prevReady?.reason === stuck.problem!.reason && prevReady.message?.endsWith(cannotStart(stuck))))
    events.push({ type: 'Warning', reason: stuck.problem!.reason, message: `${svc} ${cannotStart(stuck)}` });
  const wasSteady = prevStatus.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  if (steady && !wasSteady)
    events.push({ type: 'Normal', reason: 'SteadyState', message: `${svc} has reached a steady state.` });

  const prevEvents = prevStatus.events ?? [];
  const ecsEvents: ServiceEvent[] = [
    ...events
      .map((e, i) => ({
        id: eventId(input.now, prevEvents.length + i, e.message),
        createdAt: input.now,
        message: e.message,
      }))
      .reverse(),
    ...prevEvents,
  ].slice(0, MAX_EVENTS);

  let conditions = (prevStatus.conditions ?? []) as Condition[];
  const g = input.generation;
  conditions = setCondition(
    conditions,
    steady
      ? {
          type: 'Ready',
          status: 'True',
          reason: 'SteadyState',
          message: `${running}/${input.desiredCount} tasks running ${primary.taskDefinition}`,
          observedGeneration: g,
        }
      : stuck && rollout.state !== 'FAILED'
        ? {
            type: 'Ready',
            status: 'False',
            // The kubelet's or scheduler's own reason, with ECS's name for it in the message.
            reason: stuck.problem!.reason,
            message: `${running}/${input.desiredCount} tasks running ${primary.taskDefinition}; ${cannotStart(stuck)}`,
            observedGeneration: g,
          }
        : !quiet && lastStopped && rollout.state !== 'FAILED'
          ? {
              type: 'Ready',
              status: 'False',
              reason: 'TaskStopped',
              message: `${running}/${input.desiredCount} tasks running ${primary.taskDefinition}; task ${lastStopped.task} stopped at ${lastStopped.stoppedAt}: ${lastStopped.stoppedReason}${throttled ? `; tasks keep stopping: the next stop waits ${Math.ceil(wait / 1000)} s` : ''}`,
              observedGeneration: g,
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: rollout.state === 'FAILED' ? 'DeploymentFailed' : 'RolloutInProgress',
              message: `${running}/${input.desiredCount} tasks running ${primary.taskDefinition}; ${rollout.reason}`,
              observedGeneration: g,
            },
    input.now,
  );
  conditions = setCondition(
    conditions,
    rollout.state === 'IN_PROGRESS' || active.length > 0
      ? {
          type: 'Progressing',
          status: 'True',
          reason: 'RolloutInProgress',
          message: rollout.reason,
          observedGeneration: g,
        }
      : {
          type: 'Progressing',
          status: 'False',
          reason: rollout.state === 'FAILED' ? 'DeploymentFailed' : 'RolloutComplete',
          message: rollout.reason,
          observedGeneration: g,
        },
    input.now,
  );
  const degraded = rollout.state === 'FAILED' || input.rolledBackFrom !== undefined;
  conditions = setCondition(
    conditions,
    degraded
      ? {
          type: 'Degraded',
          status: 'True',
          reason: input.rolledBackFrom !== undefined ? 'RolledBack' : 'DeploymentFailed',
          message:
            input.rolledBackFrom !== undefined
              ? `deployment of ${taskDefinitionId(input.family, input.rolledBackFrom)} failed; running ${primary.taskDefinition}`
              : rollout.reason,
          observedGeneration: g,
        }
      : {
          type: 'Degraded',
          status: 'False',
          reason: 'Healthy',
          message: 'no failed deployment',
          observedGeneration: g,
        },
    input.now,
  );
  // Accepted is owned by the reconciler's error path; a computed status means the spec was accepted.
  conditions = setCondition(
    conditions,
    { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'spec translated', observedGeneration: g },
    input.now,
  );

  const status: ServiceStatus = {
    status: 'ACTIVE',
    desiredCount: input.desiredCount,
    runningCount: live.filter((p) => p.ready).length,
    pendingCount: live.filter((p) => !p.ready).length,
    taskDefinition: primary.taskDefinition,
    rolloutState: primary.rolloutState,
    selector: input.selector,
    deployments: [primary, ...active, ...inactive],
    deploymentSummary: [primary, ...active, ...inactive]
      .map((d) => [d.taskDefinition, d.status, d.rolloutState].filter(Boolean).join(' '))
      .join(', '),
    events: ecsEvents,
    ...(lastStopped ? { lastStoppedTask: lastStopped } : {}),
    conditions,
    observedGeneration: g,
  };
  return {
    status,
    events,
    // A throttled stop waits; one already recorded is asked again (idempotent), in case it failed.
    stopPods: toStop.filter((p) => !throttled || p.name === prevLast?.task).map((p) => p.name),
    ...(quiet && !throttled
      ? {}
      : {
          recheckAfterMs: Math.min(quiet ? Infinity : QUIET_AFTER_STOP_MS - sinceStop, throttled ? wait : Infinity),
        }),
  };
}
