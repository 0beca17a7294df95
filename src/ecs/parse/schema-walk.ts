/**
 * Reads the structure of our zod schemas at run time: which members an object has and what type a
 * member expects. The CloudFormation reader uses it to map PascalCase keys onto API members and to
 * coerce CloudFormation's string numbers, without a second hand-written copy of the ECS model.
 */
import type { z } from 'zod';

type AnySchema = z.ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  options?: AnySchema[];
  entries?: Record<string, string>;
}

function def(s: AnySchema): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** unwrap strips optional/nullable wrappers. */
export function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (;;) {
    const d = def(cur);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default') && d.innerType) cur = d.innerType;
    else return cur;
  }
}

/** The basic kind a schema expects, after unwrapping. */
export type SchemaKind =
  'object' | 'array' | 'record' | 'string' | 'number' | 'boolean' | 'enum' | 'intOrString' | 'unknown';

export function kindOf(s: AnySchema): SchemaKind {
  const d = def(unwrap(s));
  switch (d.type) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'record':
      return 'record';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'union':
      return 'intOrString';
    default:
      return 'unknown';
  }
}

/** objectShape returns the members of an object schema (after unwrapping), or undefined. */
export function objectShape(s: AnySchema): Record<string, AnySchema> | undefined {
  const d = def(unwrap(s));
  return d.type === 'object' ? d.shape : undefined;
}

/** elementOf returns the element schema of an array (or the value schema of a record). */
export function elementOf(s: AnySchema): AnySchema | undefined {
  const d = def(unwrap(s));
  if (d.type === 'array') return d.element;
  if (d.type === 'record') return d.valueType;
  return undefined;
}

/** enumValues returns the allowed values of an enum schema. */
export function enumValues(s: AnySchema): string[] {
  const d = def(unwrap(s));
  return d.type === 'enum' && d.entries ? Object.values(d.entries) : [];
}

/** schemaAt follows an issue path (object keys, array indexes) into a schema; undefined when it leaves the schema. */
export function schemaAt(s: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | undefined {
  let cur: AnySchema | undefined = s;
  for (const p of path) {
    if (!cur) return undefined;
    if (typeof p === 'number') cur = elementOf(cur);
    else cur = objectShape(cur)?.[String(p)] ?? (kindOf(cur) === 'record' ? elementOf(cur) : undefined);
  }
  return cur;
}

/** isIntegerSchema: a zod number restricted to integers (z.int()). */
export function isIntegerSchema(s: AnySchema): boolean {
  return (unwrap(s) as unknown as { isInt?: boolean }).isInt === true;
}
