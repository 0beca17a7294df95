/**
 * Resource-level API calls on top of a {@link Transport}: get, list, create, replace, patch,
 * server-side apply, delete, watch, all addressed by {@link ResourceRef}. Objects are plain JSON
 * (the translator's `KubeObject`), never client-node model classes, so nothing is dropped or
 * renamed on the way out.
 */
import type { KubeObject } from '../translate/types.js';
import type { Transport, WatchEvent, WatchStream } from './client.js';
import { resourceLabel, resourcePath, type ResourceRef } from './resources.js';

/** The field manager of every write the operator makes. */
export const FIELD_MANAGER = 'ecs2eks';

/** Content types of the patch flavours. */
export const PATCH_CONTENT_TYPES = {
  apply: 'application/apply-patch+yaml',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/** Metadata as the apiserver returns it (a superset of what the translator sets). */
export interface LiveMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
  creationTimestamp?: string;
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** A metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** An object as read from the apiserver or an informer cache. */
export interface LiveObject extends KubeObject {
  metadata: LiveMeta;
}

/** A list response. */
export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

/** List options. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

/** Watch options; `timeoutSeconds` is always sent (client-node 1.4 sends none). */
export interface WatchOptions {
  resourceVersion?: string;
  timeoutSeconds: number;
  allowWatchBookmarks?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Delete options. */
export interface DeleteOptions {
  /** Only delete if the object still has this uid (protects against deleting a recreated object). */
  uid?: string;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

/** Resource-addressed API calls. */
export class KubeApi {
  /** `fieldManager`: who the writes are attributed to (default {@link FIELD_MANAGER}, the operator). */
  constructor(
    readonly transport: Transport,
    private readonly fieldManager: string = FIELD_MANAGER,
  ) {}

  get<T = LiveObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.transport.request<T>({
      method: 'GET',
      verb: 'get',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace, name),
    });
  }

  /** GET that returns undefined on 404 instead of throwing. */
  async getOrUndefined<T = LiveObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(ref, namespace, name);
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return undefined;
      throw err;
    }
  }

  list<T = LiveObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    opts: ListOptions = {},
  ): Promise<ObjectList<T>> {
    return this.transport.request<ObjectList<T>>({
      method: 'GET',
      verb: 'list',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace),
      query: { ...opts },
    });
  }

  create<T = LiveObject>(ref: ResourceRef, namespace: string | undefined, body: unknown): Promise<T> {
    return this.transport.request<T>({
      method: 'POST',
      verb: 'create',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace),
      query: { fieldManager: this.fieldManager },
      body,
    });
  }

  /** PUT with the body's resourceVersion as optimistic-concurrency precondition (409 if stale). */
  replace<T = LiveObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    subresource?: string,
  ): Promise<T> {
    return this.transport.request<T>({
      method: 'PUT',
      verb: 'update',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace, name, subresource),
      query: { fieldManager: this.fieldManager },
      body,
    });
  }

  /** JSON merge patch (RFC 7386). */
  mergePatch<T = LiveObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    subresource?: string,
  ): Promise<T> {
    return this.transport.request<T>({
      method: 'PATCH',
      verb: 'patch',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace, name, subresource),
      query: { fieldManager: this.fieldManager },
      body: patch,
      contentType: PATCH_CONTENT_TYPES.merge,
    });
  }

  /**
   * Server-side apply of the full intent `obj`: fieldManager `ecs2eks`, force (we own every field we
   * set), strict field validation (an unknown field is a 400, i.e. a visible bug, not silently dropped).
   */
  apply<T = LiveObject>(
    ref: ResourceRef,
    obj: KubeObject,
    opts: { subresource?: string; dryRun?: boolean; fieldManager?: string } = {},
  ): Promise<T> {
    return this.transport.request<T>({
      method: 'PATCH',
      verb: 'apply',
      resource: resourceLabel(ref),
      path: resourcePath(ref, obj.metadata.namespace, obj.metadata.name, opts.subresource),
      query: {
        fieldManager: opts.fieldManager ?? this.fieldManager,
        force: true,
        fieldValidation: 'Strict',
        dryRun: opts.dryRun ? 'All' : undefined,
      },
      body: obj,
      contentType: PATCH_CONTENT_TYPES.apply,
    });
  }

  delete(ref: ResourceRef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<unknown> {
    const body = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}),
      propagationPolicy: opts.propagationPolicy ?? 'Background',
    };
    return this.transport.request({
      method: 'DELETE',
      verb: 'delete',
      resource: resourceLabel(ref),
      path: resourcePath(ref, namespace, name),
      body,
    });
  }

  /** A watch from `opts.resourceVersion`, with a socket idle bound slightly past the server timeout. */
  watch<T = LiveObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (e: WatchEvent<T>) => void,
  ): WatchStream {
    return this.transport.watch<T>(
      {
        method: 'GET',
        verb: 'watch',
        resource: resourceLabel(ref),
        path: resourcePath(ref, namespace),
        query: { ...opts },
        timeoutMs: (opts.timeoutSeconds + 30) * 1000,
      },
      onEvent,
    );
  }
}
