/**
 * Fixture builders for Service and Task translation tests: a minimal valid value plus modifiers,
 * in the style of cert-manager's test/unit/gen (`service('web', withDesiredCount(3))`).
 */
import type { ResolvedTaskDefinition, ServiceSpec, TaskSpec, TaskDefinitionSpec } from '../../src/ecs/model.js';
import type { PortMapping } from '../../src/ecs/schema.gen.js';
import type { ServiceStatus } from '../../src/api/resources.js';
import type { ObservedPod, ObservedWorkload, ServiceStatusInput } from '../../src/controller/service-status.js';

type ServiceDeployment = NonNullable<ServiceStatus['deployments']>[number];

export type Mod<T> = (t: T) => void;

/** taskDefinition returns a resolved task definition with one essential nginx container listening on 80 (port name "http"). */
export function taskDefinition(family = 'web', ...mods: Array<Mod<TaskDefinitionSpec>>): ResolvedTaskDefinition {
  const spec: TaskDefinitionSpec = {
    family,
    containerDefinitions: [
      {
        name: 'app',
        image: 'nginx:1.27',
        essential: true,
        portMappings: [{ name: 'http', containerPort: 80, protocol: 'tcp' }],
      },
    ],
  };
  for (const m of mods) m(spec);
  return { family, revision: 3, spec };
}

/** withPorts replaces the first container's port mappings. */
export const withPorts =
  (...ports: PortMapping[]): Mod<TaskDefinitionSpec> =>
  (s) => {
    s.containerDefinitions[0].portMappings = ports;
  };
/** withTdField sets any member of the task definition spec. */
export const withTdField =
  <K extends keyof TaskDefinitionSpec>(k: K, v: TaskDefinitionSpec[K]): Mod<TaskDefinitionSpec> =>
  (s) => {
    s[k] = v;
  };

/** service returns a minimal REPLICA service running `web` with the given modifiers. */
export function service(...mods: Array<Mod<ServiceSpec>>): ServiceSpec {
  const s = { serviceName: 'web', taskDefinition: 'web' } as ServiceSpec;
  for (const m of mods) m(s);
  return s;
}
/** withService sets any member of the service spec. */
export const withService =
  <K extends keyof ServiceSpec>(k: K, v: ServiceSpec[K]): Mod<ServiceSpec> =>
  (s) => {
    s[k] = v;
  };
export const withDesiredCount = (n: number): Mod<ServiceSpec> => withService('desiredCount', n);

/** task returns a minimal RunTask request for `web` with the given modifiers. */
export function task(...mods: Array<Mod<TaskSpec>>): TaskSpec {
  const t = { taskDefinition: 'web' } as TaskSpec;
  for (const m of mods) m(t);
  return t;
}
export const withTask =
  <K extends keyof TaskSpec>(k: K, v: TaskSpec[K]): Mod<TaskSpec> =>
  (t) => {
    t[k] = v;
  };

// --- Service status (src/controller/service-status.ts): what the operator observed, as the status computation needs it ---

/** observedPod returns a pod of the service running task definition `revision`: ready, not terminating, never failed, unless `props` say otherwise. */
export function observedPod(name: string, revision: number | undefined, props: Partial<ObservedPod> = {}): ObservedPod {
  return { name, revision, ready: true, terminating: false, failures: 0, ...props };
}

/** observedPods returns `count` pods of `revision` (named `r<revision>-<i>`), each with `props`. */
export function observedPods(revision: number, count: number, props: Partial<ObservedPod> = {}): ObservedPod[] {
  return Array.from({ length: count }, (_, i) => observedPod(`r${revision}-${i}`, revision, props));
}

/** rolledOutWorkload returns a Deployment whose controller has seen its last change and has `desired` updated, available replicas. */
export function rolledOutWorkload(desired: number, props: Partial<ObservedWorkload> = {}): ObservedWorkload {
  return {
    kind: 'Deployment',
    generation: 2,
    observedGeneration: 2,
    desired,
    updated: desired,
    available: desired,
    progressDeadlineExceeded: false,
    ...props,
  };
}

/** minutesAfterStart returns the ISO time `minutes` after 2026-11-26T10:00:00Z, to order the steps of a service's history. */
export function minutesAfterStart(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 26, 10, minutes)).toISOString();
}

/**
 * serviceStatusInput returns what the operator observed of service `web` (family `web`) at revision 1: desiredCount 2, two
 * ready pods, a rolled-out Deployment, no previous status, the circuit breaker on with rollback and threshold 3.
 */
export function serviceStatusInput(over: Partial<ServiceStatusInput> = {}): ServiceStatusInput {
  return {
    serviceName: 'web',
    family: 'web',
    revision: 1,
    desiredCount: 2,
    workload: rolledOutWorkload(2),
    pods: observedPods(1, 2),
    previous: undefined,
    circuitBreaker: { enable: true, rollback: true, threshold: 3 },
    selector: 'ecs2eks.dev/service=web',
    generation: 1,
    now: minutesAfterStart(0),
    ...over,
  };
}

/** deploymentOf returns the deployment of `status` that runs `taskDefinition` (`family:revision`), or throws. */
export function deploymentOf(status: ServiceStatus, taskDefinition: string): ServiceDeployment {
  const d = (status.deployments ?? []).find((x) => x.taskDefinition === taskDefinition);
  if (!d) throw new Error(`no deployment of ${taskDefinition} in ${JSON.stringify(status.deployments)}`);
  return d;
}

/** conditionOf returns the condition of `type` of `status`, or throws. */
export function conditionOf(status: ServiceStatus, type: string): NonNullable<ServiceStatus['conditions']>[number] {
  const c = (status.conditions ?? []).find((x) => x.type === type);
  if (!c) throw new Error(`no ${type} condition in ${JSON.stringify(status.conditions)}`);
  return c;
}
