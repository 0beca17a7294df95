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
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const doc = checkDocument(parseJson(body, origin), origin);
    const dup = findDuplicateKey(body);
    if (dup !== undefined)
      throw new InputError(
        dup,
        `${origin}: the key appears twice in one object (JSON keeps only the last value)`,
        'InvalidSpec',
        origin,
      );
    return [doc];
  }
  try {
    return yaml
      .loadAll(body, undefined, { schema: CFN_SCHEMA, filename: origin })
      .filter((d) => d !== null && d !== undefined)
      .map((d) => checkDocument(d, origin));
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const line = e.mark ? e.mark.line + 1 : 0;
      const col = e.mark ? e.mark.column + 1 : 0;
      throw new InputError('', `${origin}:${line}:${col}: invalid YAML: ${e.reason}`, 'InvalidSyntax', origin);
    }
    // js-yaml parses nested collections recursively: nesting deep enough exhausts the stack.
    if (e instanceof RangeError)
      throw new InputError(
        '',
        `${origin}: nested too deeply to parse (more than ${MAX_DEPTH} levels are refused)`,
        'InvalidSyntax',
        origin,
      );
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

/** Deeper than any real definition (CloudFormation templates nest about 20 levels). */
export const MAX_DEPTH = 100;
/**
 * Values in one document, counting every repetition a YAML alias makes: a 400-byte file of nested
 * aliases ("billion laughs") stands for 10^9 values, which every later step would walk.
 */
export const MAX_VALUES = 1_000_000;

/**
 * checkDocument walks a parsed document once, iteratively (no stack to exhaust), as the later steps
 * will see it: a `__proto__` key is refused with its path (any later `obj[key]` copy would turn it
 * into a prototype change), and so are nesting deeper than MAX_DEPTH and more than MAX_VALUES values.
 * The walk stops at the first problem, so it costs at most MAX_VALUES steps whatever the input.
 */
function checkDocument(doc: unknown, origin: string): unknown {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: doc, path: '', depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (++seen > MAX_VALUES)
      throw new InputError(
        path,
        `${origin}: more than ${MAX_VALUES.toLocaleString('en-US')} values once YAML aliases are expanded; refused`,
        'InvalidSpec',
        origin,
      );
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH)
      throw new InputError(
        path.length > 120 ? `${path.slice(0, 120)}…` : path,
        `${origin}: nested deeper than ${MAX_DEPTH} levels; refused`,
        'InvalidSpec',
        origin,
      );
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__')
        throw new InputError(at, `"__proto__" is not allowed as a key (${origin})`, 'InvalidSpec', origin);
      stack.push({ v: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return doc;
}

type Frame =
  | { kind: 'object'; path: string; keys: Set<string>; expectKey: boolean; lastKey: string }
  | { kind: 'array'; path: string; index: number };

/**
 * The first key that appears twice in one object of valid JSON `text`, with its path. JSON.parse
 * keeps the last value without a word, so `{"image": "a", "image": "b"}` would silently run b.
 */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    if (top.kind === 'array') return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${top.lastKey}` : top.lastKey;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{')
      stack.push({ kind: 'object', path: childPath(), keys: new Set(), expectKey: true, lastKey: '' });
    else if (c === '[') stack.push({ kind: 'array', path: childPath(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}
