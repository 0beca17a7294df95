/**
 * The Task reconciler (RunTask): pins the task definition revision on first sight (an ECS task never
 * changes its task definition), creates each pod once (restartPolicy Never; a stopped pod is never
 * recreated), stops a pod when one of its essential containers has exited while others still run,
 * and reports DescribeTasks-style status. The status is written before a pod is deleted, so exit
 * codes survive the pod.
 */
import type { LiveObject } from '../../kube/api.js';
import { requireApplied } from '../../kube/apply.js';
import type { Logger } from 'pino';
import { build, type ParsedTask } from '../../ecs/parse/index.js';
import { parseTaskDefinitionRef } from '../../ecs/taskdef-ref.js';
import { translateTask } from '../../translate/index.js';
import { boundFindings, dedupeFindings } from '../../translate/findings.js';
import type { TaskStatus } from '../../api/resources.js';
import { BY_OWNER, TASK_OWNED } from '../caches.js';
import { observeTaskPod } from '../observe.js';
import type { ReconcileContext, Reconciler, Result } from '../runner.js';
import { computeTaskStatus } from '../task-status.js';
import {
  CACHE_BEHIND_RECHECK_MS,
  isFinished,
  nowIso,
  removeStoppedPod,
  removeVolumesOf,
  reportUserError,
  stopPod,
  type ReconcileEnv,
} from './env.js';
import { inactiveFindings, resolve } from './resolve.js';
import { inUseRecordFor } from '../revisions.js';
import { translateOrRemove } from './refused.js';

function parseTask(task: LiveObject): ParsedTask {
  const spec = (task['spec'] as Record<string, unknown> | undefined) ?? {};
  return build(
    'Task',
    spec,
    `Task ${task.metadata.namespace}/${task.metadata.name}`,
    task.metadata.name,
    task.metadata,
  ) as ParsedTask;
}

/**
 * A stopped task keeps its pods for `stoppedTasks.retentionMs` after it stopped (their logs), as ECS
 * shows a stopped task for about an hour; then they are deleted. The status, exit codes included,
 * stays on the Task.
 */
async function removeStoppedPods(
  env: ReconcileEnv,
  namespace: string,
  status: TaskStatus,
  pods: readonly LiveObject[],
  log: Logger,
): Promise<Result> {
  if (status.lastStatus !== 'STOPPED' || !status.stoppedAt || pods.length === 0) return {};
  const due = Date.parse(status.stoppedAt) + env.stoppedTasks.retentionMs - env.clock.now();
  if (due > 0) return { requeueAfterMs: due };
  let waiting = false;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (!isFinished(p)) {
      waiting = true; // still stopping: its containers have their grace period
      continue;
    }
    log.info({ pod: p.metadata.name }, 'removing the pod of a task stopped longer than the retention');
    await removeStoppedPod(env, namespace, p);
  }
  return waiting ? { requeueAfterMs: 5_000 } : {};
}

export function taskReconciler(env: ReconcileEnv): Reconciler {
  return {
    async reconcile({ namespace, name, log }: ReconcileContext): Promise<Result> {
      const task = env.caches.tasks.get(namespace, name);
      if (!task) await removeVolumesOf(env, 'Task', namespace, name, undefined, log);
      if (!task || task.metadata.deletionTimestamp) return {};
      // Decide from the status last written, never from an older copy (the watch brings it shortly).
      if (env.status.behind(task)) return { requeueAfterMs: CACHE_BEHIND_RECHECK_MS };
      await removeVolumesOf(env, 'Task', namespace, name, task.metadata.uid, log);
      const parsed = parseTask(task);
      const previous = (task['status'] as TaskStatus | undefined) ?? undefined;
      // Once started, the task keeps the revision it started with, as in ECS.
      const pinnedRef = previous?.taskDefinition ?? parsed.spec.taskDefinition;
      const resolved = resolve(env.caches, namespace, pinnedRef, { kind: 'Task', name, uid: task.metadata.uid });
      const family = resolved.family;
      const rev = previous?.taskDefinition
        ? (parseTaskDefinitionRef(previous.taskDefinition).revision ?? resolved.target.revision)
        : resolved.target.revision;
      const stored = resolved.revisions.find((r) => r.revision === rev) ?? resolved.target;
      const translation = await translateOrRemove(env, task, [...TASK_OWNED, ...env.volumeKinds], log, () =>
        translateTask(
          { name, task: parsed.spec, taskDefinition: { family, revision: stored.revision, spec: stored.spec } },
          env.translateOptions(namespace),
        ),
      );
      const podsWanted = translation.objects.filter((o) => o.kind === 'Pod');
      const others = translation.objects.filter((o) => o.kind !== 'Pod');

      const livePods = env.caches.pods.byIndex(BY_OWNER, `${namespace}/${name}`);
      // A pod created by an earlier pass that the cache has not shown yet is not a stopped task.
      const unseen = podsWanted.filter((p) =>
        env.expectations.awaiting(
          `${namespace}/${p.metadata.name}`,
          livePods.some((l) => l.metadata.name === p.metadata.name),
        ),
      );
      if (unseen.length > 0) return { requeueAfterMs: CACHE_BEHIND_RECHECK_MS };
      const now = nowIso(env);
      const result = computeTaskStatus({
        family,
        revision: stored.revision,
        count: podsWanted.length,
        expectedPods: podsWanted.map((p) => p.metadata.name),
        pods: livePods.map(observeTaskPod),
        previous,
        generation: task.metadata.generation ?? 0,
        now,
      });
      const status: TaskStatus = {
        ...result.status,
        findings: boundFindings(
          dedupeFindings([...parsed.findings, ...inactiveFindings('Task', resolved, stored), ...translation.findings]),
        ),
      };

      if (!result.stopped) {
        // Pods are created once: a pod that exists (or has stopped) is never applied again.
        const toCreate = podsWanted.filter((p) => {
          const entry = status.tasks?.find((t) => t.pod === p.metadata.name);
          return entry?.lastStatus === 'PROVISIONING' && !livePods.some((l) => l.metadata.name === p.metadata.name);
        });
        const record = inUseRecordFor('Task', name, namespace, stored);
        requireApplied(await env.applier.applyAll(task, [record, ...others, ...toCreate], log));
        for (const p of toCreate) env.expectations.expect(`${namespace}/${p.metadata.name}`);
      }
      const written = await env.status.patchIfChanged(task, status);
      if (written && status.lastStatus !== previous?.lastStatus) {
        const stopped = status.lastStatus === 'STOPPED';
        await env.events.record(
          task,
          stopped && status.stopCode !== 'EssentialContainerExited' ? 'Warning' : 'Normal',
          stopped
            ? 'TaskStopped'
            : `Task${(status.lastStatus ?? 'Pending').charAt(0)}${(status.lastStatus ?? 'PENDING').slice(1).toLowerCase()}`,
          stopped
            ? `task ${name} stopped: ${status.stoppedReason ?? status.stopCode ?? 'stopped'}`
            : `task ${name} is ${status.lastStatus}`,
        );
      }
      for (const pod of result.stopPods) {
        log.info({ pod }, 'an essential container exited: stopping the task');
        await stopPod(env, namespace, pod);
      }
      return removeStoppedPods(env, namespace, status, livePods, log);
    },
    async reportUserError({ namespace, name }, user) {
      await reportUserError(env, env.caches.tasks.get(namespace, name), user);
    },
  };
}
