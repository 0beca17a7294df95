/**
 * Validates a plain spec against its zod schema and turns the first problems into one InputError
 * whose message names the field path the way users read it: `containerDefinitions[1].portMappings[0].hostPort: expected integer, got string`.
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { isIntegerSchema, schemaAt } from './schema-walk.js';

/** formatPath renders a zod issue path as `a.b[0].c`, with an optional prefix (e.g. `spec`). */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number' && !Number.isInteger(v)) return `number ${v}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${v}`;
  return typeof v;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

const EXPECTED_NAMES: Record<string, string> = {
  int: 'integer',
  number: 'number',
  string: 'string',
  boolean: 'boolean (true or false)',
  array: 'list',
  object: 'object',
  record: 'object of string values',
};

/** One readable line per zod issue: `path: message`. */
export function issueLines(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  input: unknown,
  prefix = '',
  schema?: z.ZodType,
): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const issue of issues) {
    const path = formatPath(issue.path, prefix);
    const actual = valueAt(input, issue.path);
    switch (issue.code) {
      case 'invalid_type': {
        // zod says "number" for z.int() on a non-number; the schema knows it wants an integer.
        const node = schema ? schemaAt(schema, issue.path) : undefined;
        const wanted = issue.expected === 'number' && node && isIntegerSchema(node) ? 'int' : issue.expected;
        const expected = EXPECTED_NAMES[wanted] ?? wanted;
        out.push({
          path,
          message:
            actual === undefined
              ? `required field is missing (expected ${expected})`
              : `expected ${expected}, got ${describeValue(actual)}`,
        });
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push({
            path: formatPath([...issue.path, key], prefix),
            message: 'unknown field (not part of the ECS API shape)',
          });
        break;
      case 'invalid_value':
        out.push({
          path,
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(actual)}`,
        });
        break;
      case 'invalid_union':
        out.push({ path, message: `expected an integer or a string, got ${describeValue(actual)}` });
        break;
      case 'too_small':
      case 'too_big': {
        const bound =
          issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
        out.push({
          path,
          message: `must be ${bound}${what ? ` ${what}` : ''}, got ${Array.isArray(actual) ? `${actual.length} entries` : describeValue(actual)}`,
        });
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** validateSpec parses `input` with `schema` or throws an InputError naming the first bad field (and counting the rest). */
export function validateSpec<T extends z.ZodType>(schema: T, input: unknown, prefix = '', origin?: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = issueLines(result.error.issues, input, prefix, schema);
  const first = lines[0] ?? { path: prefix, message: 'invalid' };
  const more =
    lines.length > 1
      ? ` (and ${lines.length - 1} more: ${lines
          .slice(1, 4)
          .map((l) => l.path || '(root)')
          .join(', ')}${lines.length > 4 ? ', …' : ''})`
      : '';
  const err = new InputError(first.path, `${first.message}${more}`, 'InvalidSpec', origin);
  if (origin) err.message = `${origin}: ${err.message}`;
  throw err;
}
