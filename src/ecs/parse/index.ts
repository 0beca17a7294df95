/**
 * parseInput: one file's text in, validated ECS resources out, whatever form the user has —
 * API/CLI JSON, describe/create output (wrapped or not), CloudFormation, or our own CR YAML.
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../model.js';
import type { Finding } from '../findings.js';
import { isCloudFormation, readTemplate } from './cfn.js';
import { normalizeSpec } from './normalize.js';
import { loadDocuments } from './source.js';
import { validateSpec } from './validate.js';

export const API_VERSION = 'ecs2eks.dev/v1alpha1';

interface Base {
  /** The resource's name: the CR's metadata.name, the family, the serviceName, or the file's stem. */
  name: string;
  /** Where it came from, e.g. `web.json`, `stack.yaml#Resources.WebService`, `crs.yaml#2`. */
  origin: string;
  /** metadata of a CR input (namespace, labels), untouched. */
  metadata?: Record<string, unknown>;
  findings: Finding[];
}
export interface ParsedTaskDefinition extends Base {
  kind: 'TaskDefinition';
  spec: TaskDefinitionSpec & { family: string };
}
export interface ParsedService extends Base {
  kind: 'Service';
  spec: ServiceSpec & { serviceName: string };
}
export interface ParsedTask extends Base {
  kind: 'Task';
  spec: TaskSpec;
}
export type ParsedResource = ParsedTaskDefinition | ParsedService | ParsedTask;

const SERVICE_KEYS = [
  'serviceName',
  'desiredCount',
  'schedulingStrategy',
  'deploymentConfiguration',
  'loadBalancers',
  'serviceRegistries',
  'serviceConnectConfiguration',
  'deploymentController',
  'healthCheckGracePeriodSeconds',
];
const TASK_KEYS = ['count', 'overrides', 'startedBy', 'group', 'referenceId'];

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** parseInput parses every resource in one file. `stem` names unnamed resources (the file name without extension). */
export function parseInput(text: string, origin: string, stem = 'ecs'): ParsedResource[] {
  const docs = loadDocuments(text, origin);
  const out: ParsedResource[] = [];
  docs.forEach((doc, i) => {
    const where = docs.length > 1 ? `${origin}#${i + 1}` : origin;
    out.push(...parseDocument(doc, where, stem));
  });
  if (out.length === 0)
    throw new InputError('', `${origin}: no ECS task definition, service or task found`, 'NoResources', origin);
  return out;
}

function parseDocument(doc: unknown, origin: string, stem: string): ParsedResource[] {
  if (!isObject(doc))
    throw new InputError(
      '',
      `${origin}: expected an object at the top level, got ${Array.isArray(doc) ? 'a list' : typeof doc}`,
      'InvalidSpec',
      origin,
    );
  if (doc.apiVersion !== undefined || doc.kind !== undefined) return [fromCustomResource(doc, origin)];
  if (isCloudFormation(doc)) {
    return readTemplate(doc).map((r) => {
      const where = `${origin}#Resources.${r.logicalId}`;
      const cfnFindings: Finding[] = r.notes.map((n) => ({
        source: r.kind,
        path: n.path,
        level: n.level,
        message: n.message,
      }));
      return build(r.kind, r.spec, where, r.logicalId, undefined, cfnFindings);
    });
  }
  // describe-task-definition / register-task-definition output: {taskDefinition: {...}, tags: [...]}
  if (isObject(doc.taskDefinition) && Array.isArray(doc.taskDefinition.containerDefinitions)) {
    const td = { ...doc.taskDefinition };
    if (Array.isArray(doc.tags) && doc.tags.length > 0 && td.tags === undefined) td.tags = doc.tags;
    return [build('TaskDefinition', td, origin, stem)];
  }
  // describe-services output: {services: [...], failures: [...]}
  if (Array.isArray(doc.services)) {
    return doc.services.map((s, i) =>
      build('Service', s as Record<string, unknown>, `${origin}#services[${i}]`, `${stem}-${i + 1}`),
    );
  }
  // create-service / update-service output: {service: {...}}
  if (isObject(doc.service)) return [build('Service', doc.service, origin, stem)];
  if (Array.isArray(doc.containerDefinitions)) return [build('TaskDefinition', doc, origin, stem)];
  if (SERVICE_KEYS.some((k) => k in doc)) return [build('Service', doc, origin, stem)];
  if (typeof doc.taskDefinition === 'string' && TASK_KEYS.some((k) => k in doc))
    return [build('Task', doc, origin, stem)];
  if (typeof doc.taskDefinition === 'string') return [build('Service', doc, origin, stem)];
  throw new InputError(
    '',
    `${origin}: not an ECS task definition (no containerDefinitions), service or task`,
    'InvalidSpec',
    origin,
  );
}

