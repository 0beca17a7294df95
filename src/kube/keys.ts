/**
 * Queue keys and the event-to-key mapping. The queue holds `namespace/name` strings only (never
 * objects), so reconcilers always read the current state from the cache (level-triggered).
 */

/** The parts of an object needed to key it. */
export interface Keyed {
  metadata?: { name?: string; namespace?: string; ownerReferences?: OwnerReferenceLike[] };
}

/** The parts of an ownerReference we read. */
export interface OwnerReferenceLike {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(obj: Keyed): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** Splits a key made by {@link objectKey}; `namespace` is '' for cluster-scoped keys. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * The controller ownerReference of `obj` if it points to `kind` in `group` (any version), else
 * undefined. This is the Owns() mapping: an event on a generated Deployment enqueues the key of
 * the ECS Service that controls it.
 */
export function controllerOwner(obj: Keyed, group: string, kind: string): OwnerReferenceLike | undefined {
  return obj.metadata?.ownerReferences?.find(
    (r) => r.controller === true && r.kind === kind && groupOf(r.apiVersion) === group,
  );
}

/** The queue key of the controlling owner (same namespace: ownerReferences never cross namespaces). */
export function ownerKey(obj: Keyed, group: string, kind: string): string | undefined {
  const ref = controllerOwner(obj, group, kind);
  if (!ref) return undefined;
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${ref.name}` : ref.name;
}
