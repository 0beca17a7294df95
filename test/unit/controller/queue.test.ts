import { expect } from 'chai';
import { WorkQueue, type QueueMetrics } from '../../../src/controller/queue.js';
import {
  ItemExponentialBackoff,
  MaxOfRateLimiter,
  BucketRateLimiter,
  TokenBucket,
  defaultControllerRateLimiter,
} from '../../../src/base/ratelimit.js';
import { ManualClock, flush } from './support/manual-clock.js';

function recordingMetrics() {
  const m = {
    adds: 0,
    retries: 0,
    depths: [] as number[],
    queueDurations: [] as number[],
    workDurations: [] as number[],
  };
  const hooks: QueueMetrics = {
    add: () => void m.adds++,
    retry: () => void m.retries++,
    depth: (n) => void m.depths.push(n),
    queueDuration: (s) => void m.queueDurations.push(s),
    workDuration: (s) => void m.workDurations.push(s),
  };
  return { m, hooks };
}

describe('WorkQueue', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
  });

  it('hands out a key added several times only once', async () => {
    const q = new WorkQueue({ clock });
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(q.len()).to.equal(2);
    expect(await q.get()).to.equal('ns/a');
    expect(await q.get()).to.equal('ns/b');
    expect(q.len()).to.equal(0);
  });

  it('never hands the same key to two workers at once', async () => {
    const q = new WorkQueue({ clock });
    q.add('ns/a');
    const first = await q.get();
    q.add('ns/a'); // changed while processing
    let second: string | undefined = 'unset';
    void q.get().then((k) => (second = k));
    await flush();
    expect(first).to.equal('ns/a');
    expect(second, 'a second worker must not receive ns/a while it is processing').to.equal('unset');
    expect(q.len()).to.equal(0);
    q.done('ns/a');
    await flush();
    expect(second).to.equal('ns/a');
  });

  it('re-queues a key added during processing exactly once when it is done', async () => {
    const q = new WorkQueue({ clock });
    q.add('k');
    await q.get();
    q.add('k');
    q.add('k');
    q.add('k');
    expect(q.len()).to.equal(0);
    q.done('k');
    expect(q.len()).to.equal(1);
    expect(await q.get()).to.equal('k');
    q.done('k');
    expect(q.len()).to.equal(0);
  });

  it('does not re-queue a key that was not added again while processing', async () => {
    const q = new WorkQueue({ clock });
    q.add('k');
    await q.get();
    q.done('k');
    expect(q.len()).to.equal(0);
  });

  it('wakes a waiting worker when a key is added', async () => {
    const q = new WorkQueue({ clock });
    const got = q.get();
    q.add('x');
    expect(await got).to.equal('x');
    expect(q.isProcessing('x')).to.equal(true);
  });

  it('adds a key after the requested delay, not before', async () => {
    const q = new WorkQueue({ clock });
    q.addAfter('k', 500);
    expect(q.len()).to.equal(0);
    await clock.advance(499);
    expect(q.len()).to.equal(0);
    await clock.advance(1);
    expect(q.len()).to.equal(1);
  });

  it('keeps only the earliest of several delays for one key', async () => {
    const q = new WorkQueue({ clock });
    q.addAfter('k', 1000);
    q.addAfter('k', 200);
    q.addAfter('k', 5000);
    expect(clock.pendingDelays()).to.deep.equal([200]);
    await clock.advance(200);
    expect(q.len()).to.equal(1);
    await clock.advance(10_000);
    expect(q.len(), 'the superseded delays must not add it again').to.equal(1);
  });

  it('grows the per-key backoff exponentially from 5 ms and forgets it on success', async () => {
    const q = new WorkQueue({ clock, rateLimiter: new ItemExponentialBackoff() });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      q.addRateLimited('k');
      delays.push(clock.pendingDelays()[0]);
      await clock.advance(delays[i]);
      await q.get();
      q.done('k');
    }
    expect(delays).to.deep.equal([5, 10, 20, 40, 80]);
    expect(q.numRequeues('k')).to.equal(5);
    q.forget('k');
    expect(q.numRequeues('k')).to.equal(0);
    q.addRateLimited('k');
    expect(clock.pendingDelays()).to.deep.equal([5]);
  });

  it('honours a minimum delay larger than the backoff', () => {
    const q = new WorkQueue({ clock, rateLimiter: new ItemExponentialBackoff() });
    q.addRateLimited('k', 3000);
    expect(clock.pendingDelays()).to.deep.equal([3000]);
  });

  it('counts adds, retries and depth, and measures queue and work duration', async () => {
    const { m, hooks } = recordingMetrics();
    const q = new WorkQueue({ clock, metrics: hooks, rateLimiter: new ItemExponentialBackoff() });
    q.add('a');
    q.add('a');
    await clock.advance(250);
    await q.get();
    await clock.advance(100);
    q.done('a');
    q.addRateLimited('a');
    expect(m.adds).to.equal(2);
    expect(m.retries).to.equal(1);
    expect(m.depths.at(-1)).to.equal(0);
    expect(m.depths).to.include(1);
    expect(m.queueDurations).to.deep.equal([0.25]);
    expect(m.workDurations).to.deep.equal([0.1]);
  });

  it('stops handing out keys after shutdown and ignores later adds', async () => {
    const q = new WorkQueue({ clock });
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).to.equal(undefined);
    q.add('k');
    q.addAfter('k', 10);
    expect(q.len()).to.equal(0);
    expect(clock.pending()).to.equal(0);
    expect(await q.get()).to.equal(undefined);
  });

  it('drains in-flight keys on shutdown and reports success', async () => {
    const q = new WorkQueue({ clock });
    q.add('a');
    await q.get();
    let drained: boolean | undefined;
    void q.shutDownWithDrain(30_000).then((d) => (drained = d));
    await clock.advance(1000);
    expect(drained).to.equal(undefined);
    q.done('a');
    await flush();
    expect(drained).to.equal(true);
  });

  it('gives up draining after the bound and reports failure', async () => {
    const q = new WorkQueue({ clock });
    q.add('stuck');
    await q.get();
    let drained: boolean | undefined;
    void q.shutDownWithDrain(5000).then((d) => (drained = d));
    await clock.advance(4999);
    expect(drained).to.equal(undefined);
    await clock.advance(1);
    expect(drained).to.equal(false);
    expect(q.inFlightKeys()).to.deep.equal(['stuck']);
  });
});

