/** Walking the generated zod schemas by their definitions, as the coverage tests do to list every reachable member. */
import type { z } from 'zod';

/** defOf returns the definition of a zod schema (it survives `.describe()`, which clones the schema), or undefined for any other value. */
export function defOf(value: unknown): z.core.$ZodTypeDef | undefined {
  return value instanceof Object && 'def' in value ? (value.def as z.core.$ZodTypeDef) : undefined;
}

/** unwrap strips the optional, nullable and array wrappers off a schema: what is left is the schema of one value. */
export function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let d = defOf(s); d; d = defOf(s)) {
    if (d.type === 'array') s = (d as z.core.$ZodArrayDef).element;
    else if (d.type === 'optional' || d.type === 'nullable')
      s = (d as z.core.$ZodOptionalDef | z.core.$ZodNullableDef).innerType;
    else break;
  }
  return s;
}
