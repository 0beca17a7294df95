import { expect } from 'chai';
import {
  controllerRevisionFor,
  planRevision,
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
});
