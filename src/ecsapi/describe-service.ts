/**
 * A Service resource as DescribeServices prints it: the request members from the spec, the live
 * members (counts, deployments, events) only from the status the operator wrote. A Service the
 * operator has not acted on yet has no deployment and zero running tasks, which is what keeps
 * `aws ecs wait services-stable` from succeeding before anything runs. Pure.
 */
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import { clusterArn, epoch, serviceArn, taskDefinitionArn, type Partition } from './arns.js';
import type { ServiceObject } from './context.js';
import { effectiveTags, serviceNameOf } from './store.js';

/** `family:N` (or an ARN) as a task definition ARN; a bare family (follow latest) stays as written. */
export function taskDefinitionArnOf(p: Partition, value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const ref = parseTaskDefinitionRef(value);
    return ref.revision === undefined ? value : taskDefinitionArn(p, ref.family, ref.revision);
  } catch {
    return value;
  }
}

export function describeService(
  p: Partition,
  cluster: string,
  svc: ServiceObject,
  opts: { tags?: boolean } = {},
): Record<string, unknown> {
  const spec = svc.spec;
  const st = svc.status ?? {};
  const name = serviceNameOf(svc);
  // The operator has not acted on the latest spec yet (an UpdateService just now): ECS shows the
  // requested deployment at once, and `wait services-stable` must not succeed on the old status.
  const behind = (st.observedGeneration ?? 0) < (svc.metadata.generation ?? 1);
  const requested = behind ? taskDefinitionArnOf(p, spec.taskDefinition) : undefined;
  const recorded = (st.deployments ?? []).filter((d) => d.status !== 'INACTIVE');
  const newRevision =
    requested !== undefined &&
    !recorded.some((d) => d.status === 'PRIMARY' && taskDefinitionArnOf(p, d.taskDefinition) === requested);
  const pending = newRevision
    ? [
        {
          id: `requested/${svc.metadata.generation ?? 1}`,
          status: 'PRIMARY',
          taskDefinition: requested,
          desiredCount: spec.desiredCount ?? 0,
          pendingCount: 0,
          runningCount: 0,
          failedTasks: 0,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'requested; the ecs2eks operator has not acted on it yet',
        },
      ]
    : [];
  const deployments: Array<Record<string, unknown>> = recorded.map((d) => ({
    id: d.id,
    status: newRevision && d.status === 'PRIMARY' ? 'ACTIVE' : d.status,
    taskDefinition: taskDefinitionArnOf(p, d.taskDefinition),
    desiredCount: d.desiredCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    runningCount: d.runningCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    createdAt: epoch(d.createdAt),
    updatedAt: epoch(d.updatedAt),
    ...(spec.launchType ? { launchType: spec.launchType } : {}),
    ...(spec.capacityProviderStrategy ? { capacityProviderStrategy: spec.capacityProviderStrategy } : {}),
    ...(spec.networkConfiguration ? { networkConfiguration: spec.networkConfiguration } : {}),
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
  }));
  deployments.unshift(...pending);
  const out: Record<string, unknown> = {
    serviceArn: serviceArn(p, cluster, name),
    serviceName: name,
    clusterArn: clusterArn(p, cluster),
    loadBalancers: spec.loadBalancers ?? [],
    serviceRegistries: spec.serviceRegistries ?? [],
    // A resource being deleted is ECS's DRAINING; a deleted one is gone (MISSING), not INACTIVE.
    status: svc.metadata.deletionTimestamp ? 'DRAINING' : (st.status ?? 'ACTIVE'),
    desiredCount: (behind ? spec.desiredCount : undefined) ?? st.desiredCount ?? spec.desiredCount ?? 0,
    runningCount: st.runningCount ?? 0,
    pendingCount: st.pendingCount ?? 0,
    taskDefinition: requested ?? taskDefinitionArnOf(p, st.taskDefinition ?? spec.taskDefinition),
    deploymentConfiguration: spec.deploymentConfiguration ?? {},
    deployments,
    events: (st.events ?? []).map((e) => ({ id: e.id, createdAt: epoch(e.createdAt), message: e.message })),
    createdAt: epoch(svc.metadata.creationTimestamp),
    placementConstraints: spec.placementConstraints ?? [],
    placementStrategy: spec.placementStrategy ?? [],
    schedulingStrategy: spec.schedulingStrategy ?? 'REPLICA',
    deploymentController: spec.deploymentController ?? { type: 'ECS' },
    enableECSManagedTags: spec.enableECSManagedTags ?? false,
    propagateTags: spec.propagateTags ?? 'NONE',
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
  };
  for (const k of [
    'launchType',
    'capacityProviderStrategy',
    'platformVersion',
    'networkConfiguration',
    'healthCheckGracePeriodSeconds',
    'role',
  ] as const) {
    const v = spec[k];
    if (v !== undefined && v !== null) out[k === 'role' ? 'roleArn' : k] = v;
  }
  if (opts.tags) out.tags = effectiveTags(svc, spec.tags);
  return out;
}
