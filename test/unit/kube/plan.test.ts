import { expect } from 'chai';
import fc from 'fast-check';
import {
  canonicalJson,
  decideApply,
  findDrift,
  prepareDesired,
  selectPrunable,
  specHash,
  SPEC_HASH_ANNOTATION,
  foreignListEntries,
  withDesiredAt,
} from '../../../src/kube/plan.js';
import {
  MANAGED_BY_LABEL,
  OWNER_ANNOTATION,
  OWNER_UID_LABEL,
  clusterScopedOwnerKey,
  isControlledBy,
  ownerIndex,
  withOwnership,
  type Owner,
} from '../../../src/kube/ownership.js';
import type { LiveObject } from '../../../src/kube/api.js';
import type { KubeObject } from '../../../src/translate/types.js';

const owner: Owner = {
  apiVersion: 'ecs2eks.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'team-a', uid: 'uid-web' },
};

function deployment(
  replicas = 3,
  env: Array<{ name: string; value: string }> = [{ name: 'A', value: '1' }],
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team-a', labels: { 'ecs2eks.dev/service': 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { 'ecs2eks.dev/service': 'web' } },
      template: {
        metadata: { labels: { 'ecs2eks.dev/service': 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', env }] },
      },
    },
  };
}

/** What the apiserver would return after applying `prepared`: defaults and server fields added. */
function liveFrom(prepared: KubeObject, edit: (o: LiveObject) => void = () => {}): LiveObject {
  const live = structuredClone<LiveObject>(prepared);
  live.metadata.uid = 'uid-deploy';
  live.metadata.resourceVersion = '42';
  live.metadata.generation = 1;
  live.metadata.managedFields = [{ manager: 'ecs2eks', operation: 'Apply' }];
  const spec = live['spec'] as {
    strategy?: unknown;
    template: { spec: { containers: Array<Record<string, unknown>>; restartPolicy?: string } };
  };
  spec.strategy = { type: 'RollingUpdate' };
  spec.template.spec.restartPolicy = 'Always';
  spec.template.spec.containers[0]['terminationMessagePath'] = '/dev/termination-log';
  live['status'] = { replicas: 3, readyReplicas: 3 };
  edit(live);
  return live;
}

