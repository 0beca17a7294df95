import { expect } from 'chai';
import { LeaderElector, microTime } from '../../../src/kube/leader.js';
import { FakeLeaseApi } from './support/fake-lease.js';
import { ManualClock, flush } from '../controller/support/manual-clock.js';

interface Candidate {
  elector: LeaderElector;
  started: number;
  stopped: number;
  done: Promise<void>;
  finished: boolean;
}

describe('LeaderElector', () => {
  let clock: ManualClock;
  let api: FakeLeaseApi;

  function candidate(identity: string): Candidate {
    const c: Candidate = { started: 0, stopped: 0, finished: false } as Candidate;
    c.elector = new LeaderElector({
      name: 'ecs2eks-leader',
      identity,
      store: api.storeFor(identity),
      clock,
      random: () => 0,
      onStartedLeading: () => void c.started++,
      onStoppedLeading: () => void c.stopped++,
    });
    c.done = c.elector.run().then(() => void (c.finished = true));
    return c;
  }

  beforeEach(() => {
    clock = new ManualClock();
    api = new FakeLeaseApi();
  });

  it('creates the Lease when absent, leads, and renews it every retry period', async () => {
    const a = candidate('a');
    await flush();
    expect(a.elector.isLeader()).to.equal(true);
    expect(a.started).to.equal(1);
    expect(api.lease?.spec).to.include({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 });
    const firstRenew = api.lease!.spec!.renewTime;
    await clock.advance(2000);
    expect(api.lease!.spec!.renewTime).to.not.equal(firstRenew);
    expect(api.lease!.spec!.acquireTime, 'acquireTime stays while we hold it').to.equal(microTime(1_000_000));
    expect(api.writes.filter((w) => w.by === 'a')).to.have.length(2);
    await a.elector.stop();
  });

  it('keeps a standby waiting while the leader renews', async () => {
    const a = candidate('a');
    await flush();
    const b = candidate('b');
    await clock.advance(120_000);
    expect(a.elector.isLeader()).to.equal(true);
    expect(b.elector.isLeader()).to.equal(false);
    expect(b.started).to.equal(0);
    expect(api.writes.some((w) => w.by === 'b')).to.equal(false);
    await b.elector.stop();
    await a.elector.stop();
  });

  it('releases the Lease on stop so that a standby takes over at its next retry', async () => {
    const a = candidate('a');
    await flush();
    const b = candidate('b');
    await clock.advance(10_000);
    await a.elector.stop();
    expect(a.stopped).to.equal(1);
    expect(a.finished).to.equal(true);
    expect(api.holder).to.equal('');
    await clock.advance(2000);
    expect(b.elector.isLeader()).to.equal(true);
    expect(api.lease?.spec).to.include({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.elector.stop();
  });

  it('takes over from a leader that died without releasing only after the lease duration', async () => {
    candidate('a');
    await flush();
    const b = candidate('b');
    await flush();
    // "SIGKILL": a stops renewing and never releases.
    api.hanging.add('a');
    await clock.advance(14_000);
    expect(b.elector.isLeader(), 'the lease has not expired yet').to.equal(false);
    await clock.advance(4_000);
    expect(b.elector.isLeader()).to.equal(true);
    expect(api.holder).to.equal('b');
    await b.elector.stop();
  });

  it('stops leading when renewals fail for the renew deadline, and does not release', async () => {
    const a = candidate('a');
    await flush();
    api.failing.add('a');
    await clock.advance(8_000);
    expect(a.elector.isLeader(), 'still within the renew deadline').to.equal(true);
    await clock.advance(2_000);
    expect(a.elector.isLeader()).to.equal(false);
    expect(a.stopped).to.equal(1);
    expect(a.finished).to.equal(true);
    expect(api.holder, 'a partitioned leader cannot release; the lease expires instead').to.equal('a');
  });

  it('stops leading before the lease expires when renew requests hang', async () => {
    const a = candidate('a');
    await flush();
    const b = candidate('b');
    await flush();
    api.hanging.add('a');
    await clock.advance(10_000);
    expect(a.elector.isLeader()).to.equal(false);
    expect(b.elector.isLeader(), 'b may only lead after the lease expired').to.equal(false);
    await clock.advance(6_000);
    expect(b.elector.isLeader()).to.equal(true);
    await b.elector.stop();
  });

  it('lets exactly one of two simultaneous candidates win', async () => {
    const a = candidate('a');
    const b = candidate('b');
    await clock.advance(30_000);
    expect([a.elector.isLeader(), b.elector.isLeader()].filter(Boolean)).to.have.length(1);
    expect(a.started + b.started).to.equal(1);
    await a.elector.stop();
    await b.elector.stop();
  });

  it('stops at once when it sees the Lease held by someone else', async () => {
    const a = candidate('a');
    await flush();
    api.lease = {
      ...api.lease!,
      metadata: { ...api.lease!.metadata, resourceVersion: '999' },
      spec: { ...api.lease!.spec, holderIdentity: 'intruder', renewTime: microTime(clock.now()) },
    };
    await clock.advance(2000);
    expect(a.elector.isLeader()).to.equal(false);
    expect(a.stopped).to.equal(1);
    expect(api.holder, 'it must not release a lease it no longer holds').to.equal('intruder');
  });

  it('aborts the leadership signal when leadership ends', async () => {
    let signal: AbortSignal | undefined;
    const e = new LeaderElector({
      name: 'l',
      identity: 'a',
      store: api.storeFor('a'),
      clock,
      onStartedLeading: (s) => void (signal = s),
      onStoppedLeading: () => {},
    });
    void e.run();
    await flush();
    expect(signal?.aborted).to.equal(false);
    await e.stop();
    expect(signal?.aborted).to.equal(true);
  });

  it('rejects timings where the renew deadline is not shorter than the lease', () => {
    const base = { name: 'l', store: api.storeFor('x'), onStartedLeading() {}, onStoppedLeading() {} };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).to.throw(RangeError);
    expect(() => new LeaderElector({ ...base, retryPeriodMs: 10_000 })).to.throw(RangeError);
  });

  it('writes MicroTime with six fractional digits', () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).to.equal('2026-01-02T03:04:05.678000Z');
  });
});
