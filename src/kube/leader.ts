/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's algorithm, so that only one
 * operator replica reconciles while standbys keep warm caches.
 *
 * - Acquire: a candidate takes the Lease when it is absent, has no holder, is already its own, or
 *   has not changed for `leaseDuration` as measured on the candidate's OWN clock since it last
 *   saw the record change (never by comparing the holder's renewTime with our clock: no clock-skew
 *   assumptions). Every write carries the resourceVersion read, so of two candidates only one wins
 *   (the other gets a 409).
 * - Renew: the leader renews every `retryPeriod`; if no renewal succeeds for `renewDeadline`, or
 *   the Lease is seen held by someone else, it stops leading (`onStoppedLeading`). renewDeadline <
 *   leaseDuration, so the old leader stops before a standby may take over.
 * - Release: on `stop()` the leader writes an empty holder (lease duration 1 s), so a standby
 *   takes over at its next retry instead of waiting for expiry. A SIGKILLed leader cannot release;
 *   a standby then takes over about leaseDuration (+ one retry) later.
 * - `run()` resolves after leadership ends; the operator exits then (its in-memory state was
 *   built as leader), and the Deployment restarts it as a standby.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { sleep, systemClock, type Clock } from '../base/clock.js';
import type { OperatorMetrics } from '../base/metrics.js';
import { silentLogger } from '../base/log.js';
import type { KubeApi } from './api.js';
import { RESOURCES } from './resources.js';

/** The Lease spec fields used for election. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A Lease as the store returns it. */
export interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; resourceVersion?: string; [k: string]: unknown };
  spec?: LeaseSpec;
}

/**
 * The Lease port. `update` must fail with an error whose `code` is 409 when the resourceVersion
 * is stale, and `create` with 409 when the Lease already exists.
 */
export interface LeaseStore {
  get(): Promise<LeaseObject | undefined>;
  create(spec: LeaseSpec): Promise<LeaseObject>;
  update(lease: LeaseObject): Promise<LeaseObject>;
}

/** The real {@link LeaseStore} for Lease `namespace/name`. */
export function apiLeaseStore(api: KubeApi, namespace: string, name: string): LeaseStore {
  const ref = RESOURCES.leases;
  return {
    get: () => api.getOrUndefined<LeaseObject>(ref, namespace, name),
    create: (spec) =>
      api.create<LeaseObject>(ref, namespace, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec,
      }),
    update: (lease) =>
      api.replace<LeaseObject>(ref, namespace, name, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease }),
  };
}

