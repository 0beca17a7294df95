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
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new InputError('', `${origin}: the file is empty`, 'InvalidSyntax', origin);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return [parseJson(text, origin)];
  try {
    return yaml
      .loadAll(text, undefined, { schema: CFN_SCHEMA, filename: origin })
      .filter((d) => d !== null && d !== undefined);
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