function fromCustomResource(doc: Record<string, unknown>, origin: string): ParsedResource {
  if (doc.apiVersion !== API_VERSION) {
    throw new InputError(
      'apiVersion',
      `${origin}: expected apiVersion ${API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`,
      'InvalidSpec',
      origin,
    );
  }
  const kind = doc.kind;
  if (kind !== 'TaskDefinition' && kind !== 'Service' && kind !== 'Task') {
    throw new InputError(
      'kind',
      `${origin}: expected kind TaskDefinition, Service or Task, got ${JSON.stringify(kind)}`,
      'InvalidSpec',
      origin,
    );
  }
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  if (!name) throw new InputError('metadata.name', `${origin}: metadata.name is required`, 'InvalidSpec', origin);
  if (!isObject(doc.spec)) throw new InputError('spec', `${origin}: spec is required`, 'InvalidSpec', origin);
  return build(kind, doc.spec, origin, name, metadata);
}

const SCHEMAS: Record<ParsedResource['kind'], { schema: z.ZodType; shape: string }> = {
  TaskDefinition: { schema: TaskDefinitionSpec, shape: 'RegisterTaskDefinitionRequest' },
  Service: { schema: ServiceSpec, shape: 'CreateServiceRequest' },
  Task: { schema: TaskSpec, shape: 'RunTaskRequest' },
};

/** build normalizes and validates one spec; `fallbackName` applies when the spec names nothing itself. */
export function build(
  kind: ParsedResource['kind'],
  raw: Record<string, unknown>,
  origin: string,
  fallbackName: string,
  metadata?: Record<string, unknown>,
  extraFindings: Finding[] = [],
): ParsedResource {
  const { schema, shape } = SCHEMAS[kind];
  const { spec, findings } = normalizeSpec(raw, schema, kind, shape);
  const metaName = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const all = [...extraFindings, ...findings];
  if (kind === 'TaskDefinition') {
    if (spec.family === undefined) {
      spec.family = metaName ?? fallbackName;
      if (!metaName)
        all.push({
          source: kind,
          path: 'family',
          level: 'Info',
          message: `no family given: used ${JSON.stringify(spec.family)}`,
        });
    }
    const valid = validateSpec(schema, spec, '', origin) as ParsedTaskDefinition['spec'];
    return { kind, name: metaName ?? valid.family, origin, metadata, findings: all, spec: valid };
  }
  if (kind === 'Service') {
    if (spec.serviceName === undefined) {
      spec.serviceName = metaName ?? fallbackName;
      if (!metaName)
        all.push({
          source: kind,
          path: 'serviceName',
          level: 'Info',
          message: `no serviceName given: used ${JSON.stringify(spec.serviceName)}`,
        });
    }
    const valid = validateSpec(schema, spec, '', origin) as ParsedService['spec'];
    return { kind, name: metaName ?? valid.serviceName, origin, metadata, findings: all, spec: valid };
  }
  const valid = validateSpec(schema, spec, '', origin) as TaskSpec;
  return { kind, name: metaName ?? fallbackName, origin, metadata, findings: all, spec: valid };
}
