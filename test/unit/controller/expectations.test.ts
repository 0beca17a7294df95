// The cache may show a pod the operator just created only after the next reconcile has run. Without
// an expectation that pass reads "no pod" as "stopped" (UserInitiated) while the pod runs.
import { expect } from 'chai';
import { Expectations } from '../../../src/controller/expectations.js';
import { computeTaskStatus } from '../../../src/controller/task-status.js';

describe('expectations of created pods', () => {
  it('waits for a created pod until the cache shows it, then forgets it', () => {
    let now = 0;
    const e = new Expectations(() => now, 30_000);
    expect(e.awaiting('ns/job-0', false), 'nothing created').to.equal(false);
    e.expect('ns/job-0');
    expect(e.awaiting('ns/job-0', false), 'a slow cache: not there yet').to.equal(true);
    now += 1_000;
    expect(e.awaiting('ns/job-0', false)).to.equal(true);
    expect(e.awaiting('ns/job-0', true), 'the cache caught up').to.equal(false);
    expect(e.awaiting('ns/job-0', false), 'forgotten once seen: a later absence is real').to.equal(false);
  });

  it('gives up after the time-to-live, so a lost watch event never stalls the task', () => {
    let now = 0;
    const e = new Expectations(() => now, 30_000);
    e.expect('ns/job-0');
    now += 30_001;
    expect(e.awaiting('ns/job-0', false)).to.equal(false);
  });

  it('is needed: the status alone reads a missing pod after PROVISIONING as stopped by the user', () => {
    const base = {
      family: 'job',
      revision: 1,
      count: 1,
      expectedPods: ['job-0'],
      generation: 1,
    };
    const first = computeTaskStatus({ ...base, pods: [], previous: undefined, now: '2026-11-30T00:00:00Z' });
    expect(first.status.lastStatus).to.equal('PROVISIONING');
    // The pod was created, but a slow cache does not show it to the next pass.
    const next = computeTaskStatus({ ...base, pods: [], previous: first.status, now: '2026-11-30T00:00:01Z' });
    expect(next.status.stopCode, 'what the reconciler must not compute before the cache catches up').to.equal(
      'UserInitiated',
    );
  });
});
