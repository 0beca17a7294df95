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

/** Writes the status of ECS custom resources. */
export class StatusWriter {
  constructor(private readonly api: KubeApi) {}

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
    return this.api.apply<LiveObject>(ref, body, { subresource: 'status' });
  }
}
