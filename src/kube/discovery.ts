/**
 * Maps (apiVersion, kind) to a {@link ResourceRef}: the well-known table first, then the
 * apiserver's discovery document for that group/version, cached. A kind missing from a cached
 * document triggers at most one refresh per `refreshAfterMs` (a CRD may have been installed since).
 */
import { systemClock, type Clock } from '../base/clock.js';
import { UserError } from '../base/errors.js';
import type { Transport } from './client.js';
import { groupVersionPath, parseApiVersion, wellKnownResource, type ResourceRef } from './resources.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** The cluster does not serve this kind, e.g. an optional integration's CRD is not installed. */
export class KindNotServedError extends UserError {
  constructor(apiVersion: string, kind: string) {
    super(`${kind} (${apiVersion}) is not served by this cluster; is its CRD installed?`, undefined, 'KindNotServed');
  }
}

/** Resolves kinds to resources, caching discovery per group/version. */
export class Discovery {
  private readonly cache = new Map<string, { at: number; resources: ApiResource[] }>();

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock = systemClock,
    private readonly refreshAfterMs = 30_000,
  ) {}

  /** The resource serving `kind` in `apiVersion`; throws {@link KindNotServedError} if none. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceRef> {
    const known = wellKnownResource(apiVersion, kind);
    if (known) return known;
    const gv = parseApiVersion(apiVersion);
    let entry = this.cache.get(apiVersion);
    let found = entry?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found && (!entry || this.clock.now() - entry.at >= this.refreshAfterMs)) {
      entry = { at: this.clock.now(), resources: await this.fetch(apiVersion) };
      this.cache.set(apiVersion, entry);
      found = entry.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    }
    if (!found) throw new KindNotServedError(apiVersion, kind);
    return { group: gv.group, version: gv.version, plural: found.name, kind, namespaced: found.namespaced };
  }

  private async fetch(apiVersion: string): Promise<ApiResource[]> {
    const gv = parseApiVersion(apiVersion);
    try {
      const list = await this.transport.request<{ resources?: ApiResource[] }>({
        method: 'GET',
        verb: 'get',
        resource: 'discovery',
        path: groupVersionPath(gv),
      });
      return list?.resources ?? [];
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return []; // group/version not served at all
      throw err;
    }
  }
}
