/**
 * The runner: N workers that take keys from a {@link WorkQueue}, call a reconciler, and turn the
 * outcome into queue actions, metrics and logs, with the error mapping of `errors.ts`.
 *
 * How a reconciler plugs in (the TaskDefinition, Service and Task reconcilers follow this shape):
 *
 * ```ts
 * const reconciler: Reconciler = {
 *   async reconcile({ namespace, name, log }) {
 *     const svc = services.get(namespace, name);            // 1. gather, from informer caches only
 *     if (!svc) return {};                                   //    deleted: the GC removes children
 *     const t = translate(input);                            // 2. translate (pure; throws UserError on bad input)
 *     const plan = planApply(t.objects, live);               // 3. plan (pure: apply / skip / conflict / prune)
 *     await applier.applyAll(owner, t.objects);              // 4. apply + prune (kube/apply.ts)
 *     await statusWriter.patchIfChanged(svc, computeStatus(...)); // 5. status (only when changed) + Events
 *     return rolloutDone ? {} : { requeueAfterMs: 10_000 };
 *   },
 *   async reportUserError({ namespace, name }, user) {     // Ready=False with user.path/reason + Warning Event
 *   },
 * };
 * new Runner({ name: 'service', queue, reconciler, workers: 2 }).start();
 * ```
 *
 * Reconcilers never retry by themselves: they return a {@link Result} or throw, and
 * `classifyError` decides (user error → reportUserError and no retry; transient → backoff;
 * RequeueAfter → wait). Informer handlers only `queue.add(key)`.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { silentLogger } from '../base/log.js';
import { systemClock, type Clock } from '../base/clock.js';
import { classifyError, type UserVisible } from './errors.js';
import { splitKey } from '../kube/keys.js';
import type { OperatorMetrics } from '../base/metrics.js';
import type { WorkQueue } from './queue.js';

/** What a successful reconcile asks for next: nothing (default), or another look after a delay. */
export interface Result {
  requeueAfterMs?: number;
}

/** Everything a reconcile call gets: the key and its parts, a logger bound to it, a cancel signal. */
export interface ReconcileContext {
  key: string;
  namespace: string;
  name: string;
  /** Unique per call; bound into `log` so one reconcile's lines can be followed. */
  reconcileID: string;
  log: Logger;
  /** Aborted when shutdown's drain bound expires: long waits should stop then. */
  signal: AbortSignal;
}

/** A controller's reconcile logic (see the file comment). */
export interface Reconciler {
  reconcile(ctx: ReconcileContext): Promise<Result | void>;
  /**
   * Makes a non-retried error visible on the resource (Ready=False with the path and reason, and a
   * Warning Event). If it throws, the key is retried with backoff.
   */
  reportUserError?(ctx: ReconcileContext, user: UserVisible): Promise<void>;
}

/** Options of {@link Runner}. */
export interface RunnerOptions {
  /** Controller name: metric label and log field. */
  name: string;
  queue: WorkQueue;
  reconciler: Reconciler;
  workers?: number;
  logger?: Logger;
  metrics?: OperatorMetrics;
  clock?: Clock;
}

/** Result label values, as controller-runtime uses them. */
export type ReconcileResultLabel = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Runs a reconciler over a queue with N workers. */
export class Runner {
  private readonly name: string;
  private readonly queue: WorkQueue;
  private readonly reconciler: Reconciler;
  private readonly workers: number;
  private readonly log: Logger;
  private readonly metrics: OperatorMetrics | undefined;
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(opts: RunnerOptions) {
    this.name = opts.name;
    this.queue = opts.queue;
    this.reconciler = opts.reconciler;
    this.workers = Math.max(1, opts.workers ?? 1);
    this.log = (opts.logger ?? silentLogger).child({ controller: opts.name });
    this.metrics = opts.metrics;
    this.clock = opts.clock ?? systemClock;
  }

