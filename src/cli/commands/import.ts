/**
 * `ecs2eks import FILE|-`: ECS definitions to ecs2eks custom resources (TaskDefinition, Service,
 * Task) that `kubectl apply -f -` accepts; parse findings on stderr.
 */
import type { ParsedResource, ParsedTaskDefinition } from '../../ecs/parse/index.js';
import { parseTaskDefinitionRef } from '../../ecs/taskdef-ref.js';
import { API_VERSION } from '../../api/resources.js';
import { dnsLabel, isDnsLabel, isDnsSubdomain, readableNames } from '../../translate/names.js';
import { nameFinding } from '../translate.js';
import type { Finding } from '../../translate/types.js';
import { flag, str } from '../args.js';
import type { Command } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { dedupeFindings } from '../findings.js';
import { INPUT_FLAGS, loadResources, maxInputBytes } from '../load.js';
import { AS_CHOICES, isUnitError, pairResources, type Unit } from '../pairing.js';
import { toYamlDocs } from '../render.js';
import { writeFindings } from './convert.js';

export interface CustomResource {
  apiVersion: string;
  kind: ParsedResource['kind'];
  metadata: Record<string, unknown> & { name: string };
  spec: Record<string, unknown>;
}

/** Keys of a CR input's metadata that are worth keeping; server-set ones (uid, resourceVersion, ...) are dropped. */
const KEPT_METADATA = ['labels', 'annotations'];

/**
 * crName: a CR input keeps its name when valid; anything else gets a DNS-1123 label from its
 * family/serviceName: readable (`example_task_2` → `example-task-2`) unless another resource of the
 * same kind in the input would get the same name (`names`, from readableNames), then hashed.
 */
function crName(r: ParsedResource, names?: ReadonlyMap<string, string>): string {
  const metaName = typeof r.metadata?.name === 'string' ? r.metadata.name : undefined;
  if (metaName !== undefined && isDnsSubdomain(metaName)) return metaName;
  return names?.get(r.name) ?? readableNames([r.name]).get(r.name) ?? dnsLabel(r.name);
}

/** The readable names of each kind's resources in one input (see crName). */
export function namesByKind(resources: readonly ParsedResource[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const kind of new Set(resources.map((r) => r.kind)))
    out.set(kind, readableNames(resources.filter((r) => r.kind === kind).map((r) => r.name)));
  return out;
}

/**
 * toCustomResource builds the CR of one parsed resource. ECS inputs pin task definitions by ARN or
 * `family:revision`, but revisions restart at 1 in the cluster: the reference becomes the family,
 * with an Info finding. CR inputs are kept as written.
 */
export function toCustomResource(
  r: ParsedResource,
  namespace: string | undefined,
  names?: ReadonlyMap<string, string>,
): { cr: CustomResource; findings: Finding[] } {
  const name = crName(r, names);
  const findings: Finding[] = [...(r.metadata ? [] : nameFinding(r.kind, r.name, name)), ...r.findings];
  const metadata: CustomResource['metadata'] = { name };
  const ns = namespace ?? (typeof r.metadata?.namespace === 'string' ? r.metadata.namespace : undefined);
  if (ns !== undefined) metadata.namespace = ns;
  for (const k of KEPT_METADATA) if (r.metadata?.[k] !== undefined) metadata[k] = r.metadata[k];
  const spec: Record<string, unknown> = { ...(r.spec as Record<string, unknown>) };
  if (r.kind !== 'TaskDefinition' && r.metadata === undefined && typeof spec.taskDefinition === 'string') {
    const ref = parseTaskDefinitionRef(spec.taskDefinition);
    if (ref.family !== spec.taskDefinition) {
      findings.push({
        source: r.kind,
        path: 'taskDefinition',
        level: 'Info',
        message: `${JSON.stringify(spec.taskDefinition)} refers to an ECS revision: imported as ${JSON.stringify(ref.family)} (the latest revision of the TaskDefinition with that family; revisions restart at 1 in the cluster)`,
      });
      spec.taskDefinition = ref.family;
    }
  }
  if (r.kind === 'Service' && spec.taskDefinition === undefined) {
    findings.push({
      source: r.kind,
      path: 'taskDefinition',
      level: 'Info',
      message:
        'no taskDefinition given: set it to the family of a TaskDefinition before the operator can run this service',
    });
  }
  return { cr: { apiVersion: API_VERSION, kind: r.kind, metadata, spec }, findings: dedupeFindings(findings) };
}

