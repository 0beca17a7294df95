/**
 * Secondary indexes over an informer's cache: for each registered index function (object → index
 * values), which object keys have which value. This is how a reconciler answers "which Services
 * use TaskDefinition family X" or "which Deployments does Service ns/web own" without scanning.
 */
import type { Logger } from 'pino';
import { silentLogger } from '../base/log.js';

/** Computes the index values of an object (e.g. the TaskDefinition family a Service uses). */
export type IndexFunc<T> = (obj: T) => string[];

/** Maintains named indexes from index value to object keys. */
export class Indexer<T> {
  private readonly funcs = new Map<string, IndexFunc<T>>();
  /** index name → index value → object keys */
  private readonly byValue = new Map<string, Map<string, Set<string>>>();
  /** index name → object key → the values it is indexed under */
  private readonly byKey = new Map<string, Map<string, string[]>>();

  constructor(private readonly log: Logger = silentLogger) {}

  /** Registers index `name` and indexes the `existing` objects. Names are unique. */
  addIndex(name: string, fn: IndexFunc<T>, existing: Iterable<[string, T]> = []): void {
    if (this.funcs.has(name)) throw new Error(`index ${name} already exists`);
    this.funcs.set(name, fn);
    this.byValue.set(name, new Map());
    this.byKey.set(name, new Map());
    for (const [key, obj] of existing) this.indexOne(name, key, obj);
  }

  /** True if index `name` is registered. */
  has(name: string): boolean {
    return this.funcs.has(name);
  }

  /** Object keys whose index `name` contains `value`; throws for an unknown index. */
  keys(name: string, value: string): string[] {
    const idx = this.byValue.get(name);
    if (!idx) throw new Error(`no index ${name}`);
    return [...(idx.get(value) ?? [])];
  }

  /** (Re)indexes `obj` under `key` in every index. */
  update(key: string, obj: T): void {
    for (const name of this.funcs.keys()) {
      this.removeOne(name, key);
      this.indexOne(name, key, obj);
    }
  }

  /** Removes `key` from every index. */
  remove(key: string): void {
    for (const name of this.funcs.keys()) this.removeOne(name, key);
  }

  private indexOne(name: string, key: string, obj: T): void {
    let values: string[];
    try {
      values = [...new Set(this.funcs.get(name)!(obj))];
    } catch (err) {
      // A throwing index function must not break the informer; the object is just not indexed.
      this.log.error({ err, index: name, key }, 'index function threw');
      values = [];
    }
    const idx = this.byValue.get(name)!;
    for (const v of values) {
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add(key);
    }
    this.byKey.get(name)!.set(key, values);
  }

  private removeOne(name: string, key: string): void {
    const prev = this.byKey.get(name)!.get(key);
    if (!prev) return;
    const idx = this.byValue.get(name)!;
    for (const v of prev) {
      const set = idx.get(v);
      set?.delete(key);
      if (set && set.size === 0) idx.delete(v);
    }
    this.byKey.get(name)!.delete(key);
  }
}
