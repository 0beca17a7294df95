/**
 * RunTask overrides applied to a task definition spec before translation, as ECS applies them when
 * it starts the task. Pure: returns a new spec and never mutates its input.
 */
import { InputError } from '../ecs/errors.js';
import type { TaskDefinitionSpec } from '../ecs/model.js';
import type { KeyValuePair, TaskOverride } from '../ecs/schema.gen.js';
import type { FindingSink } from './findings.js';

/** mergeEnvironment returns `base` with `extra` appended; a name set by `extra` replaces the earlier value in place. */
function mergeEnvironment(base: KeyValuePair[] | null | undefined, extra: KeyValuePair[]): KeyValuePair[] {
  const out = (base ?? []).map((kv) => ({ ...kv }));
  for (const kv of extra) {
    const existing = out.find((e) => e.name === kv.name);
    if (existing) existing.value = kv.value;
    else out.push({ ...kv });
  }
  return out;
}

/**
 * applyOverrides returns `spec` with the RunTask `overrides` applied: per-container command,
 * environment, environmentFiles, cpu, memory, memoryReservation and resourceRequirements; task-level
 * cpu, memory, ephemeralStorage, taskRoleArn and executionRoleArn. Inference accelerator overrides
 * are reported as unsupported. Paths of errors and findings are relative to the Task spec.
 */
export function applyOverrides(
  spec: TaskDefinitionSpec,
  overrides: TaskOverride | null | undefined,
  sink: FindingSink,
): TaskDefinitionSpec {
  if (!overrides) return spec;
  const out: TaskDefinitionSpec = structuredClone(spec);
  (overrides.containerOverrides ?? []).forEach((co, i) => {
    const path = `overrides.containerOverrides[${i}]`;
    if (!co.name)
      throw new InputError(`${path}.name`, 'a container override must name the container', 'InvalidSpec', 'Task');
    const c = out.containerDefinitions.find((d) => d.name === co.name);
    if (!c)
      throw new InputError(
        `${path}.name`,
        `no container named "${co.name}" in the task definition`,
        'InvalidSpec',
        'Task',
      );
    if (co.command) c.command = [...co.command];
    if (co.environment?.length) c.environment = mergeEnvironment(c.environment, co.environment);
    if (co.environmentFiles?.length) c.environmentFiles = [...(c.environmentFiles ?? []), ...co.environmentFiles];
    if (co.cpu !== null && co.cpu !== undefined) c.cpu = co.cpu;
    if (co.memory !== null && co.memory !== undefined) c.memory = co.memory;
    if (co.memoryReservation !== null && co.memoryReservation !== undefined) c.memoryReservation = co.memoryReservation;
    if (co.resourceRequirements) c.resourceRequirements = co.resourceRequirements.map((r) => ({ ...r }));
  });
  if (overrides.cpu !== null && overrides.cpu !== undefined) out.cpu = overrides.cpu;
  if (overrides.memory !== null && overrides.memory !== undefined) out.memory = overrides.memory;
  if (overrides.ephemeralStorage) out.ephemeralStorage = { ...overrides.ephemeralStorage };
  if (overrides.taskRoleArn) out.taskRoleArn = overrides.taskRoleArn;
  if (overrides.executionRoleArn) out.executionRoleArn = overrides.executionRoleArn;
  if (overrides.inferenceAcceleratorOverrides?.length) {
    sink.unsupported(
      'overrides.inferenceAcceleratorOverrides',
      'Elastic Inference accelerators have no Kubernetes equivalent; ignored',
      'Task',
    );
  }
  return out;
}
