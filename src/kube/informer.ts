/**
 * A shared informer: a list+watch loop that keeps a local cache of one resource (one namespace or
 * all, optional label/field selector) and tells handlers about changes.
 *
 * Why our own loop instead of client-node 1.4's `ListWatch`: that class sends no `timeoutSeconds`
 * or `allowWatchBookmarks` (its query is built inside `doneHandler`), stops for good on any non-410
 * error, reconnects without backoff after a normal close, gives no old object on update, and has
 * no indexes. Here:
 *
 * - the watch always carries `timeoutSeconds` (5 min, jittered up to 2×, as client-go does) and
 *   `allowWatchBookmarks=true`, and resumes from the last resourceVersion seen (event or bookmark);
 * - a normal close resumes the watch at once, unless the watch ended suspiciously fast with no event,
 *   which counts as a failure (no reconnect storms, client-node #1933);
 * - any error (list or watch) is retried with jittered exponential backoff (0.8 s → 30 s); a 410
 *   (expired resourceVersion, in-stream or as HTTP status) relists at once;
 * - a staleness watchdog relists when no event or bookmark arrived for `staleAfterMs` (half-open
 *   connections and silent stalls, client-node #364/#596/#958);
 * - a relist diffs against the cache: new → add, changed resourceVersion → update, gone → delete;
 * - a periodic resync re-fires `onUpdate(obj, obj)` for every cached object (level-triggered safety net);
 * - handlers get the old object on update; indexes answer "which objects have index value X".
 *
 * Cached objects are shared: never mutate what `get`/`list`/`byIndex` return.
 */
import type { Logger } from 'pino';
import { sleep, systemClock, type Clock, type TimerHandle } from '../base/clock.js';
import { objectKey } from './keys.js';
import type { OperatorMetrics } from '../base/metrics.js';
import { silentLogger } from '../base/log.js';
import type { WatchEvent, WatchStream } from './client.js';
import type { KubeApi, LiveObject, ObjectList } from './api.js';
import { Indexer, type IndexFunc } from './indexer.js';
import { apiVersionOf, resourceLabel, type ResourceRef } from './resources.js';

/** The list+watch port the informer runs on (the real one is {@link apiListerWatcher}). */
export interface ListerWatcher<T> {
  list(opts: { limit?: number; continue?: string }): Promise<ObjectList<T>>;
  watch(
    opts: { resourceVersion: string; timeoutSeconds: number; allowWatchBookmarks: boolean },
    onEvent: (e: WatchEvent<T>) => void,
  ): WatchStream;
}

/** A {@link ListerWatcher} over the API for `ref` in `namespace` ('' = all) with optional selectors. */
export function apiListerWatcher<T = LiveObject>(
  api: KubeApi,
  ref: ResourceRef,
  namespace = '',
  selectors: { labelSelector?: string; fieldSelector?: string } = {},
): ListerWatcher<T> {
  const apiVersion = apiVersionOf(ref);
  return {
    // Items of typed lists come without apiVersion/kind; fill them in so cached objects look like
    // watched ones (the apply drift check and prune compare them).
    list: async (opts) => {
      const page = await api.list<T>(ref, namespace, { ...selectors, ...opts });
      for (const item of page.items ?? []) {
        const o = item as { apiVersion?: string; kind?: string };
        o.apiVersion ??= apiVersion;
        o.kind ??= ref.kind;
      }
      return page;
    },
    watch: (opts, onEvent) => api.watch<T>(ref, namespace, { ...selectors, ...opts }, onEvent),
  };
}