/** `hostname_pid_random`: unique per process, readable in `kubectl get lease -o yaml`. */
export function defaultIdentity(): string {
  return `${hostname()}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** metav1.MicroTime format (RFC 3339 with exactly six fractional digits). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions {
  store: LeaseStore;
  /** Lease name, for logs and the metric label. */
  name: string;
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  logger?: Logger;
  metrics?: OperatorMetrics;
  random?: () => number;
  /** Called once when this process becomes leader; `signal` aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once when leadership ends (lost, or released by stop()). */
  onStoppedLeading(): void | Promise<void>;
  /** Called when a different holder is observed. */
  onNewLeader?(identity: string): void;
}

/** Runs the election for one identity; see the file comment. */
export class LeaderElector {
  readonly identity: string;
  private readonly o: Required<Omit<LeaderElectorOptions, 'onNewLeader' | 'metrics' | 'identity'>> &
    Pick<LeaderElectorOptions, 'onNewLeader' | 'metrics'>;
  private readonly log: Logger;
  private observed: LeaseSpec | undefined;
  private observedAt = 0;
  private leading = false;
  private stopped = false;
  private readonly stopSignal = new AbortController();
  private leadership: AbortController | undefined;
  private running: Promise<void> | undefined;
  private reportedLeader: string | undefined;

  constructor(opts: LeaderElectorOptions) {
    this.identity = opts.identity ?? defaultIdentity();
    this.o = {
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      clock: systemClock,
      logger: silentLogger,
      random: Math.random,
      ...opts,
    };
    if (!(this.o.renewDeadlineMs < this.o.leaseDurationMs))
      throw new RangeError('renewDeadline must be shorter than leaseDuration');
    if (!(this.o.retryPeriodMs < this.o.renewDeadlineMs))
      throw new RangeError('retryPeriod must be shorter than renewDeadline');
    this.log = this.o.logger.child({ component: 'leader-election', lease: opts.name, identity: this.identity });
  }

  /** True while this process holds the Lease and has not lost it. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns, leads, and resolves when leadership ends or {@link stop} is called. */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops campaigning; if leading, releases the Lease and calls onStoppedLeading. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { clock, retryPeriodMs, renewDeadlineMs } = this.o;
    // Campaign.
    while (!this.stopped) {
      if (await this.attempt(renewDeadlineMs)) break;
      // client-go JitterUntil(retryPeriod, 1.2): spread candidates' retries.
      await sleep(clock, retryPeriodMs * (1 + 1.2 * this.o.random()), this.stopSignal.signal);
    }
    if (this.stopped) return;

    this.leading = true;
    this.leadership = new AbortController();
    this.o.metrics?.leaderStatus.set({ name: this.o.name }, 1);
    this.log.info('became leader');
    // Not awaited: the callback typically runs the controllers until the signal aborts, while
    // this loop must keep renewing.
    const leadership = this.leadership;
    void this.callback(() => this.o.onStartedLeading(leadership.signal));

    // Lead: renew every retryPeriod; give up after renewDeadline without success.
    let lastRenew = clock.now();
    let lost = false;
    while (!this.stopped) {
      await sleep(clock, retryPeriodMs, this.stopSignal.signal);
      if (this.stopped) break;
      const remaining = renewDeadlineMs - (clock.now() - lastRenew);
      if (remaining > 0 && (await this.attempt(remaining))) {
        lastRenew = clock.now();
        continue;
      }
      if (this.observed?.holderIdentity && this.observed.holderIdentity !== this.identity) {
        this.log.warn({ holder: this.observed.holderIdentity }, 'lease taken by another holder; stopping');
        lost = true;
        break;
      }
      if (clock.now() - lastRenew >= renewDeadlineMs) {
        this.log.error({ renewDeadlineMs }, 'failed to renew the lease within the renew deadline; stopping');
        lost = true;
        break;
      }
    }
    this.leading = false;
    this.o.metrics?.leaderStatus.set({ name: this.o.name }, 0);
    this.leadership.abort();
    if (!lost) await this.release();
    await this.callback(() => this.o.onStoppedLeading());
  }

  /** One tryAcquireOrRenew bounded by `timeoutMs` (a hung request counts as a failure). */
  private async attempt(timeoutMs: number): Promise<boolean> {
    const timeout = new AbortController();
    const timer = sleep(this.o.clock, timeoutMs, timeout.signal).then((elapsed) => (elapsed ? false : undefined));
    const result = await Promise.race([this.tryAcquireOrRenew(), timer]);
    timeout.abort();
    return result === true;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { store, clock, leaseDurationMs } = this.o;
    const now = clock.now();
    const desired = (prev: LeaseSpec | undefined): LeaseSpec => {
      const ours = prev?.holderIdentity === this.identity;
      return {
        holderIdentity: this.identity,
        leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
        acquireTime: ours && prev?.acquireTime ? prev.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: ours ? (prev?.leaseTransitions ?? 0) : (prev?.leaseTransitions ?? 0) + (prev ? 1 : 0),
      };
    };
    try {
      const lease = await store.get();
      if (!lease) {
        const created = await store.create(desired(undefined));
        this.observe(created.spec ?? {}, clock.now());
        return true;
      }
      const spec = lease.spec ?? {};
      if (!sameRecord(spec, this.observed)) this.observe(spec, now);
      const holder = spec.holderIdentity;
      const durationMs = (spec.leaseDurationSeconds ?? leaseDurationMs / 1000) * 1000;
      if (holder && holder !== this.identity && this.observedAt + durationMs > now) return false;
      const updated = await store.update({ ...lease, spec: { ...spec, ...desired(spec) } });
      this.observe(updated.spec ?? {}, clock.now());
      return true;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 409) this.log.debug('lease changed under us (409); will retry');
      else this.log.warn({ err }, 'lease request failed');
      return false;
    }
  }

  private observe(spec: LeaseSpec, at: number): void {
    this.observed = { ...spec };
    this.observedAt = at;
    const holder = spec.holderIdentity;
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      if (holder !== this.identity) {
        this.log.info({ holder }, 'observed a new leader');
        this.o.onNewLeader?.(holder);
      }
    }
  }

  /** Hands the Lease over: empty holder, 1 s duration. Only if we still hold it. */
  private async release(): Promise<void> {
    try {
      const lease = await this.o.store.get();
      if (!lease || lease.spec?.holderIdentity !== this.identity) return;
      const now = microTime(this.o.clock.now());
      await this.o.store.update({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now },
      });
      this.log.info('released the lease');
    } catch (err) {
      this.log.warn({ err }, 'could not release the lease; a standby will take over when it expires');
    }
  }

  private async callback(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.log.error({ err }, 'leader election callback threw');
    }
  }
}

function sameRecord(a: LeaseSpec, b: LeaseSpec | undefined): boolean {
  return (
    b !== undefined &&
    a.holderIdentity === b.holderIdentity &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions &&
    a.leaseDurationSeconds === b.leaseDurationSeconds
  );
}
