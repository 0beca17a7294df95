/**
 * Runs the pure translator on one unit and merges what parsing and pairing said about it with what
 * the translation says, so every finding about a resource is in one list.
 */
import { translateService, translateTask } from '../translate/index.js';
import type { TranslateOptions } from '../translate/options.js';
import { readableNames } from '../translate/names.js';
import type { Finding, Translation } from '../translate/types.js';
import { dedupeFindings } from './findings.js';
import type { Unit } from './pairing.js';

/**
 * nameFinding: when the Kubernetes name is not the ECS name, say which it is (and why a hash, when one
 * was needed), so the mapping is in the findings, the report and the CLI's output.
 */
export function nameFinding(kind: 'Service' | 'Task' | 'TaskDefinition', ecsName: string, name: string): Finding[] {
  if (name === ecsName) return [];
  const plain = readableNames([ecsName]).get(ecsName);
  const why =
    plain === name
      ? `${JSON.stringify(ecsName)} is not a valid Kubernetes name`
      : `${JSON.stringify(ecsName)} is not a valid Kubernetes name, and ${JSON.stringify(plain)} is taken by another name of the input or too long: a hash keeps them apart`;
  return [{ source: kind, path: '', level: 'Info', message: `named ${JSON.stringify(name)} in Kubernetes (${why})` }];
}

/**
 * translateUnit translates one unit; InputErrors from the translator propagate unchanged. `name` is
 * the unit's Kubernetes name when the caller chose it among several (see readableNames).
 */
export function translateUnit(
  unit: Unit,
  options: TranslateOptions,
  name = readableNames([unit.name]).get(unit.name)!,
): Translation {
  // The objects are named like the CR the operator would see: a valid DNS-1123 label from the ECS name.
  const t =
    unit.kind === 'Service'
      ? translateService({ name, service: unit.service, taskDefinition: unit.taskDefinition }, options)
      : translateTask({ name, task: unit.task, taskDefinition: unit.taskDefinition }, options);
  return {
    objects: t.objects,
    findings: dedupeFindings([...nameFinding(unit.kind, unit.name, name), ...unit.findings, ...t.findings]),
  };
}
