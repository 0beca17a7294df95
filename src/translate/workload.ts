/**
 * The workload object of an ECS service: REPLICA → apps/v1 Deployment, DAEMON → apps/v1 DaemonSet
 * (DESIGN.md §3), with the rollout settings of `deploymentConfiguration` and the annotations the
 * operator reads to run the deployment circuit breaker.
 */
import type { DeploymentConfiguration } from '../ecs/schema.gen.js';
import { circuitBreakerThreshold, type RollingUpdate } from './rollout.js';
import { reportMembers } from './member-findings.js';
import type { Finding, KubeObject } from './types.js';

export const ANNOTATION_CIRCUIT_BREAKER = 'ecs2eks.dev/circuit-breaker';
export const ANNOTATION_ROLLBACK = 'ecs2eks.dev/rollback';
export const ANNOTATION_CIRCUIT_BREAKER_THRESHOLD = 'ecs2eks.dev/circuit-breaker-threshold';
export const ANNOTATION_RESET_ON_HEALTHY = 'ecs2eks.dev/circuit-breaker-reset-on-healthy-task';

/** Kubernetes' own default, written out so that every output states it. */
export const BASE_PROGRESS_DEADLINE_SECONDS = 600;

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

export interface WorkloadInput {
  kind: 'Deployment' | 'DaemonSet';
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplate;
  rollingUpdate: RollingUpdate;
  /** Deployment only. */
  replicas?: number;
  progressDeadlineSeconds?: number;
}

/** workloadFor returns the Deployment or DaemonSet; the template always carries the selector labels. */
export function workloadFor(input: WorkloadInput): KubeObject {
  const template = {
    metadata: { ...input.template.metadata, labels: { ...input.template.metadata.labels, ...input.selector } },
    spec: input.template.spec,
  };
  const metadata: KubeObject['metadata'] = {
    name: input.name,
    namespace: input.namespace,
    labels: { ...input.labels },
  };
  if (Object.keys(input.annotations).length > 0) metadata.annotations = { ...input.annotations };
  const selector = { matchLabels: { ...input.selector } };
  if (input.kind === 'DaemonSet') {
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata,
      spec: {
        selector,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { ...input.rollingUpdate } },
        template,
      },
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: input.replicas ?? 1,
      selector,
      strategy: { type: 'RollingUpdate', rollingUpdate: { ...input.rollingUpdate } },
      progressDeadlineSeconds: input.progressDeadlineSeconds ?? BASE_PROGRESS_DEADLINE_SECONDS,
      template,
    },
  };
}

/**
 * deploymentSettings returns the circuit-breaker annotations and the findings for the members of
 * deploymentConfiguration that are not rollout percentages (those are rollout.ts's).
 */
export function deploymentSettings(
  dc: DeploymentConfiguration | null | undefined,
  desired: number,
  daemon: boolean,
): { annotations: Record<string, string>; findings: Finding[] } {
  const annotations: Record<string, string> = {};
  const findings: Finding[] = [];
  const path = 'deploymentConfiguration';
  if (!dc) return { annotations, findings };
  const cb = dc.deploymentCircuitBreaker;
  if (cb?.enable) {
    const threshold = circuitBreakerThreshold(desired, cb.thresholdConfiguration);
    annotations[ANNOTATION_CIRCUIT_BREAKER] = 'enabled';
    annotations[ANNOTATION_ROLLBACK] = String(cb.rollback === true);
    annotations[ANNOTATION_CIRCUIT_BREAKER_THRESHOLD] = String(threshold);
    if (cb.resetOnHealthyTask === false) annotations[ANNOTATION_RESET_ON_HEALTHY] = 'false';
    findings.push({
      source: 'Service',
      path: `${path}.deploymentCircuitBreaker.enable`,
      level: 'Info',
      message: `the ecs2eks operator runs the circuit breaker (trips after ${threshold} failed tasks${cb.rollback ? ', then rolls back' : ''}); Kubernetes alone never rolls back`,
    });
  }
  if (dc.strategy && dc.strategy !== 'ROLLING') {
    findings.push({
      source: 'Service',
      path: `${path}.strategy`,
      level: 'Unsupported',
      message: `${dc.strategy} deployments need Argo Rollouts or Flagger; a ${daemon ? 'DaemonSet' : 'Deployment'} rolling update is used`,
    });
  }
  // 0 is exactly what a rolling update does: old pods go as soon as the new ones are ready.
  if (dc.bakeTimeInMinutes != null && dc.bakeTimeInMinutes !== 0) {
    findings.push({
      source: 'Service',
      path: `${path}.bakeTimeInMinutes`,
      level: 'Unsupported',
      message: 'a rolling update has no bake time; old pods go as soon as new ones are ready',
    });
  }
  reportMembers(
    findings,
    'Service',
    `${path}.alarms`,
    dc.alarms,
    dc.alarms?.enable ? 'Unsupported' : 'Info',
    dc.alarms?.enable
      ? 'CloudWatch alarms cannot stop or roll back a rollout (Argo Rollouts analysis can)'
      : 'alarms are disabled; ignored',
  );
  reportMembers(
    findings,
    'Service',
    `${path}.lifecycleHooks`,
    dc.lifecycleHooks,
    'Unsupported',
    'deployment lifecycle hooks have no Kubernetes equivalent',
  );
  reportMembers(
    findings,
    'Service',
    `${path}.linearConfiguration`,
    dc.linearConfiguration,
    'Unsupported',
    'linear traffic shifting needs Argo Rollouts or Flagger',
  );
  reportMembers(
    findings,
    'Service',
    `${path}.canaryConfiguration`,
    dc.canaryConfiguration,
    'Unsupported',
    'canary traffic shifting needs Argo Rollouts or Flagger',
  );
  return { annotations, findings };
}

/**
 * applyHealthCheckGrace raises every livenessProbe's initialDelaySeconds to at least `grace`
 * seconds: ECS ignores failing health checks for that long after a task starts, and a liveness
 * probe is what would replace the container. Returns a new pod spec.
 */
export function applyHealthCheckGrace(spec: Record<string, unknown>, grace: number): Record<string, unknown> {
  const raise = (containers: unknown): unknown =>
    Array.isArray(containers)
      ? containers.map((c: Record<string, unknown>) => {
          const probe = c.livenessProbe as Record<string, unknown> | undefined;
          if (!probe) return c;
          const current = typeof probe.initialDelaySeconds === 'number' ? probe.initialDelaySeconds : 0;
          return { ...c, livenessProbe: { ...probe, initialDelaySeconds: Math.max(current, grace) } };
        })
      : containers;
  const out: Record<string, unknown> = { ...spec, containers: raise(spec.containers) };
  if (spec.initContainers !== undefined) out.initContainers = raise(spec.initContainers);
  return out;
}
