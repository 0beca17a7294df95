// resolve: which revision a Service or Task runs. Here: one that follows the latest revision waits
// while its TaskDefinition's current spec is not recorded yet, so that applying a changed
// TaskDefinition together with a new Service never starts the stale revision first.
import { expect } from 'chai';
import type { LiveObject } from '../../../src/kube/api.js';
import { BY_FAMILY, BY_OWNER, type Caches } from '../../../src/controller/caches.js';
import { controllerRevisionFor } from '../../../src/controller/revisions.js';
import { resolve } from '../../../src/controller/reconcilers/resolve.js';
import { RequeueAfter } from '../../../src/base/errors.js';

const NS = 'shop';
const SPEC = { family: 'web', containerDefinitions: [{ name: 'app', image: 'registry.example/web:1', memory: 128 }] };

function cachesWith(td: LiveObject, revisions: number[]): Caches {
  const records = revisions.map((n) => {
    const cr = controllerRevisionFor('web', NS, 'web', n, `hash-${n}`, SPEC);
    return {
      ...cr,
      metadata: {
        ...cr.metadata,
        ownerReferences: [
          { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'TaskDefinition', name: 'web', uid: 'td-uid', controller: true },
        ],
      },
    };
  });
  const index = (objects: LiveObject[], key: (o: LiveObject, i: string) => string[]) => ({
    get: () => undefined,
    byIndex: (i: string, k: string) => objects.filter((o) => key(o, i).includes(k)),
  });
  return {
    taskDefinitions: index([td], (_o, i) => (i === BY_FAMILY ? [`${NS}/web`] : [])),
    controllerRevisions: index(records, (_o, i) => (i === BY_OWNER ? [`${NS}/web`] : [])),
  } as unknown as Caches;
}

const td = (generation: number, observedGeneration?: number): LiveObject => ({
  apiVersion: 'ecs2eks.dev/v1alpha1',
  kind: 'TaskDefinition',
  metadata: { name: 'web', namespace: NS, uid: 'td-uid', generation },
  spec: SPEC,
  ...(observedGeneration !== undefined ? { status: { observedGeneration, revision: 1 } } : {}),
});

describe('resolve: the revision a Service or Task runs', () => {
  it('waits, when following the latest revision, while the TaskDefinition has a spec not recorded yet', () => {
    // Revision 1 is recorded (generation 1); generation 2 was just applied with the Service.
    expect(() => resolve(cachesWith(td(2, 1), [1]), NS, 'web'))
      .to.throw(RequeueAfter)
      .with.property('message')
      .that.contains('waiting for the current spec of TaskDefinition web');
  });

  it('runs the latest revision once the current spec is recorded', () => {
    const r = resolve(cachesWith(td(2, 2), [1, 2]), NS, 'web');
    expect(r.target.revision).to.equal(2);
    expect(r.pinned).to.equal(false);
  });

  it('does not wait for a pinned revision, which a newer spec does not change', () => {
    const r = resolve(cachesWith(td(2, 1), [1]), NS, 'web:1');
    expect(r.target.revision).to.equal(1);
    expect(r.pinned).to.equal(true);
  });
});
