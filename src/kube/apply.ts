/**
 * Applies the desired objects of one owner and prunes the ones no longer desired.
 *
 * - Every object is sent with server-side apply (`fieldManager=ecs2eks`, `force=true`,
 *   `fieldValidation=Strict`, `application/apply-patch+yaml`), as the full intent, every time it is
 *   not skipped; there is no read-modify-write.
 * - The live object is read from an informer cache when one is registered for the kind, otherwise
 *   (and on a cache miss) with a GET. The GET on a miss matters: label-filtered caches do not see
 *   objects that are not ours, and we must never take over an object we do not control.
 * - Whether to apply, skip, or refuse is decided by the pure `decideApply` (see `plan.ts` for the
 *   skip and drift rule); pruning by the pure `selectPrunable`.
 */
import type { Logger } from 'pino';
import { RequeueAfter, UserError } from '../base/errors.js';
import { silentLogger } from '../base/log.js';
import type { KubeObject } from '../translate/types.js';
import type { KubeApi, LiveObject } from './api.js';
import type { Discovery } from './discovery.js';
import {
  MANAGED_BY_SELECTOR,
  OWNER_ANNOTATION,
  OWNER_UID_LABEL,
  describeObject,
  ownerName,
  type Owner,
} from './ownership.js';
import {
  decideApply,
  foreignListEntries,
  prepareDesired,
  selectPrunable,
  withDesiredAt,
  type ApplyDecision,
} from './plan.js';
import { apiVersionOf, resourceLabel, type ResourceRef } from './resources.js';

/** A read-only view of an informer cache for one kind. */
export interface ObjectCache {
  get(namespace: string | undefined, name: string): LiveObject | undefined;
  list(namespace?: string): LiveObject[];
  hasSynced(): boolean;
}

/** Outcome for one desired object. */
export interface ApplyResult {
  kind: string;
  namespace?: string;
  name: string;
  status: 'created' | 'updated' | 'unchanged' | 'conflict' | 'terminating';
  /** Why it was updated (hashChanged / drifted at path) or why it was refused. */
  detail?: string;
  /** The object as returned by the apiserver after an apply. */
  object?: LiveObject;
}

/** Options of {@link Applier}. */
export interface ApplierOptions {
  api: KubeApi;
  discovery: Discovery;
  /** Informer caches by resource label (`deployments.apps`); kinds without one are read with GET. */
  caches?: Map<string, ObjectCache>;
  logger?: Logger;
}

/** Applies and prunes generated objects for an owner. */
export class Applier {
  private readonly api: KubeApi;
  private readonly discovery: Discovery;
  private readonly caches: Map<string, ObjectCache>;
  private readonly log: Logger;

  constructor(opts: ApplierOptions) {
    this.api = opts.api;
    this.discovery = opts.discovery;
    this.caches = opts.caches ?? new Map<string, ObjectCache>();
    this.log = (opts.logger ?? silentLogger).child({ component: 'applier' });
  }

