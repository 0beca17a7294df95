/**
 * The code generator behind hack/gen-ecs-schema.ts: turns the botocore ECS model into zod source.
 * Kept as a pure function of the model so that a unit test can check the committed output is fresh.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..');
export const DEFAULT_MODEL_PATH = resolve(REPO_ROOT, '..', 'shared', 'reference', 'models', 'ecs-api-2014-11-13.json');
export const GENERATED_SCHEMA_PATH = resolve(REPO_ROOT, 'src', 'ecs', 'schema.gen.ts');
export const GENERATED_API_REQUESTS_PATH = resolve(REPO_ROOT, 'src', 'ecs', 'api-requests.gen.ts');

interface MemberRef {
  shape: string;
}
interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  /** A free-form JSON document (e.g. HookDetails): any value, kept as written. */
  document?: boolean;
  min?: number;
  max?: number;
}
interface Operation {
  input?: MemberRef;
  output?: MemberRef;
  errors?: MemberRef[];
}
export interface EcsModel {
  /** Operation name (e.g. "UpdateService") to its input, output and error shapes. */
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** parseEcsModel parses the JSON text of the ECS API model; it checks the top level only, the generator checks shapes as it walks them. */
export function parseEcsModel(json: string, source: string): EcsModel {
  const model: unknown = JSON.parse(json);
  if (typeof model !== 'object' || model === null || !('shapes' in model)) {
    throw new Error(`${source} is not an ECS API model: it has no "shapes"`);
  }
  const { shapes } = model;
  if (typeof shapes !== 'object' || shapes === null || Array.isArray(shapes)) {
    throw new Error(`${source} is not an ECS API model: "shapes" is not an object`);
  }
  if (!('operations' in model)) throw new Error(`${source} is not an ECS API model: it has no "operations"`);
  const { operations } = model;
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
    throw new Error(`${source} is not an ECS API model: "operations" is not an object`);
  }
  return { operations: operations as Record<string, Operation>, shapes: shapes as Record<string, Shape> };
}

/** The request shapes our custom resources mirror, with the output shape whose extra members are read-only. */
export const ROOTS: Array<{ request: string; output?: string }> = [
  { request: 'RegisterTaskDefinitionRequest', output: 'TaskDefinition' },
  { request: 'CreateServiceRequest', output: 'Service' },
  { request: 'RunTaskRequest' },
];

/** Members the API marks required but our CRs default (from metadata.name), or that ECS enforces without marking. */
const OPTIONAL_OVERRIDES = new Set([
  'RegisterTaskDefinitionRequest.family',
  'CreateServiceRequest.serviceName',
  // Real service definitions (ecspresso, Terraform exports) write `alarms: {enable: false, rollback: false}` without names.
  'DeploymentAlarms.alarmNames',
]);
const REQUIRED_OVERRIDES = new Set(['ContainerDefinition.name', 'ContainerDefinition.image']);
/** Strings that users write as numbers too ("256" or 256, "2" GPUs): accepted as int-or-string. */
const INT_OR_STRING = new Set([
  'RegisterTaskDefinitionRequest.cpu',
  'RegisterTaskDefinitionRequest.memory',
  'TaskOverride.cpu',
  'TaskOverride.memory',
  'ResourceRequirement.value',
]);

/** Read-only members: present in the output shape (what describe prints) but not in the request. */
export function readOnlyMembers(model: EcsModel, request: string, output: string): string[] {
  const req = model.shapes[request]?.members ?? {};
  const out = model.shapes[output]?.members ?? {};
  return Object.keys(out)
    .filter((m) => !(m in req))
    .sort();
}

/** The ECS operations `ecs2eks ecs-api` implements: api-requests.gen.ts validates their requests. */
export const API_OPERATIONS: readonly string[] = [
  'CreateCluster',
  'DescribeClusters',
  'ListClusters',
  'DeleteCluster',
  'RegisterTaskDefinition',
  'DescribeTaskDefinition',
  'ListTaskDefinitions',
  'ListTaskDefinitionFamilies',
  'DeregisterTaskDefinition',
  'DeleteTaskDefinitions',
  'CreateService',
  'UpdateService',
  'DeleteService',
  'DescribeServices',
  'ListServices',
  'RunTask',
  'StopTask',
  'DescribeTasks',
  'ListTasks',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
];

/** Every structure reachable from the request roots, dependencies first (deterministic order). */
export function structureOrder(model: EcsModel): string[] {
  return declarationOrder(
    model,
    ROOTS.map((r) => r.request),
    new Set(),
  );
}

/** A shape that becomes a named declaration (an object schema or an enum) rather than an inline expression. */
function isDeclared(s: Shape): boolean {
  return (s.type === 'structure' && !s.document) || (s.type === 'string' && s.enum !== undefined);
}

