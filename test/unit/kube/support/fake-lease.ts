/** An in-memory fake of our own LeaseStore port, shared by several electors. */
import type { LeaseObject, LeaseSpec, LeaseStore } from '../../../../src/kube/leader.js';

/** An in-memory Lease with resourceVersion checks, shared by several electors (our own port). */
export class FakeLeaseApi {
  lease: LeaseObject | undefined;
  private rv = 1;
  /** Identities whose requests fail (a partitioned replica), or hang forever. */
  failing = new Set<string>();
  hanging = new Set<string>();
  writes: Array<{ by: string; spec: LeaseSpec }> = [];

  storeFor(identity: string): LeaseStore {
    const guard = async (): Promise<void> => {
      if (this.hanging.has(identity)) await new Promise(() => {});
      if (this.failing.has(identity)) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    };
    return {
      get: async () => {
        await guard();
        return this.lease ? structuredClone(this.lease) : undefined;
      },
      create: async (spec) => {
        await guard();
        if (this.lease) throw Object.assign(new Error('AlreadyExists'), { code: 409 });
        this.lease = {
          metadata: { name: 'ecs2eks-leader', namespace: 'ecs2eks-system', resourceVersion: String(this.rv++) },
          spec: { ...spec },
        };
        this.writes.push({ by: identity, spec: { ...spec } });
        return structuredClone(this.lease);
      },
      update: async (l) => {
        await guard();
        if (!this.lease || l.metadata.resourceVersion !== this.lease.metadata.resourceVersion)
          throw Object.assign(new Error('Conflict'), { code: 409 });
        this.lease = { ...structuredClone(l), metadata: { ...l.metadata, resourceVersion: String(this.rv++) } };
        this.writes.push({ by: identity, spec: { ...l.spec } });
        return structuredClone(this.lease);
      },
    };
  }

  get holder(): string | undefined {
    return this.lease?.spec?.holderIdentity;
  }
}