  /**
   * Applies `desired` in order (the translator's order: dependencies first) and returns one result
   * each, stopping at the first object it may not write (not ours, or still being deleted): what
   * follows depends on it. A workload must never start on a ServiceAccount someone else created
   * (with another team's IAM role), which is exactly what applying on past the conflict would do.
   */
  async applyAll(owner: Owner, desired: readonly KubeObject[], log: Logger = this.log): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    for (const obj of desired) {
      const r = await this.applyOne(owner, obj, log);
      results.push(r);
      if (r.status === 'conflict' || r.status === 'terminating') break;
    }
    return results;
  }

  /** Applies one object unless {@link decideApply} says skip, conflict or terminating. */
  async applyOne(owner: Owner, obj: KubeObject, log: Logger = this.log): Promise<ApplyResult> {
    const ref = await this.discovery.resolve(obj.apiVersion, obj.kind);
    const prepared = prepareDesired(obj, owner, ref.namespaced);
    const { namespace, name } = prepared.metadata;
    const live = await this.live(ref, namespace, name);
    const decision: ApplyDecision = decideApply(prepared, live, owner.metadata.uid!);
    const base = { kind: obj.kind, name, ...(namespace ? { namespace } : {}) };
    switch (decision.action) {
      case 'skip':
        return { ...base, status: 'unchanged' };
      case 'conflict':
        log.warn({ object: describeObject(prepared) }, decision.message);
        return { ...base, status: 'conflict', detail: decision.message };
      case 'terminating':
        return { ...base, status: 'terminating', detail: decision.message };
      case 'apply': {
        let applied = await this.api.apply<LiveObject>(ref, prepared);
        // What the apply could not undo (entries another manager owns in a list we set) is replaced in
        // one full update of just that list; otherwise every reconcile would apply again, forever.
        for (let i = 0; i < 3; i++) {
          const left = foreignListEntries(prepared, applied);
          if (left === undefined) break;
          log.info({ object: describeObject(prepared), path: left }, 'drift apply could not undo: replacing it');
          applied = await this.api.replace<LiveObject>(ref, namespace, name, withDesiredAt(applied, prepared, left));
        }
        const detail = decision.reason === 'drifted' ? `drifted at ${decision.path}` : decision.reason;
        log.info({ object: describeObject(prepared), reason: detail }, live ? 'updated' : 'created');
        return { ...base, status: live ? 'updated' : 'created', detail, object: applied };
      }
    }
  }

  /**
   * Deletes objects of `kinds` in the owner's namespace that carry our label and the owner's
   * controller reference but are not in `desired`. Deletes are conditional on the uid, so an
   * object recreated meanwhile is not removed. Returns the pruned objects.
   */
  async prune(
    owner: Owner,
    desired: readonly KubeObject[],
    kinds: readonly ResourceRef[],
    log: Logger = this.log,
  ): Promise<LiveObject[]> {
    const namespace = owner.metadata.namespace;
    const ids = desired.map((d) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata.name }));
    const pruned: LiveObject[] = [];
    for (const ref of kinds) {
      const candidates = await this.candidates(ref, ref.namespaced ? namespace : undefined);
      for (const obj of selectPrunable(owner.metadata.uid!, ids, candidates)) {
        if (!(await this.deleteSame(ref, obj))) continue;
        log.info({ object: describeObject(obj) }, 'pruned');
        pruned.push(obj);
      }
    }
    return pruned;
  }

  /**
   * Deletes the cluster-scoped objects of `kinds` made for `owner` (`Kind ns/name`, see
   * OWNER_ANNOTATION) except those of the incarnation with uid `keepUid`: the garbage collector
   * cannot remove them when their owner goes, so the owner's reconcile does, once it finds the
   * owner gone (no keepUid) or re-created under the same name (a new uid). Returns what it deleted.
   */
  async removeClusterScopedOf(
    owner: { kind: string; metadata: { namespace?: string; name: string } },
    kinds: readonly ResourceRef[],
    keepUid: string | undefined,
    log: Logger = this.log,
  ): Promise<LiveObject[]> {
    const named = ownerName(owner);
    const removed: LiveObject[] = [];
    for (const ref of kinds) {
      if (ref.namespaced) continue;
      for (const obj of await this.candidates(ref, undefined)) {
        const a = obj.metadata.annotations?.[OWNER_ANNOTATION];
        if (a !== named || obj.metadata.deletionTimestamp) continue;
        if (keepUid !== undefined && obj.metadata.labels?.[OWNER_UID_LABEL] === keepUid) continue;
        if (!(await this.deleteSame(ref, obj))) continue;
        log.info({ object: describeObject(obj), owner: named }, 'removed a cluster-scoped object whose owner is gone');
        removed.push(obj);
      }
    }
    return removed;
  }

  /**
   * Deletes `obj` only while it is still that object (uid precondition), in the background. False
   * when it is already gone or another object now has its name.
   */
  private async deleteSame(ref: ResourceRef, obj: LiveObject): Promise<boolean> {
    try {
      await this.api.delete(ref, obj.metadata.namespace, obj.metadata.name, {
        uid: obj.metadata.uid,
        propagationPolicy: 'Background',
      });
      return true;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 404 || code === 409) return false;
      throw err;
    }
  }

  private async live(ref: ResourceRef, namespace: string | undefined, name: string): Promise<LiveObject | undefined> {
    const cached = this.caches.get(resourceLabel(ref))?.get(namespace, name);
    if (cached) return cached;
    const got = await this.api.getOrUndefined<LiveObject>(ref, namespace, name);
    if (got) {
      got.apiVersion ??= apiVersionOf(ref);
      got.kind ??= ref.kind;
    }
    return got;
  }

  private async candidates(ref: ResourceRef, namespace: string | undefined): Promise<LiveObject[]> {
    const cache = this.caches.get(resourceLabel(ref));
    const items = cache?.hasSynced()
      ? cache.list(namespace)
      : ((await this.api.list<LiveObject>(ref, namespace, { labelSelector: MANAGED_BY_SELECTOR })).items ?? []);
    for (const item of items) {
      item.apiVersion ??= apiVersionOf(ref);
      item.kind ??= ref.kind;
    }
    return items;
  }
}

/**
 * requireApplied turns refused results into the error taxonomy: a conflict with an object we do
 * not control is a {@link UserError} naming it (no retry: the user must rename or delete it); an
 * object still being deleted is a short {@link RequeueAfter}.
 */
export function requireApplied(results: readonly ApplyResult[]): void {
  const conflict = results.find((r) => r.status === 'conflict');
  if (conflict) throw new UserError(conflict.detail ?? 'conflict', undefined, 'ResourceExists');
  if (results.some((r) => r.status === 'terminating'))
    throw new RequeueAfter(2000, 'waiting for a generated object to finish deleting');
}