describe('rate limiters', () => {
  it('caps the per-item backoff at 1000 seconds', () => {
    const b = new ItemExponentialBackoff();
    let last = 0;
    for (let i = 0; i < 100; i++) last = b.when('k');
    expect(last).to.equal(1_000_000);
    // 5 ms × 2^17 = 655 s < cap; 2^18 exceeds it
    const c = new ItemExponentialBackoff();
    const seq = Array.from({ length: 20 }, () => c.when('k'));
    expect(seq[17]).to.equal(655_360);
    expect(seq[18]).to.equal(1_000_000);
  });

  it('keeps separate backoffs per key', () => {
    const b = new ItemExponentialBackoff();
    b.when('a');
    b.when('a');
    expect(b.when('b')).to.equal(5);
    expect(b.when('a')).to.equal(20);
  });

  it('lets a token bucket burst, then spaces reservations at 1/qps', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(10, 3, clock);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).to.deep.equal([0, 0, 0]);
    expect(bucket.reserve()).to.equal(100);
    expect(bucket.reserve()).to.equal(200);
  });

  it('refills the token bucket over time, up to the burst', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(10, 2, clock);
    bucket.reserve();
    bucket.reserve();
    await clock.advance(100);
    expect(bucket.reserve()).to.equal(0);
    await clock.advance(60_000);
    expect(bucket.available()).to.equal(2);
  });

  it('combines per-item backoff and the global bucket by taking the larger delay', () => {
    const clock = new ManualClock();
    const limiter = new MaxOfRateLimiter(
      new ItemExponentialBackoff(),
      new BucketRateLimiter(new TokenBucket(10, 2, clock)),
    );
    expect(limiter.when('a')).to.equal(5); // bucket has tokens: per-item 5 ms wins
    expect(limiter.when('b')).to.equal(5);
    expect(limiter.when('c')).to.equal(100); // bucket exhausted: 100 ms beats 5 ms
    expect(limiter.numRequeues('a')).to.equal(1);
  });

  it('applies the global limit to retries of many different keys (10 qps, burst 100)', () => {
    const clock = new ManualClock();
    const q = new WorkQueue({ clock, rateLimiter: defaultControllerRateLimiter(clock) });
    for (let i = 0; i < 120; i++) q.addRateLimited(`ns/k${i}`);
    const delays = clock.pendingDelays();
    expect(delays.filter((d) => d === 5)).to.have.length(100);
    expect(delays.at(-1)).to.equal(2000); // the 120th retry waits for the 20th refilled token
  });

  it('rejects a bucket without capacity', () => {
    expect(() => new TokenBucket(0, 1, new ManualClock())).to.throw(RangeError);
  });
});
