import { expect } from 'chai';
import {
  enqueueMapped,
  enqueueObject,
  enqueueOwner,
  metadataOrSpecChanged,
  type Meta,
} from '../../../src/controller/handlers.js';

function recorder() {
  const keys: string[] = [];
  return { keys, queue: { add: (k: string) => void keys.push(k) } };
}

const cr = (
  gen: number,
  extra: Partial<NonNullable<Meta['metadata']>> = {},
  status?: unknown,
): Meta & { status?: unknown } => ({
  metadata: { name: 'web', namespace: 'team-a', generation: gen, labels: { a: '1' }, ...extra },
  ...(status !== undefined ? { status } : {}),
});

describe('event handlers', () => {
  it('enqueue the own key on add and delete, and on updates that change spec or metadata', () => {
    const r = recorder();
    const h = enqueueObject(r.queue);
    h.onAdd!(cr(1));
    h.onUpdate!(cr(1), cr(2));
    h.onUpdate!(cr(2), cr(2, { labels: { a: '2' } }));
    h.onUpdate!(cr(2), cr(2, { deletionTimestamp: '2026-01-01T00:00:00Z' }));
    h.onDelete!(cr(2));
    expect(r.keys).to.deep.equal(['team-a/web', 'team-a/web', 'team-a/web', 'team-a/web', 'team-a/web']);
  });

  it('ignore a status-only update, such as our own status write', () => {
    const r = recorder();
    enqueueObject(r.queue).onUpdate!(cr(3, {}, { runningCount: 1 }), cr(3, {}, { runningCount: 2 }));
    expect(r.keys).to.deep.equal([]);
    expect(metadataOrSpecChanged(cr(3, {}, { a: 1 }), cr(3, {}, { a: 2 }))).to.equal(false);
  });

  it('always pass a resync (the same object twice)', () => {
    const r = recorder();
    const o = cr(3);
    enqueueObject(r.queue).onUpdate!(o, o);
    expect(r.keys).to.deep.equal(['team-a/web']);
  });

  it('map a generated object to its controlling owner, including status changes, and both owners when it moved', () => {
    const r = recorder();
    const h = enqueueOwner(r.queue, 'ecs2eks.dev', 'Service');
    const dep = (owner: string, ready: number) => ({
      metadata: {
        name: 'd',
        namespace: 'team-a',
        generation: 1,
        ownerReferences: [{ apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'Service', name: owner, controller: true }],
      },
      status: { readyReplicas: ready },
    });
    h.onAdd!(dep('web', 0));
    h.onUpdate!(dep('web', 0), dep('web', 1));
    h.onUpdate!(dep('web', 1), dep('api', 1));
    h.onDelete!({ metadata: { name: 'orphan', namespace: 'team-a' } });
    expect(r.keys).to.deep.equal(['team-a/web', 'team-a/web', 'team-a/web', 'team-a/api']);
  });

  it('map any object to several keys, e.g. a TaskDefinition to the Services of its family', () => {
    const r = recorder();
    const servicesOf: Record<string, string[]> = { web: ['ns/web', 'ns/web-canary'], api: ['ns/api'] };
    const h = enqueueMapped<{ family: string }>(r.queue, (td) => servicesOf[td.family] ?? []);
    h.onAdd!({ family: 'web' });
    h.onUpdate!({ family: 'web' }, { family: 'api' });
    expect(r.keys).to.deep.equal(['ns/web', 'ns/web-canary', 'ns/web', 'ns/web-canary', 'ns/api']);
  });
});
