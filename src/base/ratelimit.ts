/**
 * Rate limiters for the work queue and the API client, modelled on client-go's
 * `workqueue.DefaultControllerRateLimiter`: a per-item exponential backoff combined (max-of) with a
 * global token bucket. The per-item part keeps one failing resource from being hammered; the bucket
 * keeps a burst of failures across many resources from hammering the apiserver.
 */
import type { Clock } from './clock.js';

/** Decides how long an item waits before it is retried. */
export interface RateLimiter {
  /** Returns the delay in ms before `key` may be processed again, and records one more failure. */
  when(key: string): number;
  /** Clears the failure history of `key` (call on success). */
  forget(key: string): void;
  /** How many times `key` has been rate limited since it was last forgotten. */
  numRequeues(key: string): number;
}

/** Options of {@link ItemExponentialBackoff}; the defaults are client-go's 5 ms and 1000 s. */
export interface ExponentialBackoffOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Per-item exponential backoff: base × 2^failures, capped at max. */
export class ItemExponentialBackoff implements RateLimiter {
  private readonly failures = new Map<string, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(opts: ExponentialBackoffOptions = {}) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
  }

  when(key: string): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    // 2^exp overflows to Infinity long before it matters; the cap handles both.
    const delay = this.baseDelayMs * Math.pow(2, exp);
    return Number.isFinite(delay) ? Math.min(delay, this.maxDelayMs) : this.maxDelayMs;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * A token bucket (refill `qps` per second, capacity `burst`) that hands out reservations: each
 * call takes one token, possibly going into debt, and returns how long the caller must wait for
 * its token. Same semantics as golang.org/x/time/rate `Limiter.Reserve`.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    if (!(qps > 0) || !(burst >= 1))
      throw new RangeError(`token bucket needs qps > 0 and burst >= 1 (got ${qps}, ${burst})`);
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token and returns the wait in ms before it is valid (0 when one was available). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  /** Tokens currently available (may be negative while reservations are outstanding). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
  }
}

/** Adapts a {@link TokenBucket} to the {@link RateLimiter} interface (it has no per-item state). */
export class BucketRateLimiter implements RateLimiter {
  constructor(private readonly bucket: TokenBucket) {}
  when(): number {
    return this.bucket.reserve();
  }
  forget(): void {}
  numRequeues(): number {
    return 0;
  }
}

/** Combines limiters: the delay is the largest of theirs; every limiter records the failure. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: RateLimiter[];
  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }
  when(key: string): number {
    let delay = 0;
    for (const l of this.limiters) delay = Math.max(delay, l.when(key));
    return delay;
  }
  forget(key: string): void {
    for (const l of this.limiters) l.forget(key);
  }
  numRequeues(key: string): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(key)));
  }
}

/** Options of {@link defaultControllerRateLimiter}. */
export interface ControllerRateLimiterOptions extends ExponentialBackoffOptions {
  /** Overall retry rate (default 10 per second). */
  qps?: number;
  /** Overall retry burst (default 100). */
  burst?: number;
}

/** client-go's default: per-item 5 ms → 1000 s backoff, max-of a 10 qps / 100 burst bucket. */
export function defaultControllerRateLimiter(clock: Clock, opts: ControllerRateLimiterOptions = {}): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialBackoff(opts),
    new BucketRateLimiter(new TokenBucket(opts.qps ?? 10, opts.burst ?? 100, clock)),
  );
}
