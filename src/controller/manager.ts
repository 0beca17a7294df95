/**
 * The manager: the lifecycle of one operator process, as controller-runtime's manager runs it.
 *
 * start:  health/metrics server → caches start (they warm up even on a standby) → leader election
 *         (if enabled) → once leading AND every cache has synced, the runners start their workers.
 * stop:   runners drain in-flight reconciles (bounded by shutdownTimeout) → the Lease is released
 *         (only after our last write, so the next leader never overlaps with us) → caches stop →
 *         the HTTP server closes.
 * lost:   if the Lease is lost (renewals failed), `done` resolves with 'leadershipLost' and the
 *         process should exit: its queues and caches were built as leader, and a restart as a
 *         standby is the simple, safe way back (what controller-runtime does too).
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { HealthServer } from '../kube/health.js';
import { informersSynced } from '../kube/health.js';
import { LeaderElector, type LeaderElectorOptions } from '../kube/leader.js';
import { silentLogger } from '../base/log.js';
import { systemClock, type Clock } from '../base/clock.js';
import type { OperatorMetrics } from '../base/metrics.js';
import type { Runner } from './runner.js';

/** What the manager needs from a cache (an Informer or NamespacedInformers). */
export interface ManagedCache {
  name: string;
  start(): void;
  stop(): Promise<void>;
  hasSynced(): boolean;
  waitForSync(signal?: AbortSignal): Promise<boolean>;
}

/** Leader election settings; omit to run without election (one replica, or local development). */
export type ManagerLeaderElection = Pick<
  LeaderElectorOptions,
  'store' | 'name' | 'identity' | 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'
>;

/** Options of {@link Manager}. */
export interface ManagerOptions {
  caches: ManagedCache[];
  runners: Runner[];
  health?: HealthServer;
  leaderElection?: ManagerLeaderElection;
  /** Bound on draining in-flight reconciles at stop (default 30 s). */
  shutdownTimeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
  metrics?: OperatorMetrics;
}

/** Why the manager finished. */
export type ManagerExit = 'stopped' | 'leadershipLost';

/** Runs caches, leader election and controllers; see the file comment. */
export class Manager {
  /** Resolves when the manager has finished (stopped, or leadership lost). */
  readonly done: Promise<ManagerExit>;
  private resolveDone!: (e: ManagerExit) => void;
  private readonly o: ManagerOptions;
  private readonly log: Logger;
  private elector: LeaderElector | undefined;
  private readonly abort = new AbortController();
  private runnersStarted = false;
  private stopping: Promise<void> | undefined;

  constructor(opts: ManagerOptions) {
    this.o = opts;
    this.log = (opts.logger ?? silentLogger).child({ component: 'manager' });
    this.done = new Promise((r) => (this.resolveDone = r));
    opts.health?.addReadyzCheck(informersSynced(opts.caches));
  }

  /** True once the runners are running (leading and synced). */
  isRunning(): boolean {
    return this.runnersStarted;
  }

  /** Starts everything; resolves once the server listens and the caches have started. */
  async start(): Promise<void> {
    await this.o.health?.start();
    for (const c of this.o.caches) c.start();
    const le = this.o.leaderElection;
    if (!le) {
      void this.runWhenSynced(this.abort.signal);
      return;
    }
    this.elector = new LeaderElector({
      ...le,
      clock: this.o.clock ?? systemClock,
      logger: this.o.logger ?? silentLogger,
      ...(this.o.metrics ? { metrics: this.o.metrics } : {}),
      onStartedLeading: (signal) => this.runWhenSynced(AbortSignal.any([signal, this.abort.signal])),
      onStoppedLeading: () => {
        if (this.stopping) return;
        this.log.error('leadership lost; stopping (the process should exit and restart as a standby)');
        void this.shutdown().then(() => this.resolveDone('leadershipLost'));
      },
    });
    void this.elector.run();
  }

  /** Graceful stop (idempotent): drain runners, release the Lease, stop caches and the server. */
  async stop(): Promise<void> {
    await this.shutdown();
    this.resolveDone('stopped');
  }

  private async runWhenSynced(signal: AbortSignal): Promise<void> {
    // Every cache waits on this one signal: more listeners than Node's default warning threshold of 10.
    setMaxListeners(this.o.caches.length + 10, signal);
    const synced = await Promise.all(this.o.caches.map((c) => c.waitForSync(signal)));
    if (signal.aborted || !synced.every(Boolean) || this.stopping) return;
    this.log.info({ caches: this.o.caches.map((c) => c.name) }, 'caches synced; starting controllers');
    this.runnersStarted = true;
    for (const r of this.o.runners) r.start();
  }

  private shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      const bound = this.o.shutdownTimeoutMs ?? 30_000;
      this.log.info({ shutdownTimeoutMs: bound }, 'stopping');
      this.abort.abort();
      if (this.runnersStarted) {
        const results = await Promise.all(this.o.runners.map((r) => r.stop(bound)));
        const abandoned = results.flatMap((r) => r.abandoned);
        if (abandoned.length > 0)
          this.log.warn({ abandoned }, 'some reconciles did not finish within the shutdown bound');
      }
      // Release only after our last write: the next leader must not overlap with our workers.
      await this.elector?.stop();
      await Promise.all(this.o.caches.map((c) => c.stop()));
      await this.o.health?.close();
      this.log.info('stopped');
    })();
    return this.stopping;
  }
}

/**
 * handleSignals stops the manager gracefully on the first SIGTERM/SIGINT and exits 0; a second
 * signal exits 1 at once. Returns a function that removes the handlers.
 */
export function handleSignals(
  manager: Manager,
  log: Logger = silentLogger,
  exit: (code: number) => void = (c) => process.exit(c),
): () => void {
  let received = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    received++;
    if (received > 1) {
      log.warn({ signal: sig }, 'second signal; exiting without waiting');
      exit(1);
      return;
    }
    log.info({ signal: sig }, 'shutting down');
    void manager.stop().then(() => exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
