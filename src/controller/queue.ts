/**
 * The work queue of `namespace/name` keys, with client-go's semantics: the queue holds keys, not
 * events (level-triggered), so a burst of changes to one object collapses into one reconcile.
 *
 * - dirty set: a key waiting to be processed is queued once, however often it is added;
 * - processing set: a key handed to a worker is not handed to another until `done(key)`; if it is
 *   added meanwhile it is marked dirty and re-queued exactly once when the first worker finishes;
 * - `addRateLimited` retries with the injected {@link RateLimiter} (per-item backoff max-of a global
 *   token bucket); `forget` clears the backoff on success; `addAfter` implements requeueAfter;
 * - shutdown stops handing out keys and waits (bounded) for in-flight keys to be `done`.
 */
import { systemClock, type Clock, type TimerHandle } from '../base/clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from '../base/ratelimit.js';

/** Hooks the queue calls so metrics stay outside of it (see `metrics.ts` for the Prometheus ones). */
export interface QueueMetrics {
  /** A key was added (counted even when deduplicated, as client-go does). */
  add(): void;
  /** The number of keys waiting to be handed out changed. */
  depth(n: number): void;
  /** A key was re-added through the rate limiter. */
  retry(): void;
  /** A key waited this long between being added and being handed to a worker. */
  queueDuration(seconds: number): void;
  /** A worker held a key this long (get → done). */
  workDuration(seconds: number): void;
}

/** Metrics hooks that record nothing. */
export const noopQueueMetrics: QueueMetrics = {
  add() {},
  depth() {},
  retry() {},
  queueDuration() {},
  workDuration() {},
};

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
  metrics?: QueueMetrics;
}

/** A deduplicating, single-flight, rate-limited queue of string keys. */
export class WorkQueue {
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter;
  private readonly metrics: QueueMetrics;
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** When each dirty key was first added, for the queue-duration metric. */
  private readonly addedAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  /** Delayed adds: the earliest time each key is due, and its timer. */
  private readonly delayed = new Map<string, { at: number; handle: TimerHandle }>();
  private readonly getters: Array<(key: string | undefined) => void> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter(this.clock);
    this.metrics = opts.metrics ?? noopQueueMetrics;
  }

  /** Adds `key` now. A key already waiting is not queued twice; a key being processed is marked dirty. */
  add(key: string): void {
    if (this.shuttingDown) return;
    this.metrics.add();
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    if (this.processing.has(key)) return; // re-queued by done()
    this.queue.push(key);
    this.metrics.depth(this.queue.length);
    this.dispatch();
  }

  /**
   * Adds `key` after `ms` (requeueAfter). Several pending delays for one key collapse into the
   * earliest one, as client-go's delaying queue does.
   */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.clearTimeout(existing.handle);
    const handle = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, handle });
  }

  /**
   * Re-adds `key` after the rate limiter's delay (a failed reconcile), or after `minDelayMs` if that
   * is longer (e.g. an apiserver Retry-After).
   */
  addRateLimited(key: string, minDelayMs = 0): void {
    if (this.shuttingDown) return;
    this.metrics.retry();
    this.addAfter(key, Math.max(minDelayMs, this.rateLimiter.when(key)));
  }

  /** Clears the backoff history of `key`; call it when a reconcile succeeds. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** How many consecutive rate-limited retries `key` has had. */
  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * Resolves with the next key to process, marking it as processing, or with `undefined` once the
   * queue is shutting down. Every key obtained must be passed to {@link done}.
   */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.begin(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` finished. If it was added while processing, it is queued again now. */
  done(key: string): void {
    if (!this.processing.delete(key)) return;
    const started = this.startedAt.get(key);
    this.startedAt.delete(key);
    if (started !== undefined) this.metrics.workDuration((this.clock.now() - started) / 1000);
    if (this.shuttingDown) {
      if (this.processing.size === 0) this.drainWaiters.splice(0).forEach((fn) => fn());
      return;
    }
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.metrics.depth(this.queue.length);
      this.dispatch();
    }
  }

  /** Number of keys waiting to be handed out (not counting keys being processed or delayed). */
  len(): number {
    return this.queue.length;
  }

  /** True while a worker holds `key`. */
  isProcessing(key: string): boolean {
    return this.processing.has(key);
  }

  /** Number of keys currently held by workers. */
  inFlight(): number {
    return this.processing.size;
  }

  /** True once {@link shutDown} was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /**
   * Stops the queue: waiting getters receive `undefined`, queued and delayed keys are dropped
   * (level-triggered: the next start relists and re-adds everything), later adds are ignored.
   */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { handle } of this.delayed.values()) this.clock.clearTimeout(handle);
    this.delayed.clear();
    this.queue.length = 0;
    this.dirty.clear();
    this.addedAt.clear();
    this.metrics.depth(0);
    this.getters.splice(0).forEach((resolve) => resolve(undefined));
  }

  /**
   * Shuts down and waits until every in-flight key is `done`, or `timeoutMs` passes.
   * Resolves true when drained, false on timeout (the caller logs which keys were abandoned).
   */
  shutDownWithDrain(timeoutMs: number): Promise<boolean> {
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiters.push(() => {
        this.clock.clearTimeout(handle);
        resolve(true);
      });
    });
  }

  /** Keys still held by workers (for shutdown logs). */
  inFlightKeys(): string[] {
    return [...this.processing];
  }

  private begin(key: string): void {
    this.processing.add(key);
    this.dirty.delete(key);
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    const now = this.clock.now();
    if (added !== undefined) this.metrics.queueDuration((now - added) / 1000);
    this.startedAt.set(key, now);
    this.metrics.depth(this.queue.length);
  }

  private dispatch(): void {
    while (this.getters.length > 0 && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.begin(key);
      this.getters.shift()!(key);
    }
  }
}