describe('apply planning', () => {
  describe('prepareDesired', () => {
    it('adds the managed-by label, a controller ownerReference with blockOwnerDeletion, and the spec hash', () => {
      const p = prepareDesired(deployment(), owner);
      expect(p.metadata.labels).to.include({ [MANAGED_BY_LABEL]: 'ecs2eks', 'ecs2eks.dev/service': 'web' });
      expect(p.metadata['ownerReferences']).to.deep.equal([
        {
          apiVersion: 'ecs2eks.dev/v1alpha1',
          kind: 'Service',
          name: 'web',
          uid: 'uid-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(p.metadata.annotations?.[SPEC_HASH_ANNOTATION]).to.match(/^[0-9a-f]{20}$/);
    });

    it('does not change the input object', () => {
      const d = deployment();
      const before = JSON.stringify(d);
      prepareDesired(d, owner);
      expect(JSON.stringify(d)).to.equal(before);
    });

    it('refuses an object outside the owner namespace and an owner without uid', () => {
      const d = deployment();
      d.metadata.namespace = 'elsewhere';
      expect(() => prepareDesired(d, owner)).to.throw(/not in the owner's namespace/);
      expect(() => prepareDesired(deployment(), { ...owner, metadata: { name: 'web', namespace: 'team-a' } })).to.throw(
        /no uid/,
      );
    });
  });

  describe('specHash', () => {
    it('ignores key order and its own annotation, and changes with any value', () => {
      const a = deployment();
      const b = JSON.parse(canonicalJson(a)) as KubeObject; // same content, sorted keys
      expect(specHash(a)).to.equal(specHash(b));
      expect(specHash(prepareDesired(a, owner))).to.equal(specHash(withOwnership(a, owner)));
      expect(specHash(deployment(4))).to.not.equal(specHash(deployment(3)));
    });

    it('is equal for objects that differ only in key order (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), (spec) => {
          const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: spec };
          const reversed: KubeObject = {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'x' },
            data: Object.fromEntries(Object.entries(spec).reverse()),
          };
          return specHash(obj) === specHash(reversed);
        }),
      );
    });
  });

  describe('decideApply', () => {
    it('applies an object that does not exist yet', () => {
      expect(decideApply(prepareDesired(deployment(), owner), undefined, 'uid-web')).to.deep.equal({
        action: 'apply',
        reason: 'absent',
      });
    });

    it('skips when the hash matches and every field we set is unchanged, ignoring server defaults and status', () => {
      const p = prepareDesired(deployment(), owner);
      expect(decideApply(p, liveFrom(p), 'uid-web')).to.deep.equal({ action: 'skip' });
    });

    it('re-applies to restore drift: someone scaled the Deployment by hand', () => {
      const p = prepareDesired(deployment(3), owner);
      const live = liveFrom(p, (o) => ((o['spec'] as { replicas: number }).replicas = 5));
      expect(decideApply(p, live, 'uid-web')).to.deep.equal({
        action: 'apply',
        reason: 'drifted',
        path: 'spec.replicas',
      });
    });

    it('re-applies when someone removed a field we set, or a label we set', () => {
      const p = prepareDesired(deployment(), owner);
      const noEnv = liveFrom(
        p,
        (o) =>
          delete (o['spec'] as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec
            .containers[0]['env'],
      );
      expect(decideApply(p, noEnv, 'uid-web')).to.include({
        action: 'apply',
        reason: 'drifted',
        path: 'spec.template.spec.containers[0].env',
      });
      const noLabel = liveFrom(p, (o) => delete o.metadata.labels![MANAGED_BY_LABEL]);
      expect(decideApply(p, noLabel, 'uid-web')).to.include({ action: 'apply', reason: 'drifted' });
    });

    it('re-applies when a list we set gained an element', () => {
      const p = prepareDesired(deployment(), owner);
      const live = liveFrom(p, (o) =>
        (o['spec'] as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({
          name: 'injected',
          image: 'x',
        }),
      );
      expect(decideApply(p, live, 'uid-web')).to.include({
        action: 'apply',
        reason: 'drifted',
        path: 'spec.template.spec.containers',
      });
    });

    it('applies when the desired object dropped a field, although the old live object still contains the new desired one', () => {
      const old = prepareDesired(
        { ...deployment(), spec: { ...(deployment()['spec'] as object), minReadySeconds: 10 } },
        owner,
      );
      const live = liveFrom(old);
      const next = prepareDesired(deployment(), owner);
      expect(findDrift(next['spec'], live['spec']), 'the new desired spec is a subset of the old live one').to.equal(
        undefined,
      );
      expect(decideApply(next, live, 'uid-web')).to.deep.equal({ action: 'apply', reason: 'hashChanged' });
    });

    it('applies when the spec-hash annotation was removed by someone', () => {
      const p = prepareDesired(deployment(), owner);
      const live = liveFrom(p, (o) => delete o.metadata.annotations![SPEC_HASH_ANNOTATION]);
      expect(decideApply(p, live, 'uid-web')).to.deep.equal({ action: 'apply', reason: 'hashChanged' });
    });

    it('never touches an existing object that this owner does not control, and names it', () => {
      const p = prepareDesired(deployment(), owner);
      const foreign: LiveObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'team-a', uid: 'x' },
      };
      const d = decideApply(p, foreign, 'uid-web');
      expect(d.action).to.equal('conflict');
      expect(d.action === 'conflict' && d.message).to.equal(
        'Deployment team-a/web already exists and is not managed by ecs2eks; rename or delete it',
      );
      const otherOwner = liveFrom(
        p,
        (o) =>
          (o.metadata.ownerReferences = [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u2', controller: true },
          ]),
      );
      expect(decideApply(p, otherOwner, 'uid-web')).to.deep.include({ action: 'conflict' });
      const previousIncarnation = liveFrom(
        p,
        (o) => (o.metadata.ownerReferences = [{ ...o.metadata.ownerReferences![0], uid: 'uid-old-web' }]),
      );
      expect(decideApply(p, previousIncarnation, 'uid-web').action, 'same name, different uid: not ours').to.equal(
        'conflict',
      );
    });

    it('waits for an object of ours that is being deleted', () => {
      const p = prepareDesired(deployment(), owner);
      const live = liveFrom(p, (o) => (o.metadata.deletionTimestamp = '2026-01-01T00:00:00Z'));
      expect(decideApply(p, live, 'uid-web').action).to.equal('terminating');
    });

    it("waits for anyone's object that is being deleted (a re-created owner waits for its predecessor's)", () => {
      const p = prepareDesired(deployment(), owner);
      const live = liveFrom(p, (o) => {
        o.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
        o.metadata.ownerReferences = [{ ...o.metadata.ownerReferences![0], uid: 'uid-old-web' }];
      });
      expect(decideApply(p, live, 'uid-web').action).to.equal('terminating');
    });
  });

  describe('cluster-scoped objects (an EFS PersistentVolume)', () => {
    const pv: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'team-a-web-data-1a2b3c4d' },
    };

    it('name their owner by uid label and `Kind ns/name` annotation, never by an ownerReference the GC refuses', () => {
      const p = prepareDesired(pv, owner, false);
      expect(p.metadata.namespace).to.equal(undefined);
      expect((p.metadata as { ownerReferences?: unknown }).ownerReferences).to.equal(undefined);
      expect(p.metadata.labels).to.include({ [MANAGED_BY_LABEL]: 'ecs2eks', [OWNER_UID_LABEL]: 'uid-web' });
      expect(p.metadata.annotations).to.include({ [OWNER_ANNOTATION]: 'Service team-a/web' });
      expect(clusterScopedOwnerKey(p, 'Service')).to.equal('team-a/web');
      expect(clusterScopedOwnerKey(p, 'Task')).to.equal(undefined);
    });

    it('are ours to update when the uid label matches, and a conflict naming the owner otherwise', () => {
      const p = prepareDesired(pv, owner, false);
      const live = structuredClone<LiveObject>(p);
      live.metadata.uid = 'uid-pv';
      expect(isControlledBy(live, 'uid-web')).to.equal(true);
      expect(decideApply(p, live, 'uid-web').action).to.equal('skip');
      const other = prepareDesired(pv, { ...owner, metadata: { ...owner.metadata, uid: 'uid-old-web' } }, false);
      expect(decideApply(p, other, 'uid-web')).to.deep.equal({
        action: 'conflict',
        message:
          'PersistentVolume team-a-web-data-1a2b3c4d already exists and is owned by Service team-a/web; rename or delete it',
      });
      // A namespaced object is never ours through the label alone.
      const namespaced = { ...live, metadata: { ...live.metadata, namespace: 'team-a' } };
      expect(isControlledBy(namespaced, 'uid-web')).to.equal(false);
    });

    it('are pruned through the uid label like namespaced objects through their ownerReference', () => {
      const live = {
        ...prepareDesired(pv, owner, false),
        metadata: { ...prepareDesired(pv, owner, false).metadata, uid: 'u' },
      };
      expect(selectPrunable('uid-web', [], [live as LiveObject]).map((o) => o.metadata.name)).to.deep.equal([
        'team-a-web-data-1a2b3c4d',
      ]);
      expect(
        selectPrunable('uid-web', [{ apiVersion: 'v1', kind: 'PersistentVolume', name: pv.metadata.name }], [live]),
      ).to.deep.equal([]);
      expect(selectPrunable('uid-other', [], [live])).to.deep.equal([]);
    });
  });

  describe('findDrift', () => {
    it('treats empty objects and lists we set as matching an absent field', () => {
      expect(findDrift({ a: {}, b: [], c: 1 }, { c: 1 })).to.equal(undefined);
      expect(findDrift({ a: { x: 1 } }, {})).to.equal('a');
    });

    it('compares values strictly (no quantity normalization) and reports the path', () => {
      expect(findDrift({ r: { cpu: '1000m' } }, { r: { cpu: '1' } })).to.equal('r.cpu');
      expect(findDrift({ l: [1, 2] }, { l: [1, 3] })).to.equal('l[1]');
      expect(findDrift({ n: null }, {})).to.equal(undefined);
      expect(findDrift({ n: null }, { n: 1 })).to.equal('n');
    });

    it('never reports drift for an object against itself plus extra fields (property)', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string(), fc.jsonValue({ maxDepth: 2 }), (v, extraKey, extra) => {
          const live =
            typeof v === 'object' && v !== null && !Array.isArray(v) && !(extraKey in v)
              ? { ...v, [extraKey]: extra }
              : v;
          return findDrift(v, structuredClone(live)) === undefined;
        }),
      );
    });
  });

  describe('selectPrunable', () => {
    const ref = {
      apiVersion: 'ecs2eks.dev/v1alpha1',
      kind: 'Service',
      name: 'web',
      uid: 'uid-web',
      controller: true,
      blockOwnerDeletion: true,
    };
    function child(
      kind: string,
      apiVersion: string,
      name: string,
      opts: { ours?: boolean; ownerUid?: string; deleting?: boolean } = {},
    ): LiveObject {
      return {
        apiVersion,
        kind,
        metadata: {
          name,
          namespace: 'team-a',
          uid: `uid-${kind}-${name}`,
          labels: opts.ours === false ? {} : { [MANAGED_BY_LABEL]: 'ecs2eks' },
          ownerReferences: [{ ...ref, uid: opts.ownerUid ?? 'uid-web' }],
          ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
        },
      };
    }

    it('selects owned objects that are no longer desired, and nothing else', () => {
      const candidates = [
        child('Deployment', 'apps/v1', 'web'), // desired
        child('HorizontalPodAutoscaler', 'autoscaling/v2', 'web'), // no longer desired
        child('Service', 'v1', 'web-old'), // renamed away
        child('Service', 'v1', 'web'), // desired
        child('PodDisruptionBudget', 'policy/v1', 'web', { ownerUid: 'uid-other' }), // another owner
        child('ConfigMap', 'v1', 'web', { ours: false }), // not labelled as ours
        child('ServiceAccount', 'v1', 'web', { deleting: true }), // already going
      ];
      const desired = [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        { apiVersion: 'v1', kind: 'Service', name: 'web' },
      ];
      expect(selectPrunable('uid-web', desired, candidates).map((c) => `${c.kind}/${c.metadata.name}`)).to.deep.equal([
        'HorizontalPodAutoscaler/web',
        'Service/web-old',
      ]);
    });

    it('matches desired objects by group and kind regardless of version', () => {
      const hpa = child('HorizontalPodAutoscaler', 'autoscaling/v2', 'web');
      expect(
        selectPrunable(
          'uid-web',
          [{ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', name: 'web' }],
          [hpa],
        ),
      ).to.deep.equal([]);
    });

    it('prunes everything owned when nothing is desired (deletion is an empty desired set)', () => {
      expect(
        selectPrunable('uid-web', [], [child('Deployment', 'apps/v1', 'web'), child('Service', 'v1', 'web')]),
      ).to.have.length(2);
    });
  });

  describe('ownerIndex', () => {
    it('indexes a child under its controller owner key and ignores other owners', () => {
      const idx = ownerIndex('ecs2eks.dev', 'Service');
      const p = prepareDesired(deployment(), owner);
      expect(idx(p)).to.deep.equal(['team-a/web']);
      expect(ownerIndex('ecs2eks.dev', 'Task')(p)).to.deep.equal([]);
      expect(idx({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' } })).to.deep.equal([]);
    });
  });
});

describe('withDesiredAt', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'a', resourceVersion: '7' },
    spec: {
      replicas: 4,
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:1' },
            { name: 'miner', image: 'evil:1' },
          ],
        },
      },
    },
  } as unknown as LiveObject;
  const desired = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'a' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
  } as KubeObject;

  it('replaces only the drifted value (a container someone added) and keeps the rest, resourceVersion included', () => {
    const path = findDrift(desired, live);
    expect(path).to.equal('spec.template.spec.containers');
    const fixed = withDesiredAt(live, desired, path!);
    expect(fixed).to.deep.equal({
      ...live,
      spec: { replicas: 4, template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
    });
    expect(findDrift(desired, fixed)).to.equal(undefined);
    expect(
      (live as unknown as { spec: { template: { spec: { containers: unknown[] } } } }).spec.template.spec.containers,
    ).to.have.length(2);
  });

  it('follows list indexes and removes a value the desired object does not have', () => {
    const withEnv = structuredClone(live) as unknown as {
      spec: { template: { spec: { containers: Array<Record<string, unknown>> } } };
    };
    withEnv.spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }];
    const fixed = withDesiredAt(
      withEnv as unknown as LiveObject,
      desired,
      'spec.template.spec.containers[0].env',
    ) as unknown as typeof withEnv;
    expect(fixed.spec.template.spec.containers[0]).to.deep.equal({ name: 'app', image: 'app:1' });
    expect(fixed.spec.template.spec.containers).to.have.length(2);
  });

  it('foreignListEntries names a list with entries beyond ours, and nothing for a value the apiserver normalised', () => {
    expect(foreignListEntries(desired, live)).to.equal('spec.template.spec.containers');
    const normalised = structuredClone(live) as unknown as { spec: { template: { spec: { containers: unknown[] } } } };
    normalised.spec.template.spec.containers = [{ name: 'app', image: 'docker.io/library/app:1' }];
    expect(findDrift(desired, normalised)).to.equal('spec.template.spec.containers[0].image');
    expect(foreignListEntries(desired, normalised as unknown as LiveObject)).to.equal(undefined);
  });
});
