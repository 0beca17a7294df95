/**
 * Pure apply/prune decisions, separate from the I/O in `apply.ts` so they are unit-testable.
 *
 * The skip rule (why an apply may be skipped, and why drift is still restored):
 *
 *   skip  ⇔  live exists, is controlled by this owner, is not being deleted,
 *            live's `ecs2eks.dev/spec-hash` annotation == hash(desired),
 *            AND every field we set is still present in live with the same value (desired ⊆ live).
 *
 * - The hash alone is not enough: someone can `kubectl scale` or `kubectl edit` a generated
 *   Deployment and the annotation stays. The subset check catches that drift (replicas 3 ≠ 5) and
 *   we re-apply, which restores it.
 * - The subset check alone is not enough: when the desired object *drops* a field (an env var, a
 *   nodeSelector), the old live object is still a superset of the new desired one. The hash
 *   changes in that case, so we apply, and server-side apply removes the fields we no longer own.
 * - Fields we do not set (status, defaults, other managers' fields) are ignored: server-side apply
 *   would not touch them either.
 * - The comparison is strict (no quantity or defaulting normalization): when the apiserver
 *   normalizes a value we set (e.g. cpu `1000m` → `1`), we see a difference and apply every time.
 *   That costs a request, never correctness: an apply of unchanged intent is a server-side no-op
 *   (no new resourceVersion, no watch event). Translators should emit canonical values.
 * - `live` normally comes from an informer cache and may lag. A stale cache can only cause an
 *   unnecessary apply, or a skip that is corrected when the drift's watch event arrives and
 *   re-enqueues the owner (level-triggered).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../translate/types.js';
import type { LiveObject } from './api.js';
import {
  controllerRefOf,
  describeObject,
  isControlledBy,
  isManagedByUs,
  OWNER_ANNOTATION,
  withOwnership,
  type Owner,
} from './ownership.js';

/** Annotation holding the hash of the desired object as last applied. */
export const SPEC_HASH_ANNOTATION = 'ecs2eks.dev/spec-hash';

/** JSON with object keys sorted at every level, so equal objects serialize identically. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

/** Hash of a desired object, ignoring its own spec-hash annotation (20 hex chars of SHA-256). */
export function specHash(obj: KubeObject): string {
  const annotations = { ...obj.metadata.annotations };
  delete annotations[SPEC_HASH_ANNOTATION];
  const stripped = { ...obj, metadata: { ...obj.metadata, annotations } };
  return createHash('sha256').update(canonicalJson(stripped)).digest('hex').slice(0, 20);
}

/**
 * prepareDesired is what is sent: the translator's object plus ownership (label, controller
 * ownerReference) and the spec-hash annotation of all of that.
 */
export function prepareDesired(obj: KubeObject, owner: Owner, namespaced = true): KubeObject {
  const owned = withOwnership(obj, owner, namespaced);
  const hash = specHash(owned);
  return {
    ...owned,
    metadata: { ...owned.metadata, annotations: { ...owned.metadata.annotations, [SPEC_HASH_ANNOTATION]: hash } },
  };
}

function isEmptyContainer(v: unknown): boolean {
  return (
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
  );
}

/**
 * findDrift returns the first path where `live` does not contain `desired` (desired ⊆ live), or
 * undefined when every value we set is present and equal. Arrays must have the same length and
 * match element-wise; empty objects/arrays we set match an absent field (the apiserver drops them).
 */
