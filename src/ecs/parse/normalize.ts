/**
 * Cleans a camelCase spec before validation, turning the small mistakes real files contain into
 * findings that say what was assumed: explicit nulls, read-only describe fields, empty strings where
 * a value of another type is expected, stray whitespace in identifiers, `valueFrom` entries inside
 * `environment`, and unfilled placeholders.
 */
import type { z } from 'zod';
import type { Finding, FindingSource } from '../findings.js';
import { READ_ONLY_MEMBERS } from '../schema.gen.js';
import { elementOf, kindOf, objectShape } from './schema-walk.js';

/** Keys whose string values are identifiers: surrounding whitespace there is a mistake, not data. */
const ID_KEYS = new Set([
  'family',
  'name',
  'containerName',
  'serviceName',
  'sourceVolume',
  'sourceContainer',
  'taskDefinition',
  'image',
  'capacityProvider',
  'discoveryName',
  'portName',
  'cluster',
  'group',
]);
const PLACEHOLDER = /\{\{[^}]*\}\}|\$\{[^}]+\}|<[A-Z][A-Z0-9_ -]*>/;

export interface NormalizeResult {
  spec: Record<string, unknown>;
  findings: Finding[];
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** normalizeSpec applies every cleanup to `input` (not modified) for the request shape `shapeName`. */
export function normalizeSpec(
  input: Record<string, unknown>,
  schema: z.ZodType,
  source: FindingSource,
  shapeName: string,
): NormalizeResult {
  const findings: Finding[] = [];
  const note = (path: string, level: Finding['level'], message: string): void => {
    findings.push({ source, path, level, message });
  };
  const readOnly = new Set(READ_ONLY_MEMBERS[shapeName] ?? []);
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(structuredClone(input))) {
    if (readOnly.has(k)) {
      if (v !== null && v !== undefined) note(k, 'Info', 'read-only value from describe output; ignored');
      continue;
    }
    spec[k] = v;
  }
  moveEnvironmentSecrets(spec, note);

  const walk = (v: unknown, s: z.ZodType | undefined, p: string, key: string): unknown => {
    if (v === null || v === undefined) return undefined;
    const kind = s ? kindOf(s) : 'unknown';
    if (typeof v === 'string') {
      if (v.trim() === '' && (kind === 'enum' || kind === 'number' || kind === 'boolean')) {
        note(p, 'Info', 'empty value treated as absent');
        return undefined;
      }
      let out = v;
      if (ID_KEYS.has(key) && v !== v.trim()) {
        out = v.trim();
        note(p, 'Info', `surrounding whitespace removed from ${JSON.stringify(v)}`);
      }
      const m = PLACEHOLDER.exec(out);
      if (m) note(p, 'Info', `contains the placeholder ${m[0]}, kept as written: fill it in before deploying`);
      return out;
    }
    if (Array.isArray(v)) {
      const el = s ? elementOf(s) : undefined;
      return v.map((item, i) => walk(item, el, join(p, i), key)).filter((x) => x !== undefined);
    }
    if (typeof v === 'object') {
      const shape = s ? objectShape(s) : undefined;
      const valueSchema = s && kind === 'record' ? elementOf(s) : undefined;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const r = walk(child, shape ? shape[k] : valueSchema, join(p, k), k);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    return v;
  };
  const cleaned = walk(spec, schema, '', '') as Record<string, unknown>;
  return { spec: cleaned, findings };
}

/** `{name, valueFrom}` in `environment` is a common slip for `secrets`: move it there and say so. */
function moveEnvironmentSecrets(
  spec: Record<string, unknown>,
  note: (p: string, l: Finding['level'], m: string) => void,
): void {
  const containers = spec.containerDefinitions;
  if (!Array.isArray(containers)) return;
  containers.forEach((c, ci) => {
    if (!c || typeof c !== 'object' || !Array.isArray((c as Record<string, unknown>).environment)) return;
    const container = c as Record<string, unknown>;
    const env = container.environment as Array<Record<string, unknown>>;
    const keep: unknown[] = [];
    const moved: unknown[] = [];
    env.forEach((e, ei) => {
      if (e && typeof e === 'object' && 'valueFrom' in e && !('value' in e)) {
        moved.push({ name: e.name, valueFrom: e.valueFrom });
        note(
          `containerDefinitions[${ci}].environment[${ei}]`,
          'Approximated',
          `valueFrom belongs in secrets: treated ${String(e.name)} as a secret`,
        );
      } else keep.push(e);
    });
    if (moved.length === 0) return;
    container.environment = keep;
    container.secrets = [...(Array.isArray(container.secrets) ? (container.secrets as unknown[]) : []), ...moved];
  });
}
