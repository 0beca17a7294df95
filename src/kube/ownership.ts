/**
 * Ownership of generated objects: every object the operator creates carries the managed-by label
 * and a controller ownerReference to the ECS resource it was generated from. That reference is
 * what makes deletion cascade (the garbage collector), what maps events on children back to the
 * owner's queue key, and what decides whether an existing object is ours to change or prune.
 */
import { ownerKey } from './keys.js';
import type { KubeObject } from '../translate/types.js';
import type { LiveObject, OwnerReference } from './api.js';

/** Label on everything the operator creates. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'ecs2eks';
/** Label selector matching everything the operator creates. */
export const MANAGED_BY_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/**
 * A cluster-scoped object (an EFS PersistentVolume) cannot have a namespaced owner: the garbage
 * collector refuses such a reference (OwnerRefInvalidNamespace) and never collects the object. It
 * names its owner instead: the owner's uid as a label (what prune selects on) and `Kind ns/name` as
 * an annotation (what maps its events to the owner's queue, and what removes it once that owner
 * is gone: see Applier.removeClusterScopedOf).
 */
export const OWNER_UID_LABEL = 'ecs2eks.dev/owner-uid';
export const OWNER_ANNOTATION = 'ecs2eks.dev/owner';

/** The value of {@link OWNER_ANNOTATION}: `Service team-a/web`. */
export function ownerName(owner: { kind: string; metadata: { namespace?: string; name: string } }): string {
  return `${owner.kind} ${owner.metadata.namespace ?? ''}/${owner.metadata.name}`;
}

/** The queue key (`ns/name`) of a cluster-scoped object's `kind` owner, from its annotation. */
export function clusterScopedOwnerKey(
  obj: { metadata?: { annotations?: Record<string, string> } },
  kind: string,
): string | undefined {
  const v = obj.metadata?.annotations?.[OWNER_ANNOTATION];
  const m = v === undefined ? null : /^(\S+) (\S+\/\S+)$/.exec(v);
  return m && m[1] === kind ? m[2] : undefined;
}

/** The ECS resource that owns generated objects (a TaskDefinition, Service or Task as read from the cache). */
export interface Owner {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string };
}

function ownerUid(owner: Owner): string {
  const uid = owner.metadata.uid;
  if (!uid) throw new Error(`owner ${owner.kind} ${owner.metadata.name} has no uid (was it read from the apiserver?)`);
  return uid;
}

/** The controller ownerReference pointing at `owner` (blockOwnerDeletion so foreground deletes wait for children). */
export function ownerReferenceFor(owner: Owner): OwnerReference {
  const uid = ownerUid(owner);
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controller ownerReference of `obj`, if any. */
export function controllerRefOf(obj: {
  metadata?: { ownerReferences?: OwnerReference[] };
}): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/**
 * True when `obj`'s controller ownerReference has `ownerUid`, or, for a cluster-scoped object of
 * ours (no namespace, no controller reference), when its owner-uid label has it.
 */
export function isControlledBy(
  obj: { metadata?: { namespace?: string; ownerReferences?: OwnerReference[]; labels?: Record<string, string> } },
  ownerUid: string,
): boolean {
  const ref = controllerRefOf(obj);
  if (ref) return ref.uid === ownerUid;
  return !obj.metadata?.namespace && isManagedByUs(obj) && obj.metadata?.labels?.[OWNER_UID_LABEL] === ownerUid;
}

/** True when `obj` carries the managed-by label. */
export function isManagedByUs(obj: { metadata?: { labels?: Record<string, string> } }): boolean {
  return obj.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
}

/** `Kind namespace/name`, for messages. */
export function describeObject(obj: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? 'object'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '?'}`;
}

/**
 * An informer index function: the queue key (`namespace/name`) of the `group`/`kind` controller
 * owner, e.g. `ownerIndex('ecs2eks.dev', 'Service')` on the Deployments informer answers "which
 * Deployments belong to ECS Service ns/web" and, through handlers, maps Deployment events to the
 * owner's key.
 */
export function ownerIndex(group: string, kind: string): (obj: LiveObject) => string[] {
  return (obj) => {
    const key = ownerKey(obj, group, kind);
    return key ? [key] : [];
  };
}

/**
 * Copies `obj` with the managed-by label and the controller ownerReference to `owner` set; a
 * cluster-scoped object (`namespaced` false) gets the owner's uid label and name annotation instead.
 */
export function withOwnership<T extends KubeObject>(obj: T, owner: Owner, namespaced = true): T {
  if (!namespaced) {
    const {
      namespace: _ns,
      ownerReferences: _refs,
      ...metadata
    } = obj.metadata as T['metadata'] & {
      ownerReferences?: unknown;
    };
    return {
      ...obj,
      metadata: {
        ...metadata,
        labels: { ...obj.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [OWNER_UID_LABEL]: ownerUid(owner) },
        annotations: { ...obj.metadata.annotations, [OWNER_ANNOTATION]: ownerName(owner) },
      },
    };
  }
  const ns = obj.metadata.namespace ?? owner.metadata.namespace;
  if (owner.metadata.namespace && ns !== owner.metadata.namespace) {
    // ownerReferences cannot cross namespaces; the translator must not produce this.
    throw new Error(`${describeObject(obj)} is not in the owner's namespace ${owner.metadata.namespace}`);
  }
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      ...(ns ? { namespace: ns } : {}),
      labels: { ...obj.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      ownerReferences: [ownerReferenceFor(owner)],
    },
  };
}
