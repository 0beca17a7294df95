/**
 * One logical cache of a kind over the namespaces the operator watches: a single all-namespaces
 * informer when no namespace is configured (the default), otherwise one informer per namespace
 * (so the operator needs only namespaced RBAC). Callers see the same API as {@link Informer}.
 */
import type { KubeApi, LiveObject } from './api.js';
import { Informer, type EventHandler, type IndexFunc, type InformerOptions } from './informer.js';
import { resourceLabel, type ResourceRef } from './resources.js';

/** Informers of one kind over a set of namespaces, behaving as one cache. */
export class NamespacedInformers<
  T extends { metadata?: { name?: string; namespace?: string; resourceVersion?: string } },
> {
  readonly name: string;
  private readonly byNamespace = new Map<string, Informer<T>>();

  /** `namespaces` empty = all namespaces through one informer. */
  constructor(name: string, namespaces: readonly string[], factory: (namespace: string) => Informer<T>) {
    this.name = name;
    const list = namespaces.length === 0 ? [''] : [...new Set(namespaces)];
    for (const ns of list) this.byNamespace.set(ns, factory(ns));
  }

  /** Informers over the API for `ref` in `namespaces` (empty = all), with shared options. */
  static forResource<T extends LiveObject = LiveObject>(
    api: KubeApi,
    ref: ResourceRef,
    namespaces: readonly string[],
    opts: Omit<InformerOptions<T>, 'lw' | 'name'> & { labelSelector?: string; fieldSelector?: string } = {},
  ): NamespacedInformers<T> {
    const name = resourceLabel(ref);
    return new NamespacedInformers<T>(name, namespaces, (namespace) =>
      Informer.forResource<T>(api, ref, { ...opts, namespace, name: namespace ? `${name}/${namespace}` : name }),
    );
  }

  /** The underlying informers (for readiness checks that name each). */
  informers(): Informer<T>[] {
    return [...this.byNamespace.values()];
  }

  start(): void {
    for (const i of this.byNamespace.values()) i.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byNamespace.values()].map((i) => i.stop()));
  }

  hasSynced(): boolean {
    return [...this.byNamespace.values()].every((i) => i.hasSynced());
  }

  /** Resolves true once every informer synced, false if `signal` aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.byNamespace.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  addEventHandler(h: EventHandler<T>): () => void {
    const offs = [...this.byNamespace.values()].map((i) => i.addEventHandler(h));
    return () => offs.forEach((off) => off());
  }

  addIndex(name: string, fn: IndexFunc<T>): void {
    for (const i of this.byNamespace.values()) i.addIndex(name, fn);
  }

  byIndex(name: string, value: string): T[] {
    return [...this.byNamespace.values()].flatMap((i) => i.byIndex(name, value));
  }

  /** The cached object; undefined for a namespace that is not watched. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.informerFor(namespace)?.get(namespace, name);
  }

  getByKey(key: string): T | undefined {
    const i = key.indexOf('/');
    return i < 0 ? this.get(undefined, key) : this.get(key.slice(0, i), key.slice(i + 1));
  }

  list(namespace?: string): T[] {
    if (namespace) return this.informerFor(namespace)?.list(namespace) ?? [];
    return [...this.byNamespace.values()].flatMap((i) => i.list());
  }

  keys(): string[] {
    return [...this.byNamespace.values()].flatMap((i) => i.keys());
  }

  private informerFor(namespace: string | undefined): Informer<T> | undefined {
    return this.byNamespace.get('') ?? this.byNamespace.get(namespace ?? '');
  }
}
