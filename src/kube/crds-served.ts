/**
 * A readiness check that the apiserver serves the ecs2eks kinds. Without the CRDs the operator can
 * do nothing; its informers would wait forever, and a standby replica (which starts no informer
 * until it leads) would look ready. The check reads the group's discovery document, which any
 * authenticated client may read, at most once per `cacheMs`, and names what is missing and how to
 * install it.
 */
import { systemClock, type Clock } from '../base/clock.js';
import type { Logger } from '../base/log.js';
import type { Transport } from './client.js';
import type { HealthCheck } from './health.js';
import { groupVersionPath, type ResourceRef } from './resources.js';

export function crdsServed(
  transport: Transport,
  refs: readonly ResourceRef[],
  opts: { clock?: Clock; cacheMs?: number; logger?: Logger } = {},
): HealthCheck {
  const clock = opts.clock ?? systemClock;
  const cacheMs = opts.cacheMs ?? 10_000;
  let last: { at: number; result: true | string } | undefined;
  const probe = async (): Promise<true | string> => {
    const byGroupVersion = new Map<string, ResourceRef[]>();
    for (const r of refs)
      byGroupVersion.set(groupVersionPath(r), [...(byGroupVersion.get(groupVersionPath(r)) ?? []), r]);
    const missing: string[] = [];
    for (const [path, wanted] of byGroupVersion) {
      let served: string[] = [];
      try {
        const doc = await transport.request<{ resources?: Array<{ name: string }> }>({
          method: 'GET',
          verb: 'get',
          resource: 'discovery',
          path,
        });
        served = (doc?.resources ?? []).map((r) => r.name);
      } catch (e) {
        if ((e as { code?: unknown }).code !== 404) return `cannot read ${path}: ${(e as Error).message}`;
      }
      for (const r of wanted) if (!served.includes(r.plural)) missing.push(`${r.plural}.${r.group}`);
    }
    return missing.length === 0
      ? true
      : `CRDs not installed: ${missing.join(', ')} (install them with: kubectl apply --server-side -f crds/)`;
  };
  return {
    name: 'crds',
    check: async () => {
      const now = clock.now();
      if (last && now - last.at < cacheMs) return last.result;
      const result = await probe();
      if (result !== true && last?.result !== result) opts.logger?.error({ check: 'crds' }, result);
      last = { at: now, result };
      return result;
    },
  };
}
