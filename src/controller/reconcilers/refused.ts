/**
 * A workload the current policy refuses must not keep running under the operator's management:
 * when the translation of an ECS resource is refused by the policy (for example after the operator
 * was restarted with --policy=strict), everything the resource still owns is removed before the
 * refusal is reported. Without this, a privileged pod created under a laxer policy would keep running
 * while the status said RefusedByPolicy.
 */
import type { Logger } from 'pino';
import type { LiveObject } from '../../kube/api.js';
import type { ResourceRef } from '../../kube/resources.js';
import { isInputError } from '../../ecs/errors.js';
import { REFUSED_BY_POLICY } from '../../translate/options.js';
import type { ReconcileEnv } from './env.js';

/**
 * Runs `translate`. When it throws a policy refusal, deletes every object of `kinds` that `owner`
 * owns, then rethrows, so the runner reports the refusal (Ready=False and a Warning Event naming the field).
 */
export async function translateOrRemove<T>(
  env: ReconcileEnv,
  owner: LiveObject,
  kinds: readonly ResourceRef[],
  log: Logger,
  translate: () => T,
): Promise<T> {
  try {
    return translate();
  } catch (err) {
    if (isInputError(err) && err.reason === REFUSED_BY_POLICY) {
      const removed = await env.applier.prune(owner, [], kinds, log);
      if (removed.length > 0) {
        const what = removed.map((o) => `${o.kind} ${o.metadata.name}`).join(', ');
        log.warn({ removed: what, path: err.path }, 'the policy refuses this workload: removed what it ran');
        await env.events.record(
          owner,
          'Warning',
          'RemovedByPolicy',
          `${err.path}: refused by the operator policy; removed ${what}`,
        );
      }
    }
    throw err;
  }
}
