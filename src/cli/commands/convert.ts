/**
 * `ecs2eks convert FILE|-`: ECS definitions (JSON, describe output, CloudFormation or our CR YAML)
 * to the Kubernetes objects the operator would create, on stdout; findings on stderr.
 */
import { isInputError } from '../../ecs/errors.js';
import type { ParsedResource, ParsedTaskDefinition } from '../../ecs/parse/index.js';
import type { Finding, KubeObject, Translation } from '../../translate/types.js';
import { flag, list, str } from '../args.js';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { findingsTable } from '../findings.js';
import type { IO } from '../io.js';
import { INPUT_FLAGS, loadResources, maxInputBytes } from '../load.js';
import { planOutputDir, writeOutputDir } from '../output-dir.js';
import { AS_CHOICES, isUnitError, pairResources, type Unit } from '../pairing.js';
import { toJsonList, toYamlDocs } from '../render.js';
import { translateUnit } from '../translate.js';
import { readableNames } from '../../translate/names.js';
import { TRANSLATE_FLAGS, translateOptions } from '../translate-options.js';

/** What one unit produced, for printing findings. */
export interface UnitResult {
  unit: Unit;
  findings: Finding[];
}

export function unitLabel(u: { kind: string; name: string; origin: string }): string {
  return `${u.kind === 'Service' ? 'service' : 'task'} ${JSON.stringify(u.name)} (${u.origin})`;
}

