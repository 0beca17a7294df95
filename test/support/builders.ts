/**
 * Fixture builders for translation tests: `taskDef(container('web', {image: 'nginx'}), {cpu: '0.5 vCPU'})`.
 */
import type { ContainerDefinition, ResolvedTaskDefinition, TaskDefinitionSpec } from '../../src/ecs/model.js';
import { defaultOptions, type TranslateOptions } from '../../src/translate/options.js';
import type { PodContext } from '../../src/translate/pod.js';

/** container returns a container definition named `name` with image `busybox` unless `props` say otherwise. */
export function container(name: string, props: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return { name, image: 'busybox', ...props };
}

/** taskDef returns a resolved task definition (family "app", revision 1) of the given containers; a trailing plain object sets task-level fields. */
export function taskDef(...parts: Array<ContainerDefinition | Partial<TaskDefinitionSpec>>): ResolvedTaskDefinition {
  const containers = parts.filter((p): p is ContainerDefinition => 'name' in p && 'image' in p);
  const fields = parts.filter((p) => !('name' in p && 'image' in p)).reduce((a, b) => ({ ...a, ...b }), {});
  const spec = { family: 'app', containerDefinitions: containers, ...fields } as TaskDefinitionSpec;
  return { family: 'app', revision: 1, spec };
}

/** podContext returns a Service pod context for workload "app" with default options, overridable. */
export function podContext(
  overrides: Partial<Omit<PodContext, 'options'>> & { options?: Partial<TranslateOptions> } = {},
): PodContext {
  const { options, ...rest } = overrides;
  return {
    kind: 'Service',
    workloadName: 'app',
    labels: { 'ecs2eks.dev/family': 'app' },
    options: defaultOptions(options),
    ...rest,
  };
}
