/**
 * Turns the text of one input file into plain documents: JSON (one document) or YAML (one or more
 * documents, CloudFormation tags allowed). Syntax errors become InputErrors with line and column.
 */
import yaml from 'js-yaml';
import { InputError } from '../errors.js';
import { CFN_SCHEMA } from './cfn-yaml.js';
import { jsonErrorOffset, offsetToLineColumn } from './json-position.js';

/** loadDocuments parses `text`; `origin` names the file in error messages. Empty YAML documents are dropped. */
export function loadDocuments(text: string, origin: string): unknown[] {
  // Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the document.
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  if (trimmed === '') throw new InputError('', `${origin}: the file is empty`, 'InvalidSyntax', origin);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return [rejectPrototypeKeys(parseJson(body, origin), origin)];
  try {
    return yaml
      .loadAll(body, undefined, { schema: CFN_SCHEMA, filename: origin })
      .filter((d) => d !== null && d !== undefined)
      .map((d) => rejectPrototypeKeys(d, origin));
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const line = e.mark ? e.mark.line + 1 : 0;
      const col = e.mark ? e.mark.column + 1 : 0;
      throw new InputError('', `${origin}:${line}:${col}: invalid YAML: ${e.reason}`, 'InvalidSyntax', origin);
    }
    throw e;
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const { line, column } = offsetToLineColumn(text, offset < 0 ? text.length : offset);
    const found = offset >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[offset])}`;
    throw new InputError('', `${origin}:${line}:${column}: invalid JSON: ${found}`, 'InvalidSyntax', origin);
  }
}

/**
 * A `__proto__` key is an own property after JSON.parse, but any later `obj[key]` copy turns it into a
 * prototype change: refuse it with its path. The walk is iterative, so a deeply nested input cannot
 * exhaust the stack here.
 */
function rejectPrototypeKeys(doc: unknown, origin: string): unknown {
  const stack: Array<{ v: unknown; path: string }> = [{ v: doc, path: '' }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]` }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__')
        throw new InputError(at, `"__proto__" is not allowed as a key (${origin})`, 'InvalidSpec', origin);
      stack.push({ v: (v as Record<string, unknown>)[key], path: at });
    }
  }
  return doc;
}
