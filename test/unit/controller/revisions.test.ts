import { expect } from 'chai';
import {
  inUseRecordFor,
  inUseRecordName,
  isInUseRecord,
  controllerRevisionFor,
  highWaterName,
  highWaterRecordFor,
  issuedTo,
  markUpdate,
  planRevision,
  readHighWater,
  readRevision,
  revisionsToPrune,
  specHashOf,
  type StoredRevision,
} from '../../../src/controller/revisions.js';
import type { TaskDefinitionSpec } from '../../../src/ecs/model.js';

const spec = (image: string): TaskDefinitionSpec => ({ family: 'web', containerDefinitions: [{ name: 'app', image }] });
const stored = (revision: number, image: string): StoredRevision => ({
  name: `web-${revision}`,
  revision,
  hash: specHashOf(spec(image)),
  family: 'web',
  spec: spec(image),
});

describe('task definition revisions', () => {
  it('starts at revision 1', () => {
    expect(planRevision([], specHashOf(spec('a')))).to.deep.equal({ revision: 1, create: true });
  });

  it('keeps the latest revision when the spec did not change (key order ignored)', () => {
    const reordered = { containerDefinitions: [{ image: 'a', name: 'app' }], family: 'web' } as TaskDefinitionSpec;
    expect(planRevision([stored(1, 'a')], specHashOf(reordered))).to.deep.equal({ revision: 1, create: false });
  });

  it('makes a new revision for a changed spec', () => {
    expect(planRevision([stored(1, 'a')], specHashOf(spec('b')))).to.deep.equal({ revision: 2, create: true });
  });

  it('never reuses a number: going back to an earlier spec is a new revision', () => {
    expect(planRevision([stored(1, 'a'), stored(2, 'b')], specHashOf(spec('a')))).to.deep.equal({
      revision: 3,
      create: true,
    });
  });

  it('prunes all but the newest N, sparing revisions in use', () => {
    const revs = [1, 2, 3, 4, 5].map((n) => stored(n, `i${n}`));
    expect(revisionsToPrune(revs, 3, new Set([1])).map((r) => r.revision)).to.deep.equal([2]);
  });

  it('round-trips a revision through its ControllerRevision', () => {
    const cr = controllerRevisionFor('web', 'shop', 'Web_Family', 4, 'abc', spec('x'));
    expect(cr.metadata.name).to.equal('web-4');
    expect(cr.metadata.labels).to.include({ 'ecs2eks.dev/taskdefinition': 'web', 'ecs2eks.dev/family': 'Web_Family' });
    const back = readRevision(cr);
    expect(back).to.deep.include({ revision: 4, hash: 'abc', family: 'Web_Family', spec: spec('x') });
  });

  describe('the family high-water mark (numbers survive a deleted or taken-over TaskDefinition)', () => {
    const a = specHashOf(spec('a'));
    const b = specHashOf(spec('b'));

    it('a re-created TaskDefinition (no revisions of its own) continues above the mark', () => {
      expect(
        planRevision([], b, { revision: 1, issuedTo: issuedTo('old-uid', a) }, issuedTo('new-uid', b)),
      ).to.deep.equal({ revision: 2, create: true });
      // Even with the very same spec as before: the old number went with the old TaskDefinition.
      expect(
        planRevision([], a, { revision: 7, issuedTo: issuedTo('old-uid', a) }, issuedTo('new-uid', a)),
      ).to.deep.equal({ revision: 8, create: true });
    });

    it('a TaskDefinition taking a family over continues above the mark, not above its own revisions', () => {
      expect(planRevision([stored(1, 'a')], b, { revision: 5 }, issuedTo('u', b))).to.deep.equal({
        revision: 6,
        create: true,
      });
    });

    it('the latest revision with the same spec is kept whatever the mark', () => {
      expect(planRevision([stored(3, 'a')], a, { revision: 9 }, issuedTo('u', a))).to.deep.equal({
        revision: 3,
        create: false,
      });
    });

    it('a number issued to this TaskDefinition and spec but never recorded is used, not skipped', () => {
      const mark = { revision: 2, issuedTo: issuedTo('u', b) };
      expect(planRevision([stored(1, 'a')], b, mark, issuedTo('u', b))).to.deep.equal({ revision: 2, create: true });
      // ... but not by another TaskDefinition, nor for another spec.
      expect(planRevision([stored(1, 'a')], b, mark, issuedTo('v', b))).to.deep.equal({ revision: 3, create: true });
      const c = specHashOf(spec('c'));
      expect(planRevision([stored(1, 'a')], c, mark, issuedTo('u', c))).to.deep.equal({ revision: 3, create: true });
    });

    it('a mark below the recorded revisions (a family from before marks) is ignored, then raised', () => {
      expect(planRevision([stored(4, 'a')], b, { revision: 1 }, issuedTo('u', b))).to.deep.equal({
        revision: 5,
        create: true,
      });
      expect(markUpdate({ revision: 1 }, 4, 'u/h')).to.deep.equal({ revision: 4, issuedTo: 'u/h' });
    });

    it('the mark is written only when it must go up', () => {
      expect(markUpdate(undefined, 1, 'u/h')).to.deep.equal({ revision: 1, issuedTo: 'u/h' });
      expect(markUpdate({ revision: 1 }, 2, 'u/h')).to.deep.equal({ revision: 2, issuedTo: 'u/h' });
      expect(markUpdate({ revision: 2 }, 2, 'u/h')).to.equal(undefined);
      expect(markUpdate({ revision: 5 }, 2, 'u/h')).to.equal(undefined);
    });

    it('numbers never repeat through deletions, re-creations and takeovers', () => {
      // A sequence of TaskDefinitions of one family, each registering a few specs, each deleted in turn.
      let mark: { revision: number; issuedTo?: string } | undefined;
      const issued: number[] = [];
      for (const uid of ['u1', 'u2', 'u3']) {
        const revisions: StoredRevision[] = [];
        for (const image of ['a', 'b', 'a']) {
          const h = specHashOf(spec(image));
          const plan = planRevision(revisions, h, mark, issuedTo(uid, h));
          const raise = markUpdate(mark, plan.revision, issuedTo(uid, h));
          if (raise) mark = raise;
          if (plan.create) {
            issued.push(plan.revision);
            revisions.push(stored(plan.revision, image));
          }
        }
      }
      expect(issued).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('round-trips through its ownerless, labelled ControllerRevision, whose name no revision can have', () => {
      const cr = highWaterRecordFor('shop', 'web', 3, 'u/h');
      expect(cr.metadata.name).to.equal('web.revisions');
      expect(cr.metadata.ownerReferences).to.equal(undefined);
      expect(cr.metadata.labels).to.include({
        'app.kubernetes.io/managed-by': 'ecs2eks',
        'ecs2eks.dev/high-water-mark': 'true',
        'ecs2eks.dev/family': 'web',
      });
      expect(readHighWater({ ...cr, metadata: { ...cr.metadata, resourceVersion: '12' } })).to.deep.equal({
        name: 'web.revisions',
        family: 'web',
        revision: 3,
        issuedTo: 'u/h',
        resourceVersion: '12',
      });
      // Not a revision, and a revision is not a mark.
      expect(readRevision(cr)).to.equal(undefined);
      expect(readHighWater(controllerRevisionFor('web', 'shop', 'web', 3, 'h', spec('a')))).to.equal(undefined);
      // A family that is not a valid name gets a valid, distinct one.
      expect(highWaterName('Web_Family')).to.match(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
      expect(highWaterName('Web_Family')).to.not.equal(highWaterName('web-family'));
      expect(highWaterName('Web_Family')).to.not.match(/-\d+$/);
    });
  });
});

describe('in-use revision records', () => {
  const spec = { family: 'web', containerDefinitions: [{ name: 'app', image: 'a' }] } as unknown as TaskDefinitionSpec;
  const stored = { name: 'web-3', revision: 3, hash: 'h3', family: 'web', spec };

  it('reads back as the same revision, and is neither a TaskDefinition revision nor a high-water mark', () => {
    const rec = inUseRecordFor('Service', 'api', 'team-a', stored);
    expect(rec.metadata).to.deep.include({ name: 'api.service.3', namespace: 'team-a' });
    expect(isInUseRecord(rec)).to.equal(true);
    expect(readHighWater(rec)).to.equal(undefined);
    expect(readRevision(rec)).to.deep.include({ revision: 3, hash: 'h3', family: 'web', spec });
    const td = controllerRevisionFor('web', 'team-a', 'web', 3, 'h3', spec);
    expect(isInUseRecord(td)).to.equal(false);
  });

  it('has names that cannot be a revision (`-<n>`) or a mark (`.revisions`), apart for Services and Tasks', () => {
    expect(inUseRecordName('Service', 'web', 1)).to.equal('web.service.1');
    expect(inUseRecordName('Task', 'web', 1)).to.equal('web.task.1');
    expect(inUseRecordName('Service', 'web', 12)).to.not.match(/-\d+$/);
    expect(inUseRecordName('Service', 'x'.repeat(300), 1).length).to.be.at.most(253);
  });
});