interface Imported {
  r: ParsedResource;
  cr: CustomResource;
  findings: Finding[];
}

/**
 * withLoneResources (`--as service|task`) adds, right after the CR of every task definition that no
 * service or task in the inputs uses, a Service CR (serviceName = family, desiredCount 1) or a Task
 * CR (count 1) naming it by family: what `convert` makes of a task definition given alone, found by
 * the same pairing. It is a usage error when that adds nothing (every task definition already has
 * its service or task, or there is none), or when an added CR would have the name of one in the
 * inputs (applying both, one would replace the other).
 */
function withLoneResources(resources: readonly ParsedResource[], imported: Imported[], as: string): Imported[] {
  const option = `option --as ${as}`;
  const tds = resources.filter((r): r is ParsedTaskDefinition => r.kind === 'TaskDefinition');
  if (tds.length === 0)
    throw new UsageError(
      `${option}: the input has no task definition to ${as === 'task' ? 'run' : 'create a service for'}`,
    );
  const planned = pairResources(resources, { asTask: as === 'task' });
  const lone = planned.filter((u): u is Unit => !isUnitError(u) && u.lone === true);
  if (lone.length === 0) {
    const users = planned
      .filter((u): u is Unit => !isUnitError(u))
      .map(
        (u) =>
          `${u.kind === 'Service' ? 'service' : 'task'} ${JSON.stringify(u.name)} uses ${JSON.stringify(u.taskDefinition.family)}`,
      );
    throw new UsageError(
      `${option}: every task definition in the input already has a service or task (${users.join(', ')}); drop --as, it would add a second one`,
    );
  }
  const taken = new Map(imported.map((o) => [`${o.cr.kind}/${o.cr.metadata.name}`, o.r.origin]));
  const out = [...imported];
  for (const unit of lone) {
    // A lone unit is built from the task definition's own spec object: that finds its CR.
    const at = out.findIndex((o) => o.r.kind === 'TaskDefinition' && o.r.spec === unit.taskDefinition.spec);
    if (at < 0) throw new Error(`no TaskDefinition CR for ${unit.origin}`);
    const tdCr = out[at].cr;
    const family = unit.taskDefinition.family;
    const metadata: CustomResource['metadata'] = { name: tdCr.metadata.name };
    if (tdCr.metadata.namespace !== undefined) metadata.namespace = tdCr.metadata.namespace;
    const clash = taken.get(`${unit.kind}/${metadata.name}`);
    if (clash !== undefined)
      throw new UsageError(
        `${option}: the input already has a ${unit.kind} named ${JSON.stringify(metadata.name)} (${clash}); the one --as would add for task definition ${JSON.stringify(family)} would replace it on apply`,
      );
    const base = { name: unit.name, origin: unit.origin, findings: [] };
    const r: ParsedResource =
      unit.kind === 'Service'
        ? { ...base, kind: 'Service', spec: { ...unit.service, serviceName: family } }
        : { ...base, kind: 'Task', spec: { ...unit.task } };
    taken.set(`${unit.kind}/${metadata.name}`, `added by --as for ${unit.origin}`);
    const note: Finding = {
      source: unit.kind,
      path: '',
      level: 'Info',
      message:
        unit.kind === 'Service'
          ? `added by --as service: a REPLICA Service ${JSON.stringify(metadata.name)} with desiredCount 1 running the latest TaskDefinition of family ${JSON.stringify(family)}`
          : `added by --as task: a one-off Task ${JSON.stringify(metadata.name)} (count 1) of the latest TaskDefinition of family ${JSON.stringify(family)}`,
    };
    out.splice(at + 1, 0, {
      r,
      cr: { apiVersion: API_VERSION, kind: unit.kind, metadata, spec: { ...r.spec } },
      findings: [note],
    });
  }
  return out;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'convert ECS definitions to ecs2eks custom resources (TaskDefinition, Service, Task)',
  usage: 'ecs2eks import [options] FILE|- [FILE...]',
  description: `
Reads ECS task definitions, services and tasks (API/CLI JSON, describe output, CloudFormation, or
ecs2eks CR YAML) and prints them as ecs2eks custom resources (apiVersion ${API_VERSION}) on stdout,
ready for kubectl apply. The spec is the validated ECS request, normalized: explicit nulls and
read-only describe fields are dropped. metadata.name is a DNS-1123 name derived from the family
or service name. A Service or Task keeps pointing at its TaskDefinition by family.

--as service (or task) also creates what convert runs a task definition given alone as: for each
task definition that no service or task in the input uses, a Service CR named like it (serviceName =
family, desiredCount 1) or a one-off Task CR (count 1), so that applying the output runs it. Without
--as, task definitions are only registered. --as is a usage error when every task definition in the
input already has a service or task, or when an added CR would take the name of one in the input.

Findings from reading the input are printed on stderr.
Exit status: 0 imported, 1 invalid input, 2 usage error.`,
  flags: {
    ...INPUT_FLAGS,
    namespace: {
      type: 'string',
      short: 'n',
      value: 'NS',
      help: 'set metadata.namespace (default: none, kubectl decides)',
    },
    as: {
      type: 'string',
      value: 'KIND',
      choices: AS_CHOICES,
      help: 'also create a Service (desiredCount 1) or a one-off Task for each task definition nothing in the input uses (default: neither)',
    },
    findings: {
      type: 'string',
      value: 'FORMAT',
      choices: ['table', 'json'],
      help: 'findings format on stderr (default: table)',
    },
    quiet: { type: 'boolean', short: 'q', help: 'do not print findings' },
  },
  examples: [
    'ecs2eks import taskdef.json service.json | kubectl apply -f -',
    'aws ecs describe-task-definition --task-definition web | ecs2eks import --as service - | kubectl apply -f -',
    'aws ecs describe-task-definition --task-definition web | ecs2eks import - -n apps',
  ],
  async run({ values, positionals }, io) {
    if (positionals.length === 0)
      throw new UsageError("import needs at least one FILE (or - for stdin) (see 'ecs2eks import --help')");
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
    const namespace = str(values, 'namespace');
    if (namespace !== undefined && !isDnsLabel(namespace))
      throw new UsageError(
        `option --namespace: ${JSON.stringify(namespace)} is not a valid namespace name (lowercase DNS-1123 label)`,
      );

    const resources: ParsedResource[] = [];
    for (const p of positionals) resources.push(...(await loadResources(p, io, maxInputBytes(values))).resources);

    const as = str(values, 'as');
    const names = namesByKind(resources);
    const converted: Imported[] = resources.map((r) => ({ r, ...toCustomResource(r, namespace, names.get(r.kind)) }));
    const out = as === undefined ? converted : withLoneResources(resources, converted, as);
    // Two resources of one kind with one name: the later one would replace the earlier on apply; keep the later.
    const last = new Map<string, number>();
    out.forEach((o, i) => last.set(`${o.cr.kind}/${o.cr.metadata.name}`, i));
    const kept = out.filter((o, i) => {
      if (last.get(`${o.cr.kind}/${o.cr.metadata.name}`) === i) return true;
      const later = out[last.get(`${o.cr.kind}/${o.cr.metadata.name}`)!];
      later.findings.push({
        source: o.r.kind,
        path: '',
        level: 'Info',
        message: `replaces the ${o.r.kind} of the same name from ${o.r.origin}`,
      });
      return false;
    });

    io.stdout.write(toYamlDocs(kept.map((o) => o.cr)));
    if (!flag(values, 'quiet')) {
      writeFindings(
        kept.map((o) => ({ kind: o.r.kind, name: o.cr.metadata.name, origin: o.r.origin, findings: o.findings })),
        str(values, 'findings') ?? 'table',
        io,
      );
    }
    return EXIT_OK;
  },
};
