/**
 * Fixture builders for Service and Task translation tests: a minimal valid value plus modifiers,
 * in the style of cert-manager's test/unit/gen (`service('web', withDesiredCount(3))`).
 */
import type { ResolvedTaskDefinition, ServiceSpec, TaskSpec, TaskDefinitionSpec } from '../../src/ecs/model.js';
import type { PortMapping } from '../../src/ecs/schema.gen.js';

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
  } as TaskDefinitionSpec;
  for (const m of mods) m(spec);
  return { family, revision: 3, spec };
}

/** withPorts replaces the first container's port mappings. */
export const withPorts =
  (...ports: PortMapping[]): Mod<TaskDefinitionSpec> =>
  (s) => {
    s.containerDefinitions[0]!.portMappings = ports;
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
