// Polling instead of fixed sleeps: kwok and the controllers are asynchronous, and on 2 busy cores
// their latency varies a lot.

/**
 * Calls `probe` until it returns a value other than undefined/false, and returns that value.
 * Errors thrown by `probe` count as "not yet" (the last one is reported on timeout).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  description: string,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${description} (last: ${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
