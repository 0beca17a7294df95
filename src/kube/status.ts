/**
 * Status writes for the ECS custom resources: through the `/status` subresource, with server-side
 * apply (so fields we stop reporting disappear), and only when the status actually changed
 * compared with the cached object, so that an idle resync writes nothing (and does not trigger
 * another watch event and reconcile).
 */
import type { KubeApi, LiveObject } from './api.js';
import { canonicalJson } from './plan.js';
import { ECS_API_VERSION, RESOURCES, type ResourceRef } from './resources.js';

/** The status-carrying resources, by kind. */
export const STATUS_RESOURCES: Record<'TaskDefinition' | 'Service' | 'Task', ResourceRef> = {
  TaskDefinition: RESOURCES.taskDefinitions,
  Service: RESOURCES.ecsServices,
  Task: RESOURCES.tasks,
};

/** True when `next` differs from `current` (key order and undefined members are ignored). */
export function statusChanged(current: unknown, next: unknown): boolean {
  return canonicalJson(current ?? {}) !== canonicalJson(next ?? {});
}

/** How long a reconcile waits for the cache to show the operator's own last status write. */
const READ_YOUR_WRITES_MS = 5_000;

/** `a` is an older resourceVersion than `b`: compared as integers (etcd's), else never. */
function olderThan(a: string | undefined, b: string): boolean {
  if (!a || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length === b.length ? a < b : a.length < b.length;
}

/** Writes the status of ECS custom resources. */
export class StatusWriter {
  /** The resourceVersion of the last status written per object uid, and when. */
  private readonly written = new Map<string, { rv: string; at: number }>();

  constructor(
    private readonly api: KubeApi,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether `cr` (the cached object) is older than the status this writer last wrote to it. A
   * reconcile that starts on such a copy would decide from a status it already replaced (count a
   * stop twice, tell an event twice, undo a rollback it just made): it should wait for the watch.
   * Gives up after a few seconds, so a lost watch event never stalls the object.
   */
  behind(cr: LiveObject): boolean {
    const uid = cr.metadata.uid;
    const w = uid ? this.written.get(uid) : undefined;
    if (!uid || !w) return false;
    if (this.now() - w.at > READ_YOUR_WRITES_MS || !olderThan(cr.metadata.resourceVersion, w.rv)) {
      this.written.delete(uid);
      return false;
    }
    return true;
  }

  /**
   * Applies `status` to `cr` (the cached object) unless it equals `cr.status`. Returns the updated
   * object, or undefined when nothing was written.
   */
  async patchIfChanged(cr: LiveObject, status: Record<string, unknown>): Promise<LiveObject | undefined> {
    if (!statusChanged(cr['status'], status)) return undefined;
    const ref = STATUS_RESOURCES[cr.kind as keyof typeof STATUS_RESOURCES];
    if (!ref || cr.apiVersion !== ECS_API_VERSION)
      throw new Error(`not an ECS custom resource: ${cr.apiVersion} ${cr.kind}`);
    const body = {
      apiVersion: cr.apiVersion,
      kind: cr.kind,
      metadata: { name: cr.metadata.name, namespace: cr.metadata.namespace },
      status,
    };
    const updated = await this.api.apply<LiveObject>(ref, body, { subresource: 'status' });
    const rv = updated?.metadata?.resourceVersion;
    if (cr.metadata.uid && rv) this.written.set(cr.metadata.uid, { rv, at: this.now() });
    return updated;
  }
}
