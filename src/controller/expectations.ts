/**
 * Objects the operator created and its cache has not shown yet (the ReplicaSet controller's
 * "expectations"). A reconcile that runs between the create and the watch event would otherwise read
 * "no pod" as "the pod is gone" and, for a Task, report it STOPPED (UserInitiated) while it runs.
 * An expectation lapses after a while, so a lost watch event never stalls the object for good.
 */
export class Expectations {
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  /** Remember that `key` (namespace/name) was just created. */
  expect(key: string): void {
    this.pending.set(key, this.now() + this.ttlMs);
  }

  /**
   * Whether `key` was created and is not in the cache yet (`seen` false). Seeing it, or the time
   * running out, forgets it.
   */
  awaiting(key: string, seen: boolean): boolean {
    const until = this.pending.get(key);
    if (until === undefined) return false;
    if (seen || this.now() > until) {
      this.pending.delete(key);
      return false;
    }
    return true;
  }
}
