/**
 * Time as a port. The queue, the informers and the leader elector never call `Date.now` or
 * `setTimeout` directly: they take a {@link Clock}, so unit tests drive them with a manual clock and
 * run in milliseconds, deterministically, while production uses {@link systemClock}.
 */

/** An opaque handle returned by {@link Clock.setTimeout}: Node's timer object, or a fake clock's id. */
export type TimerHandle = object | number;

/** The few time operations the controller machinery needs. */
export interface Clock {
  /** Milliseconds since the epoch (or since an arbitrary origin for fake clocks). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; the timer must not keep the process alive on its own. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; cancelling an already fired or cancelled timer is a no-op. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. Timers are `unref`ed: pending backoffs must not block process exit on shutdown. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * sleep resolves after `ms` on `clock`, or early (without rejecting) when `signal` aborts, so
 * loops that back off can be stopped promptly. It returns true when the full time elapsed.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      resolve(false);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
