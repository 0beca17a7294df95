/**
 * Informer event handlers that turn cache changes into queue keys. They never pass objects to the
 * reconciler: only the key, so the reconciler reads the current state (level-triggered).
 *
 * - {@link enqueueObject}: for the controller's own kind; status-only updates (our own status
 *   writes) are filtered out by {@link metadataOrSpecChanged}, resyncs always pass;
 * - {@link enqueueOwner}: for generated kinds (the Owns() pattern): any change, including status
 *   (a Deployment's readiness feeds the ECS Service's status), enqueues the controlling owner;
 * - {@link enqueueMapped}: anything else, e.g. a TaskDefinition change enqueues every Service of that
 *   family through an informer index.
 */
import type { EventHandler } from '../kube/informer.js';
import { objectKey, ownerKey, type Keyed } from '../kube/keys.js';

/** The parts of an object the predicates read. */
export interface Meta extends Keyed {
  metadata?: Keyed['metadata'] & {
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    finalizers?: string[];
  };
}

/** The one method handlers need from the queue. */
export interface Enqueuer {
  add(key: string): void;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * True when an update may matter to the reconciler: a resync (same object), or a change of
 * generation (spec), labels, annotations, deletionTimestamp or finalizers. A status-only update
 * (e.g. the one our status writer just made) returns false, which breaks the write → event →
 * reconcile → write loop.
 */
export function metadataOrSpecChanged(oldObj: Meta, newObj: Meta): boolean {
  if (oldObj === newObj) return true;
  const a = oldObj.metadata ?? {};
  const b = newObj.metadata ?? {};
  return (
    a.generation !== b.generation ||
    !same(a.labels, b.labels) ||
    !same(a.annotations, b.annotations) ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    !same(a.finalizers, b.finalizers)
  );
}

/** Enqueues the object's own key on add, delete and (filtered) update. */
export function enqueueObject<T extends Meta>(
  queue: Enqueuer,
  predicate: (oldObj: T, newObj: T) => boolean = metadataOrSpecChanged,
): EventHandler<T> {
  return {
    onAdd: (o) => queue.add(objectKey(o)),
    onUpdate: (a, b) => {
      if (predicate(a, b)) queue.add(objectKey(b));
    },
    onDelete: (o) => queue.add(objectKey(o)),
  };
}

/**
 * Enqueues the key of the `group`/`kind` controller owner of the object. On an update that moved
 * the object to another owner, both owners are enqueued.
 */
export function enqueueOwner<T extends Meta>(queue: Enqueuer, group: string, kind: string): EventHandler<T> {
  const add = (o: T): void => {
    const k = ownerKey(o, group, kind);
    if (k) queue.add(k);
  };
  return {
    onAdd: add,
    onUpdate: (a, b) => {
      const ka = ownerKey(a, group, kind);
      const kb = ownerKey(b, group, kind);
      if (ka && ka !== kb) queue.add(ka);
      if (kb) queue.add(kb);
    },
    onDelete: add,
  };
}

/** Enqueues every key `map` returns for the object (old and new object on update). */
export function enqueueMapped<T>(queue: Enqueuer, map: (obj: T) => string[]): EventHandler<T> {
  const add = (o: T): void => {
    for (const k of map(o)) queue.add(k);
  };
  return {
    onAdd: add,
    onUpdate: (a, b) => {
      const keys = new Set([...(a === b ? [] : map(a)), ...map(b)]);
      for (const k of keys) queue.add(k);
    },
    onDelete: add,
  };
}
