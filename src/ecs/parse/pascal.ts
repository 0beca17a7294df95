/**
 * Converts a CloudFormation (PascalCase) property tree into the ECS API's camelCase shape, guided by
 * our zod schemas. The mechanical rule is "lower the first letter", but CloudFormation renames a few
 * members beyond case (see ecs-mapping.md §3), so matching is by schema member, case-insensitively,
 * with an explicit table for the real renames. CloudFormation also passes numbers and booleans as
 * strings; they are coerced where the schema expects a number or boolean.
 */
import type { z } from 'zod';
import { elementOf, kindOf, objectShape } from './schema-walk.js';
import { isIntrinsic, resolveIntrinsic, type Note, type TemplateContext } from './intrinsics.js';

/** Renames beyond case: CloudFormation name → API member name. */
const RENAMES: Record<string, string> = {
  ProxyConfigurationProperties: 'properties',
  PlacementStrategies: 'placementStrategy',
};

export interface PathNote extends Note {
  path: string;
}

export interface ConvertResult {
  value: unknown;
  notes: PathNote[];
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** memberFor finds the API member a CloudFormation key stands for, or undefined. */
export function memberFor(cfnKey: string, members: readonly string[]): string | undefined {
  const renamed = RENAMES[cfnKey];
  if (renamed && members.includes(renamed)) return renamed;
  const lower = cfnKey.toLowerCase();
  return members.find((m) => m.toLowerCase() === lower);
}

/** fromPascal converts `value` for `schema`; `path` is the camelCase path used in notes. */
export function fromPascal(value: unknown, schema: z.ZodType, path: string, ctx: TemplateContext): ConvertResult {
  const notes: PathNote[] = [];
  const walk = (v: unknown, s: z.ZodType, p: string): unknown => {
    if (isIntrinsic(v)) {
      const r = resolveIntrinsic(v, ctx);
      for (const n of r.notes) notes.push({ ...n, path: p });
      if (r.value === undefined) return undefined;
      const kind = kindOf(s);
      if (
        r.unresolved &&
        (kind === 'number' || kind === 'boolean' || kind === 'object' || kind === 'array' || kind === 'enum')
      ) {
        notes.push({
          path: p,
          level: 'Unsupported',
          message: `an unresolved CloudFormation value cannot stand in for a ${kind}; the field was left out`,
        });
        return undefined;
      }
      v = r.value;
      if (isIntrinsic(v)) return v;
    }
    switch (kindOf(s)) {
      case 'object': {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
        const shape = objectShape(s)!;
        const members = Object.keys(shape);
        const out: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(v)) {
          const m = memberFor(k, members);
          if (!m) {
            notes.push({
              path: join(p, k),
              level: 'Unsupported',
              message: `CloudFormation property ${k} has no counterpart in the ECS API request; ignored`,
            });
            continue;
          }
          const converted = walk(child, shape[m], join(p, m));
          if (converted !== undefined) out[m] = converted;
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(v)) return v;
        const el = elementOf(s)!;
        return v.map((item, i) => walk(item, el, join(p, i))).filter((x) => x !== undefined);
      }
      case 'record': {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
        const el = elementOf(s)!;
        const out: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(v)) {
          const converted = walk(child, el, join(p, k));
          if (converted !== undefined)
            out[k] = kindOf(el) === 'string' && isScalar(converted) ? String(converted) : converted;
        }
        return out;
      }
      case 'number':
        return typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
      case 'boolean':
        return v === 'true' ? true : v === 'false' ? false : v;
      case 'string':
      case 'enum':
        return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
      default:
        return v;
    }
  };
  return { value: walk(value, schema, path), notes };
}

/** A number or boolean where the schema wants a string (CloudFormation writes `Value: 8080`) becomes its text.
 * An object or list stays as it is, so that validation names the field instead of a silent "[object Object]". */
function isScalar(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}