/**
 * The declared shapes reachable from roots, dependencies first, in a deterministic order; shapes in
 * `external` (declared in another file) are neither listed nor walked into.
 */
function declarationOrder(model: EcsModel, roots: readonly string[], external: ReadonlySet<string>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || external.has(name)) return;
    seen.add(name);
    const s = model.shapes[name];
    if (!s) throw new Error(`model has no shape ${name}`);
    for (const ref of childRefs(s)) visit(ref);
    if (isDeclared(s)) order.push(name);
  };
  for (const root of roots) visit(root);
  return order;
}

/** The declared shapes that expr(model, name) names, looking through lists and maps. */
function namedRefs(model: EcsModel, name: string): string[] {
  const s = model.shapes[name];
  if (!s) throw new Error(`model has no shape ${name}`);
  if (isDeclared(s)) return [name];
  if (s.type === 'list' || s.type === 'map') return childRefs(s).flatMap((ref) => namedRefs(model, ref));
  return [];
}

/** Whether expr(model, name) uses the `timestamp` schema. */
function usesTimestamp(model: EcsModel, name: string): boolean {
  const s = model.shapes[name];
  if (s.type === 'timestamp') return true;
  if (s.type === 'list' || s.type === 'map') return childRefs(s).some((ref) => usesTimestamp(model, ref));
  return false;
}

function childRefs(s: Shape): string[] {
  if (s.type === 'structure') return Object.values(s.members ?? {}).map((m) => m.shape);
  if (s.type === 'list') return [s.member!.shape];
  if (s.type === 'map') return [s.key!.shape, s.value!.shape];
  return [];
}

function expr(model: EcsModel, name: string): string {
  const s = model.shapes[name];
  switch (s.type) {
    case 'structure':
      return s.document ? 'z.unknown()' : name;
    case 'string':
      return s.enum ? name : 'z.string()';
    case 'integer':
    case 'long': {
      let e = 'z.int()';
      if (s.min !== undefined) e += `.min(${s.min})`;
      if (s.max !== undefined && s.max < 2 ** 31 - 1) e += `.max(${s.max})`;
      return e;
    }
    case 'double':
    case 'float':
      return 'z.number()';
    case 'boolean':
      return 'z.boolean()';
    case 'timestamp':
      return 'timestamp';
    case 'list': {
      let e = `z.array(${expr(model, s.member!.shape)})`;
      if (s.max !== undefined) e += `.max(${s.max})`;
      return e;
    }
    case 'map':
      return `z.record(z.string(), ${expr(model, s.value!.shape)})`;
    default:
      throw new Error(`unhandled shape type ${s.type} (${name})`);
  }
}

function memberLine(model: EcsModel, shapeName: string, member: string, ref: string, required: boolean): string {
  const key = `${shapeName}.${member}`;
  let e = INT_OR_STRING.has(key) ? 'intOrString' : expr(model, ref);
  if (!required) e += '.nullish()';
  return `  ${member}: ${e}.describe(doc(${JSON.stringify(key)})),`;
}

/** The declaration of an enum: the z.enum schema and its inferred type. */
function enumLines(name: string, s: Shape): string[] {
  return [
    `export const ${name} = z.enum(${JSON.stringify(s.enum)});`,
    `export type ${name} = z.infer<typeof ${name}>;`,
  ];
}

/** The full text of src/ecs/schema.gen.ts. */
export function generateEcsSchemaSource(model: EcsModel): string {
  const out: string[] = [
    '// GENERATED by hack/gen-ecs-schema.ts from the ECS API model. DO NOT EDIT.',
    '// Every structure reachable from RegisterTaskDefinition, CreateService and RunTask, with every member.',
    "import { z } from 'zod';",
    "import { doc } from './descriptions.js';",
    '',
    '/** ECS prints timestamps as ISO strings or epoch seconds depending on the tool. */',
    'const timestamp = z.union([z.string(), z.number()]);',
    '/** A value users write both as a number and as a string ("256", 256, "0.5 vCPU"). */',
    'export const intOrString = z.union([z.int(), z.string()]);',
    '',
  ];
  const rootOutputs = new Map(ROOTS.filter((r) => r.output).map((r) => [r.request, r.output!]));
  for (const name of structureOrder(model)) {
    const s = model.shapes[name];
    if (s.type === 'string') {
      out.push(...enumLines(name, s));
      continue;
    }
    const required = new Set(s.required ?? []);
    out.push(`export const ${name} = z.strictObject({`);
    for (const [member, ref] of Object.entries(s.members ?? {})) {
      const key = `${name}.${member}`;
      const isRequired = (required.has(member) && !OPTIONAL_OVERRIDES.has(key)) || REQUIRED_OVERRIDES.has(key);
      out.push(memberLine(model, name, member, ref.shape, isRequired));
    }
    const output = rootOutputs.get(name);
    if (output) {
      out.push('  // Read-only members that describe output carries: accepted, ignored with an Info finding.');
      for (const member of readOnlyMembers(model, name, output)) {
        out.push(`  ${member}: z.unknown().optional().describe(doc(${JSON.stringify(`${output}.${member}`)})),`);
      }
    }
    out.push('});');
    out.push(`export type ${name} = z.infer<typeof ${name}>;`);
  }
  out.push('');
  out.push('/** Names of the read-only members per request shape, for findings. */');
  const ro: Record<string, string[]> = {};
  for (const [req, output] of rootOutputs) ro[req] = readOnlyMembers(model, req, output);
  out.push(`export const READ_ONLY_MEMBERS: Record<string, readonly string[]> = ${JSON.stringify(ro, null, 2)};`);
  out.push('');
  return out.join('\n');
}

