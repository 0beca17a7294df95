/**
 * The Service reconciler: gather (the Service, its TaskDefinition revisions, the generated objects
 * and pods from the caches) → choose the revision (latest, pinned, or the rollback target after a
 * failed deployment) → translate (pure) → apply + prune → status (pure computation, written only
 * when it changed) + Events.
 */
import type { LiveObject } from '../../kube/api.js';
import { requireApplied } from '../../kube/apply.js';
import { RESOURCES } from '../../kube/resources.js';
import { build, type ParsedService } from '../../ecs/parse/index.js';
import {
  ANNOTATION_CIRCUIT_BREAKER,
  ANNOTATION_CIRCUIT_BREAKER_THRESHOLD,
  ANNOTATION_FORCE_NEW_DEPLOYMENT,
  ANNOTATION_ROLLBACK,
  LABEL_SERVICE,
  replicasManagedByHpa,
  selectorLabels,
  translateService,
} from '../../translate/index.js';
import type { KubeObject } from '../../translate/types.js';
import { boundFindings, dedupeFindings } from '../../translate/findings.js';
import type { ServiceStatus } from '../../api/resources.js';
import { BY_SERVICE_LABEL, SERVICE_OWNED } from '../caches.js';
import { isWorkloadPod, observePod, observeWorkload } from '../observe.js';
import type { ReconcileContext, Reconciler, Result } from '../runner.js';
import {
  chooseRevision,
  computeServiceStatus,
  stopWaitMs,
  type CircuitBreaker,
  type ObservedPod,
} from '../service-status.js';
import {
  CACHE_BEHIND_RECHECK_MS,
  isFinished,
  nowIso,
  removeStoppedPod,
  removeVolumesOf,
  reportUserError,
  stopPod,
  stoppedAtOf,
  type ReconcileEnv,
} from './env.js';
import type { Logger } from 'pino';
import { inactiveFindings, resolve } from './resolve.js';
import { desiredCountOverride } from '../autoscaling-status.js';
import type { Condition } from '../conditions.js';
import { inUseRecordFor } from '../revisions.js';
import { translateOrRemove } from './refused.js';

const IN_PROGRESS_RECHECK_MS = 5_000;

function parseService(svc: LiveObject): ParsedService {
  const spec = (svc['spec'] as Record<string, unknown> | undefined) ?? {};
  return build(
    'Service',
    spec,
    `Service ${svc.metadata.namespace}/${svc.metadata.name}`,
    svc.metadata.name,
    svc.metadata,
  ) as ParsedService;
}

function breakerOf(workload: KubeObject | undefined): CircuitBreaker {
  const a = workload?.metadata.annotations ?? {};
  return {
    enable: a[ANNOTATION_CIRCUIT_BREAKER] === 'enabled',
    rollback: a[ANNOTATION_ROLLBACK] === 'true',
    threshold: Number(a[ANNOTATION_CIRCUIT_BREAKER_THRESHOLD] ?? 3) || 3,
  };
}

/**
 * With an HPA, replicas belong to the HPA: the Deployment is applied without `replicas`, so our
 * field manager never owns it and never puts it back.
 */
function withoutHpaReplicas(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (o.kind !== 'Deployment' || !replicasManagedByHpa(o)) return o;
    const { replicas: _r, ...spec } = o['spec'] as Record<string, unknown>;
    return { ...o, spec };
  });
}

/** Field manager that owns only the starting replica count of an autoscaled Deployment. */
export const INITIAL_REPLICAS_MANAGER = 'ecs2eks-initial-replicas';

/**
 * An autoscaled Deployment is applied without `replicas` (the HPA owns it), so it would start at
 * Kubernetes' default of 1 until the HPA's first sync. ECS starts at desiredCount clamped into
 * [minCapacity, maxCapacity]: set that once, right after creation, under a field manager of its
 * own, so that our main apply never claims (and never resets) the field the HPA takes over.
 */
async function setInitialReplicas(
  env: ReconcileEnv,
  translated: KubeObject[],
  results: Awaited<ReturnType<ReconcileEnv['applier']['applyAll']>>,
): Promise<void> {
  for (const o of translated) {
    if (o.kind !== 'Deployment' || !replicasManagedByHpa(o)) continue;
    const created = results.some(
      (r) => r.kind === 'Deployment' && r.name === o.metadata.name && r.status === 'created',
    );
    const replicas = (o['spec'] as { replicas?: number }).replicas;
    if (!created || replicas === undefined) continue;
    await env.api.apply(
      RESOURCES.deployments,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
        spec: { replicas },
      },
      { fieldManager: INITIAL_REPLICAS_MANAGER },
    );
  }
}

