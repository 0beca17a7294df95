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
import { chooseRevision, computeServiceStatus, type CircuitBreaker } from '../service-status.js';
import { nowIso, removeVolumesOf, reportUserError, type ReconcileEnv } from './env.js';
import { inactiveFindings, resolve } from './resolve.js';
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

export function serviceReconciler(env: ReconcileEnv): Reconciler {
  return {
    async reconcile({ namespace, name, log }: ReconcileContext): Promise<Result> {
      const svc = env.caches.services.get(namespace, name);
      // The garbage collector removes everything else; cluster-scoped volumes are ours to remove.
      if (!svc) await removeVolumesOf(env, 'Service', namespace, name, undefined, log);
      if (!svc || svc.metadata.deletionTimestamp) return {};
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
      const pods = env.caches.pods
        .byIndex(BY_SERVICE_LABEL, `${namespace}/${selector[LABEL_SERVICE]}`)
        .filter((p) =>
          isWorkloadPod(p, workloadDesired?.kind === 'DaemonSet' ? 'DaemonSet' : 'Deployment', liveWorkload),
        )
        .map(observePod);
      const desiredCount =
        workloadDesired?.kind === 'DaemonSet'
          ? (workload?.desired ?? 0)
          : workloadDesired && replicasManagedByHpa(workloadDesired)
            ? (workload?.desired ?? spec.desiredCount ?? 1)
            : ((workloadDesired?.['spec'] as { replicas?: number } | undefined)?.replicas ?? spec.desiredCount ?? 1);

      const now = nowIso(env);
      const { status, events } = computeServiceStatus({
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
      status.findings = boundFindings(
        dedupeFindings([...parsed.findings, ...inactiveFindings('Service', resolved, stored), ...translation.findings]),
      );
      const written = await env.status.patchIfChanged(svc, status);
      // Events only accompany a status that changed: a retried reconcile never repeats them.
      if (written) for (const e of events) await env.events.record(svc, e.type, e.reason, e.message);
      return status.rolloutState === 'IN_PROGRESS' ? { requeueAfterMs: IN_PROGRESS_RECHECK_MS } : {};
    },
    async reportUserError({ namespace, name }, user) {
      await reportUserError(env, env.caches.services.get(namespace, name), user);
    },
  };
}
