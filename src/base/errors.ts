/**
 * The error classes a reconciler (or the apply layer below it) throws to say what kind of failure
 * happened. They carry no policy: the controller's `classifyError` is the one place that turns them
 * into retry decisions. They live here, below both `src/kube/` and `src/controller/`, because both throw them.
 */

/** A problem with the user's resource: carries the field path and a machine-readable reason. */
export class UserError extends Error {
  override readonly name = 'UserError';
  /**
   * @param message human-readable, shown in the condition message and the Warning Event
   * @param path field path in the user's resource, e.g. `spec.containerDefinitions[1].image`
   * @param reason CamelCase reason for the condition and the Event, e.g. `InvalidSpec`
   */
  constructor(
    message: string,
    readonly path: string | undefined = undefined,
    readonly reason: string = 'InvalidSpec',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/** A failure expected to go away by itself; retried with backoff. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Not a failure: "look at this key again after `delayMs`" (e.g. waiting for a rollout). */
export class RequeueAfter extends Error {
  override readonly name = 'RequeueAfter';
  constructor(
    readonly delayMs: number,
    reason = 'requeue requested',
  ) {
    super(`${reason} (after ${delayMs} ms)`);
  }
}