export function findDrift(desired: unknown, live: unknown, path = ''): string | undefined {
  if (desired === undefined) return undefined;
  if (desired === null) return live === null || live === undefined ? undefined : path || '.';
  if (Array.isArray(desired)) {
    if (live === undefined && desired.length === 0) return undefined;
    if (!Array.isArray(live) || live.length !== desired.length) return path || '.';
    for (let i = 0; i < desired.length; i++) {
      const d = findDrift(desired[i], live[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof desired === 'object') {
    if (live === undefined && isEmptyContainer(desired)) return undefined;
    if (typeof live !== 'object' || live === null || Array.isArray(live)) return path || '.';
    for (const [k, v] of Object.entries(desired as Record<string, unknown>)) {
      const d = findDrift(v, (live as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return desired === live ? undefined : path || '.';
}

/** The segments of a {@link findDrift} path: `spec.containers[1].env` → spec, containers, 1, env. */
function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** The value at `segs` inside `obj`, or undefined when the path leaves it. */
function valueAt(obj: unknown, segs: ReadonlyArray<string | number>): unknown {
  let v = obj;
  for (const s of segs)
    v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

/**
 * foreignListEntries returns the path of the first drift when it is a list in which `live` has
 * entries beyond the ones we set: server-side apply keeps entries another field manager owns (a
 * container added by someone's strategic-merge patch), so applying again can never undo it. Any other
 * drift (say, a value the apiserver normalised) is not this kind and gives undefined: replacing it
 * would only be normalised again.
 */
export function foreignListEntries(desired: KubeObject, live: LiveObject): string | undefined {
  const path = findDrift(desired, live);
  if (path === undefined) return undefined;
  const segs = pathSegments(path);
  const want = valueAt(desired, segs);
  const have = valueAt(live, segs);
  return Array.isArray(want) && Array.isArray(have) && have.length > want.length ? path : undefined;
}

/**
 * withDesiredAt returns a copy of `live` whose value at `path` (a {@link findDrift} path) is the
 * desired one, everything else untouched, for a full update that removes what apply cannot (see
 * {@link foreignListEntries}) without disturbing the fields others legitimately own elsewhere (an
 * HPA's replicas).
 */
export function withDesiredAt(live: LiveObject, desired: KubeObject, path: string): LiveObject {
  const copy = structuredClone(live);
  const segs = pathSegments(path);
  if (segs.length === 0) return copy;
  const parent = valueAt(copy, segs.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return copy;
  const last = segs[segs.length - 1];
  const value = valueAt(desired, segs);
  if (value === undefined) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = structuredClone(value);
  return copy;
}

/** What to do with one desired object. */
export type ApplyDecision =
  | { action: 'apply'; reason: 'absent' | 'hashChanged' | 'drifted'; path?: string }
  | { action: 'skip' }
  | { action: 'conflict'; message: string }
  | { action: 'terminating'; message: string };

/**
 * decideApply decides for a prepared desired object (see {@link prepareDesired}) given the live
 * object (undefined when absent) and the owner's uid. See the file comment for the skip rule.
 * An existing object that this owner does not control is never modified: that is a conflict.
 */
export function decideApply(prepared: KubeObject, live: LiveObject | undefined, ownerUid: string): ApplyDecision {
  if (!live) return { action: 'apply', reason: 'absent' };
  // Whoever's it is, an object on its way out is waited for, not fought over: a re-created owner's
  // objects wait for its predecessor's (a PersistentVolume waits for its old claim to go).
  if (live.metadata.deletionTimestamp)
    return { action: 'terminating', message: `${describeObject(live)} is being deleted` };
  if (!isControlledBy(live, ownerUid)) {
    const ctrl = controllerRefOf(live);
    const named = live.metadata.annotations?.[OWNER_ANNOTATION];
    const by = ctrl
      ? `controlled by ${ctrl.kind} ${ctrl.name}`
      : isManagedByUs(live) && named
        ? `owned by ${named}`
        : isManagedByUs(live)
          ? 'labelled as ours but not controlled by this resource'
          : 'not managed by ecs2eks';
    return { action: 'conflict', message: `${describeObject(live)} already exists and is ${by}; rename or delete it` };
  }
  const want = prepared.metadata.annotations?.[SPEC_HASH_ANNOTATION];
  if (!want || live.metadata.annotations?.[SPEC_HASH_ANNOTATION] !== want)
    return { action: 'apply', reason: 'hashChanged' };
  const drift = findDrift(prepared, live);
  if (drift !== undefined) return { action: 'apply', reason: 'drifted', path: drift };
  return { action: 'skip' };
}

/** Identifies a desired object for pruning. */
export interface ObjectId {
  apiVersion: string;
  kind: string;
  name: string;
}

function groupKind(apiVersion: string, kind: string): string {
  const i = apiVersion.indexOf('/');
  return `${i < 0 ? '' : apiVersion.slice(0, i)}/${kind}`;
}

/**
 * selectPrunable returns the candidates to delete: objects with our managed-by label, controlled by
 * `ownerUid`, not already being deleted, whose group/kind/name is not in `desired`. Versions are
 * ignored (the same Deployment is served as apps/v1 whatever version we generated).
 */
export function selectPrunable(
  ownerUid: string,
  desired: readonly ObjectId[],
  candidates: readonly LiveObject[],
): LiveObject[] {
  const want = new Set(desired.map((d) => `${groupKind(d.apiVersion, d.kind)}/${d.name}`));
  return candidates.filter(
    (c) =>
      isManagedByUs(c) &&
      isControlledBy(c, ownerUid) &&
      !c.metadata.deletionTimestamp &&
      !want.has(`${groupKind(c.apiVersion, c.kind)}/${c.metadata.name}`),
  );
}