/** Callbacks for cache changes. They run synchronously inside the informer: keep them cheap (enqueue a key). */
export interface EventHandler<T> {
  onAdd?(obj: T): void;
  /** On a real change `oldObj !== newObj`; on a resync both are the same cached object. */
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export type { IndexFunc } from './indexer.js';

/** Options of {@link Informer}. */
export interface InformerOptions<T> {
  /** Name for logs and metrics, e.g. `deployments.apps`. */
  name: string;
  lw: ListerWatcher<T>;
  clock?: Clock;
  logger?: Logger;
  metrics?: OperatorMetrics;
  /** Server-side watch timeout; actual value is jittered in [t, 2t) (default 300 s). */
  watchTimeoutSeconds?: number;
  /** Relist when no event/bookmark arrived for this long (default 10 min; 0 disables). */
  staleAfterMs?: number;
  /** Re-fire onUpdate for every cached object this often (default 0: off). */
  resyncPeriodMs?: number;
  /** Page size of lists (default 500). */
  pageSize?: number;
  /** Retry backoff bounds (default 800 ms → 30 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A watch that closes sooner than this with no event counts as a failure (default 1 s). */
  minWatchDurationMs?: number;
  /** Random source in [0,1) for jitter; injectable for deterministic tests. */
  random?: () => number;
}

/**
 * jitteredBackoff is the delay before retry number `failures` (1-based): base × 2^(failures−1),
 * capped at max, then scaled by a factor in [0.8, 1.2) so that many informers restarting after one
 * apiserver outage do not reconnect in lockstep.
 */
export function jitteredBackoff(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const raw = Math.min(maxMs, baseMs * Math.pow(2, Math.max(0, failures - 1)));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

type WatchOutcome = 'closed' | 'expired' | 'stale' | 'stopped';

interface StatusObject {
  kind?: string;
  code?: number;
  message?: string;
  reason?: string;
}

/** A cache of one resource kept current by list+watch; see the file comment. */
export class Informer<T extends { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }> {
  readonly name: string;
  private readonly lw: ListerWatcher<T>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly metrics: OperatorMetrics | undefined;
  private readonly opts: Required<Omit<InformerOptions<T>, 'lw' | 'clock' | 'logger' | 'metrics' | 'name'>>;

  private readonly store = new Map<string, T>();
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly indexer: Indexer<T>;

  private resourceVersion = '';
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private stopped = true;
  private loop: Promise<void> | undefined;
  private stopSignal = new AbortController();
  private stream: WatchStream | undefined;
  private lastActivity = 0;
  private staleTimer: TimerHandle | undefined;
  private resyncTimer: TimerHandle | undefined;
  private watchOutcome: WatchOutcome | undefined;
  private watchError: unknown;

  constructor(opts: InformerOptions<T>) {
    this.name = opts.name;
    this.lw = opts.lw;
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child({ component: 'informer', resource: opts.name });
    this.indexer = new Indexer<T>(this.log);
    this.metrics = opts.metrics;
    this.opts = {
      watchTimeoutSeconds: opts.watchTimeoutSeconds ?? 300,
      staleAfterMs: opts.staleAfterMs ?? 10 * 60_000,
      resyncPeriodMs: opts.resyncPeriodMs ?? 0,
      pageSize: opts.pageSize ?? 500,
      backoffBaseMs: opts.backoffBaseMs ?? 800,
      backoffMaxMs: opts.backoffMaxMs ?? 30_000,
      minWatchDurationMs: opts.minWatchDurationMs ?? 1000,
      random: opts.random ?? Math.random,
    };
  }

  /** Convenience: an informer over the API for `ref` (namespace '' = all namespaces). */
  static forResource<T extends LiveObject = LiveObject>(
    api: KubeApi,
    ref: ResourceRef,
    opts: Omit<InformerOptions<T>, 'lw' | 'name'> & {
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
      name?: string;
    } = {},
  ): Informer<T> {
    const { namespace, labelSelector, fieldSelector, name, ...rest } = opts;
    const selectors = { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
    return new Informer<T>({
      ...rest,
      name: name ?? resourceLabel(ref) + (namespace ? `/${namespace}` : ''),
      lw: apiListerWatcher<T>(api, ref, namespace ?? '', selectors),
    });
  }

  /**
   * Registers handlers. If the cache is already filled, `onAdd` is replayed for every object, so a
   * late handler sees the same world as an early one. Returns a function that unregisters them.
   */
  addEventHandler(h: EventHandler<T>): () => void {
    this.handlers.add(h);
    for (const obj of this.store.values()) this.call(() => h.onAdd?.(obj));
    return () => this.handlers.delete(h);
  }

  /** Registers an index; existing objects are indexed immediately. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexer.has(name)) throw new Error(`index ${name} already exists on ${this.name}`);
    this.indexer.addIndex(name, fn, this.store.entries());
  }

  /** Objects whose index `name` contains `value`. */
  byIndex(name: string, value: string): T[] {
    if (!this.indexer.has(name)) throw new Error(`no index ${name} on ${this.name}`);
    return this.indexer
      .keys(name, value)
      .map((k) => this.store.get(k)!)
      .filter(Boolean);
  }

  /** Starts the loop in the background. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopSignal = new AbortController();
    this.loop = this.run();
  }

  /** Stops watching; resolves when the loop has exited. The cache keeps its content. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopSignal.abort();
    this.watchOutcome = 'stopped';
    this.stream?.abort();
    this.clearTimers();
    await this.loop;
  }

  /** True once the first list has completed (the cache reflects the server at some point in time). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true when synced, false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** The cached object, or undefined (counted as a cache miss). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.getByKey(namespace ? `${namespace}/${name}` : name);
  }

  /** The cached object for a `namespace/name` key. */
  getByKey(key: string): T | undefined {
    const obj = this.store.get(key);
    if (!obj) this.metrics?.informerCacheMisses.inc({ resource: this.name });
    return obj;
  }

  /** All cached objects, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.store.values()];
    return namespace ? all.filter((o) => o.metadata?.namespace === namespace) : all;
  }

  /** Keys of all cached objects. */
  keys(): string[] {
    return [...this.store.keys()];
  }

  /** The resourceVersion the cache is current to. */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  // -------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    let failures = 0;
    let needList = true;
    let listReason = 'initial';
    this.armResync();
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist(listReason);
          needList = false;
        }
        const started = this.clock.now();
        const { outcome, events } = await this.watchOnce();
        if (outcome === 'stopped') break;
        if (outcome === 'expired' || outcome === 'stale') {
          needList = true;
          listReason = outcome;
          this.metrics?.informerWatchRestarts.inc({ resource: this.name, reason: outcome });
          continue;
        }
        // Normal close (server timeout). Reconnect at once, unless the watch was suspiciously short.
        this.metrics?.informerWatchRestarts.inc({ resource: this.name, reason: 'timeout' });
        if (events === 0 && this.clock.now() - started < this.opts.minWatchDurationMs) {
          failures++;
          await this.backoff(failures, new Error('watch closed immediately without events'));
        } else {
          failures = 0;
        }
      } catch (err) {
        if (this.stopped) break;
        if (
          (err as { code?: unknown; statusCode?: unknown }).code === 410 ||
          (err as { statusCode?: unknown }).statusCode === 410
        ) {
          needList = true;
          listReason = 'expired';
          this.metrics?.informerWatchRestarts.inc({ resource: this.name, reason: 'expired' });
          continue;
        }
        failures++;
        if (needList) listReason = 'error';
        this.metrics?.informerWatchRestarts.inc({ resource: this.name, reason: 'error' });
        await this.backoff(failures, err);
      }
    }
    this.clearTimers();
  }

  private async backoff(failures: number, err: unknown): Promise<void> {
    const delay = jitteredBackoff(failures, this.opts.backoffBaseMs, this.opts.backoffMaxMs, this.opts.random);
    this.log.warn({ err, failures, delayMs: delay }, 'list/watch failed; retrying after backoff');
    await sleep(this.clock, delay, this.stopSignal.signal);
  }

  /** Lists everything (paginated) and replaces the cache, firing add/update/delete for the differences. */
  private async relist(reason: string): Promise<void> {
    this.metrics?.informerRelists.inc({ resource: this.name, reason });
    const items: T[] = [];
    let rv = '';
    let cont: string | undefined;
    let paged = this.opts.pageSize > 0;
    for (;;) {
      let page: ObjectList<T>;
      try {
        page = await this.lw.list({
          ...(paged ? { limit: this.opts.pageSize } : {}),
          ...(cont ? { continue: cont } : {}),
        });
      } catch (err) {
        // An expired continue token: start over with one unpaginated list, as client-go does.
        if (cont && (err as { code?: unknown }).code === 410) {
          items.length = 0;
          cont = undefined;
          paged = false;
          continue;
        }
        throw err;
      }
      if (this.stopped) return;
      items.push(...(page.items ?? []));
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue || undefined;
      if (!cont) break;
    }
    this.replace(items);
    this.resourceVersion = rv;
    this.touch();
    if (!this.synced) {
      this.synced = true;
      this.syncWaiters.splice(0).forEach((fn) => fn());
      this.log.info({ objects: this.store.size, resourceVersion: rv }, 'cache synced');
    } else {
      this.log.debug({ objects: this.store.size, resourceVersion: rv, reason }, 'relisted');
    }
  }

  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      this.upsert(key, obj);
    }
    for (const [key, old] of [...this.store]) {
      if (seen.has(key)) continue;
      this.remove(key, old);
    }
  }

  private watchOnce(): Promise<{ outcome: WatchOutcome; events: number }> {
    this.watchOutcome = undefined;
    this.watchError = undefined;
    let events = 0;
    const timeoutSeconds = Math.floor(this.opts.watchTimeoutSeconds * (1 + this.opts.random()));
    const stream = this.lw.watch(
      { resourceVersion: this.resourceVersion, timeoutSeconds, allowWatchBookmarks: true },
      (ev) => {
        if (this.watchOutcome !== undefined) return; // ignore anything after we decided to end it
        events++;
        this.metrics?.informerEvents.inc({ resource: this.name, type: ev.type });
        this.touch();
        this.handleEvent(ev, stream);
      },
    );
    this.stream = stream;
    this.armStaleWatchdog();
    if (this.stopped) stream.abort();
    return stream.done
      .then(
        () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the watch failed with, unchanged
          if (this.watchError !== undefined) throw this.watchError;
          return { outcome: this.stopped ? 'stopped' : (this.watchOutcome ?? 'closed'), events };
        },
        (err: unknown) => {
          if (this.stopped) return { outcome: 'stopped' as const, events };
          if (this.watchOutcome !== undefined && this.watchError === undefined)
            return { outcome: this.watchOutcome, events };
          throw this.watchError ?? err;
        },
      )
      .finally(() => {
        if (this.stream === stream) this.stream = undefined;
      });
  }

  private handleEvent(ev: WatchEvent<T>, stream: WatchStream): void {
    switch (ev.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const obj = ev.object;
        this.upsert(objectKey(obj), obj);
        this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
        return;
      }
      case 'DELETED': {
        const obj = ev.object;
        const key = objectKey(obj);
        const old = this.store.get(key);
        if (old) this.remove(key, obj);
        this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
        return;
      }
      case 'BOOKMARK':
        this.resourceVersion = ev.object.metadata?.resourceVersion ?? this.resourceVersion;
        return;
      case 'ERROR': {
        const status = ev.object as unknown as StatusObject;
        if (status?.code === 410) {
          this.watchOutcome = 'expired';
        } else {
          this.watchOutcome = 'closed';
          this.watchError = Object.assign(new Error(`watch error: ${status?.message ?? 'unknown'}`), {
            code: status?.code,
            body: status,
          });
        }
        stream.abort();
        return;
      }
      default:
        this.log.warn({ type: (ev as { type?: unknown }).type }, 'unknown watch event type');
    }
  }

  private upsert(key: string, obj: T): void {
    const old = this.store.get(key);
    if (old && old.metadata?.resourceVersion && old.metadata.resourceVersion === obj.metadata?.resourceVersion) return;
    this.store.set(key, obj);
    this.indexer.update(key, obj);
    if (old) for (const h of this.handlers) this.call(() => h.onUpdate?.(old, obj));
    else for (const h of this.handlers) this.call(() => h.onAdd?.(obj));
  }

  private remove(key: string, last: T): void {
    this.store.delete(key);
    this.indexer.remove(key);
    for (const h of this.handlers) this.call(() => h.onDelete?.(last));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'event handler threw');
    }
  }

  private touch(): void {
    this.lastActivity = this.clock.now();
  }

  /** Checks for staleness at `lastActivity + staleAfterMs`; re-arms itself while events keep coming. */
  private armStaleWatchdog(): void {
    if (this.opts.staleAfterMs <= 0 || this.staleTimer !== undefined) return;
    const due = Math.max(0, this.lastActivity + this.opts.staleAfterMs - this.clock.now());
    this.staleTimer = this.clock.setTimeout(() => {
      this.staleTimer = undefined;
      if (this.stopped) return;
      if (
        this.clock.now() - this.lastActivity >= this.opts.staleAfterMs &&
        this.stream &&
        this.watchOutcome === undefined
      ) {
        this.log.warn({ staleAfterMs: this.opts.staleAfterMs }, 'no watch event or bookmark for too long; relisting');
        this.watchOutcome = 'stale';
        this.stream.abort();
        return;
      }
      this.armStaleWatchdog();
    }, due);
  }

  private armResync(): void {
    if (this.opts.resyncPeriodMs <= 0) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      if (this.synced) {
        for (const obj of this.store.values()) for (const h of this.handlers) this.call(() => h.onUpdate?.(obj, obj));
        this.log.debug({ objects: this.store.size }, 'resync');
      }
      this.armResync();
    }, this.opts.resyncPeriodMs);
  }

  private clearTimers(): void {
    if (this.staleTimer !== undefined) this.clock.clearTimeout(this.staleTimer);
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.staleTimer = undefined;
    this.resyncTimer = undefined;
  }
}