  /** Starts the workers; they run until {@link stop}. */
  start(): void {
    if (this.loops.length > 0) return;
    this.metrics?.maxConcurrentReconciles.set({ controller: this.name }, this.workers);
    this.metrics?.activeWorkers.set({ controller: this.name }, 0);
    for (let i = 0; i < this.workers; i++) this.loops.push(this.worker());
    this.log.info({ workers: this.workers }, 'starting workers');
  }

  /**
   * Stops taking keys and waits up to `drainTimeoutMs` for in-flight reconciles to finish, then
   * aborts their signal. Resolves with whether they all finished and the keys that did not.
   */
  async stop(drainTimeoutMs = 30_000): Promise<{ drained: boolean; abandoned: string[] }> {
    const drained = await this.queue.shutDownWithDrain(drainTimeoutMs);
    const abandoned = drained ? [] : this.queue.inFlightKeys();
    if (!drained) this.log.warn({ abandoned }, 'shutdown drain timed out; aborting in-flight reconciles');
    this.abort.abort();
    if (drained) await Promise.all(this.loops);
    this.log.info({ drained }, 'workers stopped');
    return { drained, abandoned };
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.metrics?.activeWorkers.inc({ controller: this.name });
      try {
        await this.processKey(key);
      } finally {
        this.metrics?.activeWorkers.dec({ controller: this.name });
        this.queue.done(key);
      }
    }
  }

  /** One reconcile of `key`, never throwing: every outcome becomes a queue action. */
  private async processKey(key: string): Promise<void> {
    const reconcileID = randomBytes(8).toString('hex');
    const { namespace, name } = splitKey(key);
    const log = this.log.child({ key, reconcileID });
    const ctx: ReconcileContext = { key, namespace, name, reconcileID, log, signal: this.abort.signal };
    const started = this.clock.now();
    let label: ReconcileResultLabel;
    try {
      const result = (await this.reconciler.reconcile(ctx)) ?? {};
      if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfterMs);
        label = 'requeue_after';
        log.debug({ requeueAfterMs: result.requeueAfterMs }, 'reconciled; requeue after delay');
      } else {
        this.queue.forget(key);
        label = 'success';
        log.debug('reconciled');
      }
    } catch (err) {
      label = await this.handleError(ctx, err);
    }
    this.metrics?.reconcileTime.observe({ controller: this.name }, (this.clock.now() - started) / 1000);
    this.metrics?.reconcileTotal.inc({ controller: this.name, result: label });
  }

  private async handleError(ctx: ReconcileContext, err: unknown): Promise<ReconcileResultLabel> {
    const { key, log } = ctx;
    const d = classifyError(err);
    switch (d.action) {
      case 'requeueAfter':
        this.queue.forget(key);
        this.queue.addAfter(key, d.delayMs);
        log.debug({ requeueAfterMs: d.delayMs }, d.message);
        return 'requeue_after';
      case 'retry': {
        this.queue.addRateLimited(key, d.minDelayMs ?? 0);
        const retries = this.queue.numRequeues(key);
        log[d.severity]({ err, category: d.category, retries }, `reconcile failed, will retry: ${d.message}`);
        if (d.category === 'conflict') return 'requeue';
        this.metrics?.reconcileErrors.inc({ controller: this.name });
        return 'error';
      }
      case 'done':
        this.queue.forget(key);
        log.debug({ category: d.category }, `reconcile ended: ${d.message}`);
        return 'success';
      case 'noRetry': {
        this.metrics?.reconcileErrors.inc({ controller: this.name });
        this.metrics?.terminalReconcileErrors.inc({ controller: this.name });
        log.warn(
          { category: d.category, reason: d.user.reason, path: d.user.path },
          `reconcile failed, not retrying: ${d.user.message}`,
        );
        try {
          await this.reconciler.reportUserError?.(ctx, d.user);
          this.queue.forget(key);
          if (d.recheckAfterMs !== undefined) this.queue.addAfter(key, d.recheckAfterMs);
        } catch (reportErr) {
          // Reporting is I/O (status patch, Event); if it fails the user would see nothing, so retry.
          this.queue.addRateLimited(key);
          log.error({ err: reportErr }, 'could not report the error on the resource; will retry');
        }
        return 'error';
      }
    }
  }
}
