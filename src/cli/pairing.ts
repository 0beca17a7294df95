/**
 * Pairs the parsed resources of one input into translation units: every Service and Task with the
 * task definition it names (by family, within the inputs), and every task definition nothing uses
 * as a one-replica service (or a one-off task). Pure: no I/O, the same resources give the same units.
 */
import type { ParsedResource, ParsedTaskDefinition } from '../ecs/parse/index.js';
import { isInputError } from '../ecs/errors.js';
import type { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../ecs/model.js';
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import type { Finding } from '../translate/types.js';
import { dedupeFindings as dedupe } from './findings.js';

export interface ResolvedTd {
  family: string;
  revision: number;
  spec: TaskDefinitionSpec;
}

interface UnitBase {
  /** `Service` or `Task`: what the unit is translated as. */
  kind: 'Service' | 'Task';
  /** The resource's name (service name, task name, or the family of a lone task definition). */
  name: string;
  /** Where the resource came from, e.g. `stack.yaml#Resources.Web`. */
  origin: string;
  /** Made from a task definition that nothing uses (a one-replica service or a one-off task). */
  lone?: boolean;
}

export interface ServiceUnit extends UnitBase {
  kind: 'Service';
  service: ServiceSpec;
  taskDefinition: ResolvedTd;
  /** Findings from parsing (of the service and its task definition) and from pairing. */
  findings: Finding[];
}

export interface TaskUnit extends UnitBase {
  kind: 'Task';
  task: TaskSpec;
  taskDefinition: ResolvedTd;
  findings: Finding[];
}

/** A resource that cannot be translated (its task definition is missing); `error` says why. */
export interface UnitError extends UnitBase {
  error: string;
  /** What parsing said about the resource itself. */
  findings: Finding[];
}

export type Unit = ServiceUnit | TaskUnit;
export type PlannedUnit = Unit | UnitError;

export function isUnitError(u: PlannedUnit): u is UnitError {
  return 'error' in u;
}

/** The values of `--as` (convert and import): what a task definition that nothing uses becomes. */
export const AS_CHOICES = ['service', 'task'] as const;

export interface PairingOptions {
  /** Translate task definitions nothing uses as one-off tasks instead of one-replica services. */
  asTask?: boolean;
  /** Task definitions found elsewhere (the rest of a report's directory), tried after the inputs. */
  elsewhere?: ReadonlyMap<string, ParsedTaskDefinition>;
  /** `--service`: the task definition to pair with when the service names one that is not in the inputs. */
  fallback?: ParsedTaskDefinition;
  /** How to say where task definitions were looked for, in errors: `the inputs` by default. */
  searched?: string;
  /** Every task definition of each family across the directory (report), to say when a family is ambiguous. */
  alternatives?: ReadonlyMap<string, readonly ParsedTaskDefinition[]>;
}

/** definitionsByFamily lists every task definition of each family, in input order. */
export function definitionsByFamily(resources: readonly ParsedResource[]): Map<string, ParsedTaskDefinition[]> {
  const out = new Map<string, ParsedTaskDefinition[]>();
  for (const r of resources)
    if (r.kind === 'TaskDefinition') out.set(r.spec.family, [...(out.get(r.spec.family) ?? []), r]);
  return out;
}

/** A note when a family has several definitions to choose from: which ones, and which was taken. */
function ambiguity(
  kind: 'Service' | 'Task',
  td: ParsedTaskDefinition,
  ...pools: Array<readonly ParsedTaskDefinition[] | undefined>
): Finding[] {
  const all = [...new Set(pools.flatMap((p) => p ?? []))];
  if (all.length < 2) return [];
  return [
    {
      source: kind,
      path: 'taskDefinition',
      level: 'Info',
      message: `family ${JSON.stringify(td.spec.family)} is defined ${all.length} times (${all.map((d) => d.origin).join(', ')}): paired with the one from ${td.origin}`,
    },
  ];
}

/** byFamily indexes task definitions by family; a later definition of the same family wins. */
export function byFamily(resources: readonly ParsedResource[]): Map<string, ParsedTaskDefinition> {
  const out = new Map<string, ParsedTaskDefinition>();
  for (const r of resources) if (r.kind === 'TaskDefinition') out.set(r.spec.family, r);
  return out;
}

function resolved(td: ParsedTaskDefinition, revision: number | undefined): ResolvedTd {
  return { family: td.spec.family, revision: revision ?? 1, spec: td.spec };
}

/** pairResources turns one input's resources into units, in input order. */
export function pairResources(resources: readonly ParsedResource[], opts: PairingOptions = {}): PlannedUnit[] {
  const local = byFamily(resources);
  const localAll = definitionsByFamily(resources);
  const searched = opts.searched ?? 'the inputs';
  const used = new Set<ParsedTaskDefinition>();
  const planned = new Map<ParsedResource, PlannedUnit>();

  for (const r of resources) {
    if (r.kind === 'TaskDefinition') continue;
    const base = { kind: r.kind, name: r.name, origin: r.origin } as const;
    const what = `${r.kind === 'Service' ? 'service' : 'task'} ${JSON.stringify(r.name)}`;
    const notes: Finding[] = [];
    const refText = r.spec.taskDefinition ?? undefined;
    let td: ParsedTaskDefinition | undefined;
    let revision: number | undefined;
    let missing: string;
    if (refText === undefined) {
      missing = `${what} (${r.origin}) names no taskDefinition`;
    } else {
      try {
        const ref = parseTaskDefinitionRef(refText);
        revision = ref.revision;
        td = local.get(ref.family) ?? opts.elsewhere?.get(ref.family);
        missing = `${what} (${r.origin}) uses task definition family ${JSON.stringify(ref.family)}, which is not in ${searched}`;
      } catch (e) {
        if (!isInputError(e)) throw e;
        planned.set(r, { ...base, error: `${what} (${r.origin}): ${e.message}`, findings: r.findings });
        continue;
      }
    }
    if (!td && opts.fallback) {
      td = opts.fallback;
      revision = undefined;
      notes.push({
        source: r.kind,
        path: 'taskDefinition',
        level: 'Info',
        message: `${refText === undefined ? 'no taskDefinition given' : `task definition ${JSON.stringify(refText)} is not in the inputs`}: paired with ${JSON.stringify(td.spec.family)} as --service asks`,
      });
    }
    if (!td) {
      planned.set(r, {
        ...base,
        error: `${missing}${opts.searched ? '' : ': give the task definition in the same input (or pair with --service)'}`,
        findings: r.findings,
      });
      continue;
    }
    used.add(td);
    notes.push(...ambiguity(r.kind, td, localAll.get(td.spec.family), opts.alternatives?.get(td.spec.family)));
    const findings = dedupe([...r.findings, ...td.findings, ...notes]);
    planned.set(
      r,
      r.kind === 'Service'
        ? {
            kind: 'Service',
            name: r.name,
            origin: r.origin,
            service: r.spec,
            taskDefinition: resolved(td, revision),
            findings,
          }
        : {
            kind: 'Task',
            name: r.name,
            origin: r.origin,
            task: r.spec,
            taskDefinition: resolved(td, revision),
            findings,
          },
    );
  }

  const out: PlannedUnit[] = [];
  for (const r of resources) {
    if (r.kind !== 'TaskDefinition') {
      out.push(planned.get(r)!);
      continue;
    }
    // A later definition of the same family replaces this one; a used one is translated with its user.
    if (local.get(r.spec.family) !== r || used.has(r)) continue;
    out.push(lone(r, opts.asTask === true));
  }
  return out;
}

/** lone builds the unit of a task definition nothing uses: a one-replica REPLICA service, or a one-off task. */
function lone(td: ParsedTaskDefinition, asTask: boolean): Unit {
  const family = td.spec.family;
  if (asTask) {
    const task = { taskDefinition: family, count: 1 } as TaskSpec;
    return {
      kind: 'Task',
      name: td.name,
      origin: td.origin,
      lone: true,
      task,
      taskDefinition: resolved(td, undefined),
      findings: dedupe([...td.findings]),
    };
  }
  const service = {
    serviceName: family,
    taskDefinition: family,
    desiredCount: 1,
    schedulingStrategy: 'REPLICA',
  } as ServiceSpec;
  const note: Finding = {
    source: 'Service',
    path: '',
    level: 'Info',
    message: `no service given: task definition ${JSON.stringify(family)} converted as a REPLICA service named ${JSON.stringify(family)} with desiredCount 1 (use --as task for a one-off task)`,
  };
  return {
    kind: 'Service',
    name: td.name,
    origin: td.origin,
    lone: true,
    service,
    taskDefinition: resolved(td, undefined),
    findings: dedupe([...td.findings, note]),
  };
}