/** Stops the tasks whose essential container exited, as ECS does; the ReplicaSet or DaemonSet replaces them. */
async function stopTasks(env: ReconcileEnv, namespace: string, pods: string[], log: Logger): Promise<void> {
  for (const pod of pods) {
    log.info({ pod }, 'an essential container exited: stopping the task');
    await stopPod(env, namespace, pod);
  }
}

/**
 * Marks the exits that were the kubelet's doing after a failed liveness probe (the ECS health check),
 * so the stop says "failed container health checks" as ECS does. The pod's status cannot tell (the
 * container just exited); the kubelet's Killing event can. Looked up only for a task about to be
 * stopped whose container has a probe; a lookup that fails leaves the plain exit.
 */
async function withHealthCheckKills(
  env: ReconcileEnv,
  namespace: string,
  live: readonly LiveObject[],
  pods: ObservedPod[],
  recorded: string | undefined,
  log: Logger,
): Promise<ObservedPod[]> {
  return Promise.all(
    pods.map(async (p, i) => {
      const kubeName = p.exit?.kubeName;
      if (!p.exit || !kubeName || p.stopped || p.terminating || p.name === recorded) return p;
      const spec = live[i]['spec'] as { containers?: { name: string; livenessProbe?: unknown }[] } | undefined;
      if (!spec?.containers?.some((c) => c.name === kubeName && c.livenessProbe)) return p;
      try {
        const events = await env.api.list<{ message?: string }>(RESOURCES.events, namespace, {
          fieldSelector: `involvedObject.uid=${live[i].metadata.uid},reason=Killing`,
        });
        const killed = events.items.some((e) => e.message?.startsWith(`Container ${kubeName} failed liveness probe`));
        return killed ? { ...p, exit: { ...p.exit, healthCheck: true } } : p;
      } catch (err) {
        log.debug({ err, pod: p.name }, 'could not read the kubelet events of a stopped task');
        return p;
      }
    }),
  );
}

/**
 * Deletes the finished pods of a service beyond the newest `stoppedTasks.kept`, and any stopped longer
 * than `stoppedTasks.retentionMs` ago (ECS shows a stopped task about an hour), so a service whose tasks
 * keep exiting does not pile up pods: the ReplicaSet never removes them. Returns when the next one is due.
 */
async function collectStoppedPods(
  env: ReconcileEnv,
  namespace: string,
  pods: readonly LiveObject[],
  log: Logger,
): Promise<number | undefined> {
  const finished = pods
    .filter((p) => isFinished(p) && !p.metadata.deletionTimestamp)
    .map((p) => ({ p, stoppedAt: stoppedAtOf(p) }))
    .sort((a, b) => b.stoppedAt - a.stoppedAt);
  const now = env.clock.now();
  const { kept, retentionMs } = env.stoppedTasks;
  const old = finished.filter((f, i) => i >= kept || now - f.stoppedAt >= retentionMs).map((f) => f.p);
  const next = finished.filter((f, i) => i < kept && now - f.stoppedAt < retentionMs).at(-1);
  for (const p of old) {
    log.debug({ pod: p.metadata.name }, 'removing a stopped task kept long enough');
    await removeStoppedPod(env, namespace, p);
  }
  return next ? next.stoppedAt + retentionMs - now : undefined;
}

