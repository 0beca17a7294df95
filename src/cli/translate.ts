/**
 * Runs the pure translator on one unit and merges what parsing and pairing said about it with what
 * the translation says, so every finding about a resource is in one list.
 */
import { translateService, translateTask } from '../translate/index.js';
import type { TranslateOptions } from '../translate/options.js';
import { dnsLabel } from '../translate/names.js';
import type { Translation } from '../translate/types.js';
import { dedupeFindings } from './findings.js';
import type { Unit } from './pairing.js';

/** translateUnit translates one unit; InputErrors from the translator propagate unchanged. */
export function translateUnit(unit: Unit, options: TranslateOptions): Translation {
  // The objects are named like the CR the operator would see: a valid DNS-1123 label from the ECS name.
  const name = dnsLabel(unit.name);
  const t =
    unit.kind === 'Service'
      ? translateService({ name, service: unit.service, taskDefinition: unit.taskDefinition }, options)
      : translateTask({ name, task: unit.task, taskDefinition: unit.taskDefinition }, options);
  return { objects: t.objects, findings: dedupeFindings([...unit.findings, ...t.findings]) };
}
