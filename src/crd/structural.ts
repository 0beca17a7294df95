/**
 * Post-processes zod 4's OpenAPI 3.0 JSON Schema output into a Kubernetes *structural* schema
 * (DESIGN.md §2): int-or-string unions become `x-kubernetes-int-or-string`, `additionalProperties: false`
 * next to `properties` is dropped (the apiserver's strict field validation rejects unknown fields
 * anyway, and structural schemas forbid it), ±2^53 integer bounds (noise) go, and untyped nodes
 * (read-only describe values we ignore) become `x-kubernetes-preserve-unknown-fields`.
 */

type Schema = Record<string, unknown>;
const SAFE = 9007199254740991;

export function toStructural(node: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === 'id' || k === '$id') continue;
    out[k] = v;
  }
  if ((out.minimum === -SAFE || out.minimum === undefined) && out.maximum === SAFE) delete out.maximum;
  if (out.minimum === -SAFE) delete out.minimum;
  if (Array.isArray(out.anyOf)) {
    const types = (out.anyOf as Schema[]).map((s) => s.type);
    delete out.anyOf;
    if (types.length === 2 && types.includes('integer') && types.includes('string'))
      out['x-kubernetes-int-or-string'] = true;
    else out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (out.properties) {
    delete out.additionalProperties;
    const props: Schema = {};
    for (const [name, child] of Object.entries(out.properties as Record<string, Schema>))
      props[name] = toStructural(child);
    out.properties = props;
  } else if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = toStructural(out.additionalProperties as Schema);
  } else if (out.additionalProperties === false) {
    delete out.additionalProperties;
  }
  if (out.items && typeof out.items === 'object') out.items = toStructural(out.items as Schema);
  const typed =
    out.type !== undefined || out['x-kubernetes-int-or-string'] || out['x-kubernetes-preserve-unknown-fields'];
  if (!typed) out['x-kubernetes-preserve-unknown-fields'] = true;
  // An object with no declared properties (e.g. metadata passthrough) keeps whatever it is given.
  if (out.type === 'object' && !out.properties && !out.additionalProperties)
    out['x-kubernetes-preserve-unknown-fields'] = true;
  if (out.required && Array.isArray(out.required) && out.required.length === 0) delete out.required;
  return out;
}