export function serviceReconciler(env: ReconcileEnv): Reconciler {
  return {
    async reconcile({ namespace, name, log }: ReconcileContext): Promise<Result> {
      const svc = env.caches.services.get(namespace, name);
      // The garbage collector removes everything else; cluster-scoped volumes are ours to remove.
      if (!svc) await removeVolumesOf(env, 'Service', namespace, name, undefined, log);
      if (!svc || svc.metadata.deletionTimestamp) return {};
      // Decide from the status last written, never from an older copy (the watch brings it shortly).
      if (env.status.behind(svc)) return { requeueAfterMs: CACHE_BEHIND_RECHECK_MS };
      await removeVolumesOf(env, 'Service', namespace, name, svc.metadata.uid, log);
      const owned = [...SERVICE_OWNED, ...env.volumeKinds];
      const parsed = parseService(svc);
      const spec = parsed.spec;
      const resolved = resolve(env.caches, namespace, spec.taskDefinition, {
        kind: 'Service',
        name,
        uid: svc.metadata.uid,
      });
      const previous = (svc['status'] as ServiceStatus | undefined) ?? undefined;

      // The breaker settings come from the spec; the rollback decision from the recorded history.
      const rollback =
        spec.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true &&
        spec.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true;
      const choice = chooseRevision(resolved.target.revision, previous, rollback);
      const stored = resolved.revisions.find((r) => r.revision === choice.revision) ?? resolved.target;
      const translation = await translateOrRemove(env, svc, owned, log, () =>
        translateService(
          {
            name,
            service: spec,
            taskDefinition: { family: resolved.family, revision: stored.revision, spec: stored.spec },
            forceNewDeployment: svc.metadata.annotations?.[ANNOTATION_FORCE_NEW_DEPLOYMENT],
          },
          env.translateOptions(namespace),
        ),
      );
      const desired = [inUseRecordFor('Service', name, namespace, stored), ...withoutHpaReplicas(translation.objects)];
      const results = await env.applier.applyAll(svc, desired, log);
      requireApplied(results);
      await setInitialReplicas(env, translation.objects, results);
      const pruned = await env.applier.prune(svc, desired, owned, log);
      for (const p of pruned) log.info({ kind: p.kind, name: p.metadata.name }, 'pruned an object no longer generated');

      // Observe what runs, from the caches (the next watch event brings fresher data and another pass).
      const workloadDesired = desired.find((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
      const liveWorkload =
        workloadDesired?.kind === 'DaemonSet'
          ? env.caches.daemonSets.get(namespace, workloadDesired.metadata.name)
          : workloadDesired
            ? env.caches.deployments.get(namespace, workloadDesired.metadata.name)
            : undefined;
      const workload = liveWorkload ? observeWorkload(liveWorkload) : undefined;
      const selector = selectorLabels('Service', name);
      const servicePods = env.caches.pods
        .byIndex(BY_SERVICE_LABEL, `${namespace}/${selector[LABEL_SERVICE]}`)
        .filter((p) =>
          isWorkloadPod(p, workloadDesired?.kind === 'DaemonSet' ? 'DaemonSet' : 'Deployment', liveWorkload),
        );
      const now = nowIso(env);
      // The kubelet's events are read only for a stop that happens in this pass: not while stops wait
      // out the back-off, nor again for the task already recorded.
      const observed = servicePods.map(observePod);
      const pods =
        stopWaitMs(previous, now) > 0
          ? observed
          : await withHealthCheckKills(env, namespace, servicePods, observed, previous?.lastStoppedTask?.task, log);
      const desiredCount =
        workloadDesired?.kind === 'DaemonSet'
          ? (workload?.desired ?? 0)
          : workloadDesired && replicasManagedByHpa(workloadDesired)
            ? (workload?.desired ?? spec.desiredCount ?? 1)
            : ((workloadDesired?.['spec'] as { replicas?: number } | undefined)?.replicas ?? spec.desiredCount ?? 1);

      const { status, events, stopPods, recheckAfterMs } = computeServiceStatus({
        serviceName: spec.serviceName,
        family: resolved.family,
        revision: stored.revision,
        ...(choice.rolledBackFrom !== undefined ? { rolledBackFrom: choice.rolledBackFrom } : {}),
        desiredCount,
        workload,
        pods,
        previous,
        circuitBreaker: breakerOf(workloadDesired),
        selector: Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        generation: svc.metadata.generation ?? 0,
        now,
      });
      const override = desiredCountOverride({
        asked: spec.desiredCount,
        applied: desiredCount,
        autoScaling: spec.autoScaling,
        hpaOwned: workloadDesired?.kind === 'Deployment' && replicasManagedByHpa(workloadDesired),
        conditions: (status.conditions ?? undefined) as Condition[] | undefined,
        generation: svc.metadata.generation ?? 0,
        now,
      });
      status.conditions = override.conditions;
      if (override.event) events.push({ type: 'Warning', ...override.event });
      status.findings = boundFindings(
        dedupeFindings([...parsed.findings, ...inactiveFindings('Service', resolved, stored), ...translation.findings]),
      );
      const written = await env.status.patchIfChanged(svc, status);
      // Events only accompany a status that changed: a retried reconcile never repeats them.
      if (written) for (const e of events) await env.events.record(svc, e.type, e.reason, e.message);
      // After the status that counts them is written: a stop that fails is retried, never counted twice.
      await stopTasks(env, namespace, stopPods, log);
      const collectIn = await collectStoppedPods(env, namespace, servicePods, log);
      const recheck = Math.min(
        status.rolloutState === 'IN_PROGRESS' ? IN_PROGRESS_RECHECK_MS : Infinity,
        recheckAfterMs ?? Infinity,
        collectIn ?? Infinity,
      );
      return Number.isFinite(recheck) ? { requeueAfterMs: recheck } : {};
    },
    async reportUserError({ namespace, name }, user) {
      await reportUserError(env, env.caches.services.get(namespace, name), user);
    },
  };
}