/** The input shape of an operation, checked to exist. */
function inputShape(model: EcsModel, operation: string): string {
  const op = model.operations[operation];
  if (!op) throw new Error(`model has no operation ${operation}`);
  if (!op.input) throw new Error(`operation ${operation} has no input shape`);
  if (!model.shapes[op.input.shape]) throw new Error(`model has no shape ${op.input.shape} (input of ${operation})`);
  return op.input.shape;
}

/**
 * The full text of src/ecs/api-requests.gen.ts: the request schema of every operation in
 * API_OPERATIONS, as the ECS API defines it (the model's required members, nothing else). Structures
 * and enums that schema.gen.ts declares are imported from it; the others are declared here.
 */
export function generateApiRequestsSource(model: EcsModel): string {
  const shared = new Set(structureOrder(model));
  const inputs = API_OPERATIONS.map((op) => ({ op, input: inputShape(model, op) }));
  const own = declarationOrder(
    model,
    inputs.map((i) => i.input),
    shared,
  );
  // The shared declarations this file names: members of its own structures, and request schemas declared in schema.gen.ts.
  const imported = new Set<string>();
  let timestamp = false;
  for (const name of own) {
    for (const ref of Object.values(model.shapes[name].members ?? {})) {
      for (const n of namedRefs(model, ref.shape)) if (shared.has(n)) imported.add(n);
      timestamp ||= usesTimestamp(model, ref.shape);
    }
  }
  const reexported = [...new Set(inputs.map((i) => i.input).filter((n) => shared.has(n)))].sort();
  for (const n of reexported) imported.add(n);

  const out: string[] = [
    '// GENERATED by hack/gen-ecs-schema.ts from the ECS API model. DO NOT EDIT.',
    '// The request of every ECS API operation `ecs2eks ecs-api` implements, with every member.',
    "import { z } from 'zod';",
  ];
  if (imported.size > 0) {
    out.push('import {');
    for (const n of [...imported].sort()) out.push(`  ${n},`);
    out.push("} from './schema.gen.js';");
  }
  out.push('');
  if (reexported.length > 0) {
    out.push('// Requests that the custom resources mirror too: the schemas of schema.gen.ts.');
    out.push(`export { ${reexported.join(', ')} };`);
    out.push('');
  }
  if (timestamp) {
    out.push('/** ECS prints timestamps as ISO strings or epoch seconds depending on the tool. */');
    out.push('const timestamp = z.union([z.string(), z.number()]);');
    out.push('');
  }
  for (const name of own) {
    const s = model.shapes[name];
    if (s.type === 'string') {
      out.push(...enumLines(name, s));
      continue;
    }
    const required = new Set(s.required ?? []);
    out.push(`export const ${name} = z.strictObject({`);
    for (const [member, ref] of Object.entries(s.members ?? {})) {
      let e = expr(model, ref.shape);
      if (!required.has(member)) e += '.nullish()';
      out.push(`  ${member}: ${e},`);
    }
    out.push('});');
    out.push(`export type ${name} = z.infer<typeof ${name}>;`);
  }
  out.push('');
  out.push('/** The request schema of each operation the server implements. */');
  out.push('export const ECS_API_REQUESTS = {');
  for (const { op, input } of inputs) out.push(`  ${op}: ${input},`);
  out.push('} as const;');
  out.push('export type EcsApiOperation = keyof typeof ECS_API_REQUESTS;');
  out.push('');
  out.push('/** Every operation of the ECS API, implemented or not, sorted. */');
  const all = Object.keys(model.operations).sort();
  out.push(`export const ECS_MODEL_OPERATIONS: readonly string[] = ${JSON.stringify(all, null, 2)};`);
  out.push('');
  return out.join('\n');
}