/** writeFindings prints findings on stderr: a table per resource, or one JSON array. */
export function writeFindings(
  results: ReadonlyArray<{ kind: string; name: string; origin: string; findings: Finding[] }>,
  format: string,
  io: IO,
): void {
  if (format === 'json') {
    const rows = results.flatMap((r) =>
      r.findings.map((f) => ({ resource: { kind: r.kind, name: r.name, origin: r.origin }, ...f })),
    );
    io.stderr.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const withFindings = results.filter((r) => r.findings.length > 0);
  for (const r of withFindings) {
    if (results.length > 1) io.stderr.write(`${r.kind} ${r.name} (${r.origin}):\n`);
    io.stderr.write(findingsTable(r.findings));
    if (results.length > 1 && r !== withFindings[withFindings.length - 1]) io.stderr.write('\n');
  }
}

/** objectKey identifies an object for deduplication across units (e.g. a shared ServiceAccount). */
function objectKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * Without --namespace the objects are translated for this stand-in namespace, which is then taken
 * out of metadata, so that `kubectl apply -n NS` (or a kustomization) puts them in NS. Anywhere
 * else in an object (an EFS PersistentVolume's claimRef) it means the object needs the real one.
 */
const NO_NAMESPACE = 'ecs2eks-namespace-not-given';

/** withoutNamespace drops the stand-in namespace from metadata, and says it in findings as <namespace>. */
function withoutNamespace(t: Translation, unit: Unit): Translation {
  const objects = t.objects.map((o) => {
    if (o.metadata.namespace !== NO_NAMESPACE) return o;
    const { namespace: _ns, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
  const needs = objects.find((o) => JSON.stringify(o).includes(NO_NAMESPACE));
  if (needs)
    throw new UsageError(
      `${unitLabel(unit)}: its ${needs.kind} refers to the namespace the other objects go to (a cluster-scoped object names it): give it with --namespace (-n)`,
    );
  const findings = t.findings.map((f) =>
    f.message.includes(NO_NAMESPACE) ? { ...f, message: f.message.split(NO_NAMESPACE).join('<namespace>') } : f,
  );
  return { objects, findings };
}

export const convert: Command = {
  name: 'convert',
  summary: 'convert ECS definitions to Kubernetes YAML (findings on stderr)',
  usage: 'ecs2eks convert [options] FILE|-',
  description: `
Converts ECS task definitions, services and tasks to the Kubernetes objects the ecs2eks operator
would create, and prints them on stdout as multi-document YAML (or a v1 List with -o json).
FILE is ECS API/CLI JSON, describe output, a CloudFormation template, or ecs2eks CR YAML; - reads stdin.

Services and tasks are paired with the task definition they name, by family, among the inputs
(revision numbers are informational offline). A task definition that no service uses is converted
as a REPLICA service with desiredCount 1 named after its family (or as a one-off task with --as task).
--service FILE adds the services in FILE; when FILE's single task definition is not the one they
name, they are paired with it anyway (with an Info finding).

Objects carry no metadata.namespace unless --namespace is given: kubectl apply -n NS decides. An EFS
PersistentVolume (--enable efs) names its claim's namespace, so it needs --namespace.

--output-dir DIR writes one file per object, <kind>-<name>.yaml (lowercase), and a kustomization.yaml
listing them, instead of printing them; the paths written are printed on stdout. DIR is created when
missing and must be empty: --force writes into a non-empty DIR, overwriting only files of those
names (other files are left, and not listed in kustomization.yaml).

Findings (every ECS field not reproduced exactly) are printed on stderr as a table.
Exit status: 0 converted, 1 invalid input, 2 usage error.`,
  flags: {
    ...INPUT_FLAGS,
    service: {
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'a service definition to pair with the task definition(s) in the input',
    },
    as: {
      type: 'string',
      value: 'KIND',
      choices: AS_CHOICES,
      help: 'what a task definition without a service becomes (default: service)',
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FORMAT',
      choices: ['yaml', 'json'],
      help: 'output format (default: yaml)',
    },
    'output-dir': {
      type: 'string',
      value: 'DIR',
      help: 'write <kind>-<name>.yaml per object and a kustomization.yaml into DIR instead of stdout',
    },
    force: { type: 'boolean', help: 'with --output-dir: write into a non-empty DIR (only our files are overwritten)' },
    findings: {
      type: 'string',
      value: 'FORMAT',
      choices: ['table', 'json'],
      help: 'findings format on stderr (default: table)',
    },
    quiet: { type: 'boolean', short: 'q', help: 'do not print findings' },
    ...TRANSLATE_FLAGS,
    namespace: {
      ...TRANSLATE_FLAGS.namespace,
      help: 'metadata.namespace of every object (default: none, kubectl decides)',
    },
  },
  examples: [
    'ecs2eks convert taskdef.json',
    'ecs2eks convert taskdef.json --service service.json -n apps | kubectl apply -f -',
    'aws ecs describe-task-definition --task-definition web | ecs2eks convert - --as task',
    'ecs2eks convert stack.yaml -o json --enable target-group-binding',
    'ecs2eks convert taskdef.json --service service.json --output-dir apps/web',
  ],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1)
      throw new UsageError(
        `convert takes exactly one FILE (or - for stdin), got ${positionals.length} (see 'ecs2eks convert --help')`,
      );
    const namespace = str(values, 'namespace');
    const options = translateOptions({ ...values, namespace: namespace ?? NO_NAMESPACE });
    const outputDir = str(values, 'output-dir');
    if (outputDir === undefined && flag(values, 'force'))
      throw new UsageError('option --force: only with --output-dir DIR (it allows a non-empty DIR)');
    if (outputDir !== undefined && str(values, 'output') === 'json')
      throw new UsageError('option --output-dir writes YAML files: it cannot be combined with -o json');
    const serviceFiles = list(values, 'service');
    if (serviceFiles.includes('-') && positionals[0] === '-') throw new UsageError('stdin (-) can be read only once');

    const main = await loadResources(positionals[0], io, maxInputBytes(values));
    const resources: ParsedResource[] = [...main.resources];
    for (const file of serviceFiles) {
      const loaded = await loadResources(file, io, maxInputBytes(values));
      if (!loaded.resources.some((r) => r.kind === 'Service'))
        throw new CliError(
          `${loaded.origin}: --service expects a service definition, found only ${[...new Set(loaded.resources.map((r) => r.kind))].join(', ')}`,
        );
      resources.push(...loaded.resources);
    }
    const tds = main.resources.filter((r): r is ParsedTaskDefinition => r.kind === 'TaskDefinition');
    if (serviceFiles.length > 0 && !resources.some((r) => r.kind === 'TaskDefinition')) {
      throw new CliError(
        `${main.origin}: --service pairs services with the task definition(s) in FILE, but there is none`,
      );
    }
    const fallback = serviceFiles.length > 0 && tds.length === 1 ? tds[0] : undefined;

    const planned = pairResources(resources, {
      asTask: str(values, 'as') === 'task',
      ...(fallback ? { fallback } : {}),
    });
    const errors = planned.filter(isUnitError);
    if (errors.length > 0) throw new CliError(errors.map((e) => e.error).join('\necs2eks: '));

    const objects: KubeObject[] = [];
    const seen = new Map<string, string>();
    const results: UnitResult[] = [];
    // Readable names (no hash) unless two units would share one.
    const names = readableNames((planned as Unit[]).map((u) => u.name));
    for (const unit of planned as Unit[]) {
      let t;
      try {
        t = translateUnit(unit, options, names.get(unit.name));
        if (namespace === undefined) t = withoutNamespace(t, unit);
      } catch (e) {
        if (isInputError(e)) throw new CliError(`${unitLabel(unit)}: ${e.message}`);
        throw e;
      }
      results.push({ unit, findings: t.findings });
      for (const o of t.objects) {
        const key = objectKey(o);
        const json = JSON.stringify(o);
        const prev = seen.get(key);
        if (prev === json) continue;
        if (prev !== undefined)
          throw new CliError(
            `two resources generate different ${o.kind} objects named ${JSON.stringify(o.metadata.name)}: rename one of them`,
          );
        seen.set(key, json);
        objects.push(o);
      }
    }

    if (outputDir !== undefined) {
      const written = await writeOutputDir(outputDir, planOutputDir(objects), flag(values, 'force'));
      io.stdout.write(written.map((p) => `${p}\n`).join(''));
    } else io.stdout.write(str(values, 'output') === 'json' ? toJsonList(objects) : toYamlDocs(objects));
    if (!flag(values, 'quiet')) {
      writeFindings(
        results.map((r) => ({ kind: r.unit.kind, name: r.unit.name, origin: r.unit.origin, findings: r.findings })),
        str(values, 'findings') ?? 'table',
        io,
      );
    }
    return EXIT_OK;
  },
};
