/**
 * `autoScaling` (Application Auto Scaling target tracking, camelCased) → an autoscaling/v2
 * HorizontalPodAutoscaler (ecs-mapping.md §6.4).
 *
 * Target: the Deployment, not the ECS Service's scale subresource. Scaling the Service CR would make
 * every HPA decision a spec change of the CR and a full re-translation by the operator; scaling the
 * Deployment is the ordinary, direct path, works the same offline (`ecs2eks convert` output applied
 * without the operator) and keeps the CR's desiredCount the user's declared value. The Deployment
 * carries the annotation `ecs2eks.dev/replicas-managed-by: hpa`, and the operator must leave its
 * `spec.replicas` alone (omit it from server-side apply after creation) — see {@link replicasManagedByHpa}.
 *
 * Several target-tracking policies: ECS scales out when any policy asks and in only when all agree;
 * the HPA takes the largest recommendation over its metrics, which is the same rule.
 */
import { InputError } from '../ecs/errors.js';
import type { AutoScaling } from '../ecs/model.js';
import type { Finding, KubeObject } from './types.js';

export const ANNOTATION_REPLICAS_MANAGED_BY = 'ecs2eks.dev/replicas-managed-by';
const HPA_MAX_WINDOW = 3600;

/** replicasManagedByHpa reports whether a generated workload's replicas belong to an HPA (the operator must not reset them). */
export function replicasManagedByHpa(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[ANNOTATION_REPLICAS_MANAGED_BY] === 'hpa';
}

/** autoscaledReplicas clamps the desired count into [minCapacity, maxCapacity], as registering a scalable target does. */
export function autoscaledReplicas(desired: number, a: AutoScaling): number {
  return Math.min(Math.max(desired, a.minCapacity), a.maxCapacity);
}

export interface HpaInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  autoScaling: AutoScaling;
}

const METRIC_RESOURCE: Record<string, 'cpu' | 'memory'> = {
  ECSServiceAverageCPUUtilization: 'cpu',
  ECSServiceAverageMemoryUtilization: 'memory',
};

/** horizontalPodAutoscalerFor returns the HPA of a REPLICA service, or none when no policy can drive one. */
export function horizontalPodAutoscalerFor(input: HpaInput): { object?: KubeObject; findings: Finding[] } {
  const a = input.autoScaling;
  const findings: Finding[] = [];
  const f = (path: string, level: Finding['level'], message: string): void => {
    findings.push({ source: 'Service', path: `autoScaling.${path}`, level, message });
  };
  if (a.maxCapacity < a.minCapacity)
    throw new InputError(
      'autoScaling.maxCapacity',
      `must be at least minCapacity (${a.minCapacity})`,
      'InvalidSpec',
      'Service',
    );

  const targets: Partial<Record<'cpu' | 'memory', number>> = {};
  const used: Array<{ i: number; disableScaleIn: boolean }> = [];
  const policies = a.targetTrackingPolicies ?? [];
  policies.forEach((p, i) => {
    const path = `targetTrackingPolicies[${i}]`;
    if (p.customizedMetricSpecification) {
      f(
        `${path}.customizedMetricSpecification`,
        'Unsupported',
        'a CloudWatch metric needs an external metrics adapter (or KEDA); this policy is not applied',
      );
    }
    const type = p.predefinedMetricSpecification?.predefinedMetricType;
    if (!type) return;
    const resource = METRIC_RESOURCE[type];
    if (!resource) {
      f(
        `${path}.predefinedMetricSpecification.predefinedMetricType`,
        'Unsupported',
        `${type} needs an external metrics adapter; this policy is not applied`,
      );
      if (p.predefinedMetricSpecification?.resourceLabel)
        f(`${path}.predefinedMetricSpecification.resourceLabel`, 'Unsupported', 'not applied with its policy');
      return;
    }
    if (p.predefinedMetricSpecification?.resourceLabel) {
      f(
        `${path}.predefinedMetricSpecification.resourceLabel`,
        'Info',
        `only ALBRequestCountPerTarget uses a resource label; ignored for ${type}`,
      );
    }
    const target = Math.max(1, Math.round(p.targetValue));
    if (target !== p.targetValue)
      f(`${path}.targetValue`, 'Approximated', `the HPA takes whole percentages: ${target}`);
    f(
      `${path}.targetValue`,
      'Approximated',
      `HPA utilization is relative to the pods' ${resource} requests, ECS's to the task's reserved ${resource}`,
    );
    targets[resource] = Math.min(targets[resource] ?? Infinity, target);
    used.push({ i, disableScaleIn: p.disableScaleIn === true });
  });

  if (a.minCapacity === 0)
    f(
      'minCapacity',
      'Approximated',
      'an HPA scales down to 1 replica at least (scale to zero needs the HPAScaleToZero feature gate)',
    );
  if (used.length === 0 || a.maxCapacity === 0) {
    f(
      policies.length === 0 ? 'targetTrackingPolicies' : 'maxCapacity',
      'Info',
      'no policy an HPA can apply: desiredCount is only clamped to [minCapacity, maxCapacity]',
    );
    return { findings };
  }

  const window = (key: 'scaleInCooldown' | 'scaleOutCooldown'): number | undefined => {
    let max: number | undefined;
    for (const { i } of used) {
      const v = policies[i][key];
      if (v == null) continue;
      const what = key === 'scaleInCooldown' ? 'scaleDown' : 'scaleUp';
      f(
        `targetTrackingPolicies[${i}].${key}`,
        'Approximated',
        `becomes the HPA ${what} stabilization window, which delays decisions rather than pausing after an activity`,
      );
      max = Math.max(max ?? 0, Math.min(v, HPA_MAX_WINDOW));
      if (v > HPA_MAX_WINDOW)
        f(`targetTrackingPolicies[${i}].${key}`, 'Approximated', `capped at ${HPA_MAX_WINDOW} seconds`);
    }
    return max;
  };
  const behavior: Record<string, Record<string, unknown>> = {};
  const up = window('scaleOutCooldown');
  const down = window('scaleInCooldown');
  if (up !== undefined) behavior.scaleUp = { stabilizationWindowSeconds: up };
  if (down !== undefined) behavior.scaleDown = { stabilizationWindowSeconds: down };
  const disabled = used.filter((u) => u.disableScaleIn);
  if (disabled.length === used.length) behavior.scaleDown = { ...(behavior.scaleDown ?? {}), selectPolicy: 'Disabled' };
  else
    for (const u of disabled)
      f(
        `targetTrackingPolicies[${u.i}].disableScaleIn`,
        'Approximated',
        'the HPA scales in when its other metrics allow it; only disabling scale-in on every policy stops it',
      );

  const metrics = (['cpu', 'memory'] as const)
    .filter((r) => targets[r] !== undefined)
    .map((r) => ({
      type: 'Resource',
      resource: { name: r, target: { type: 'Utilization', averageUtilization: targets[r] } },
    }));
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.name },
    minReplicas: Math.max(1, a.minCapacity),
    maxReplicas: a.maxCapacity,
    metrics,
  };
  if (Object.keys(behavior).length > 0) spec.behavior = behavior;
  return {
    object: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
      spec,
    },
    findings,
  };
}
