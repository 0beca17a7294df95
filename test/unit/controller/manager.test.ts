import { expect } from 'chai';
import { Manager, handleSignals, type ManagedCache } from '../../../src/controller/manager.js';
import { Runner, type Reconciler } from '../../../src/controller/runner.js';
import { WorkQueue } from '../../../src/controller/queue.js';
import { ItemExponentialBackoff } from '../../../src/base/ratelimit.js';
import { FakeLeaseApi } from '../kube/support/fake-lease.js';
import { ManualClock, flush } from './support/manual-clock.js';

/** A cache (our own port) whose sync the test triggers. */
class FakeCache implements ManagedCache {
  started = false;
  stopped = false;
  private synced = false;
  private waiters: Array<() => void> = [];
  constructor(readonly name: string) {}
  start(): void {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  hasSynced(): boolean {
    return this.synced;
  }
  sync(): void {
    this.synced = true;
    this.waiters.splice(0).forEach((w) => w());
  }
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      signal?.addEventListener('abort', () => resolve(false), { once: true });
      this.waiters.push(() => resolve(true));
    });
  }
}

function controller(clock: ManualClock, log: string[], id: string) {
  const queue = new WorkQueue({ clock, rateLimiter: new ItemExponentialBackoff() });
  const reconciler: Reconciler = {
    async reconcile({ key }) {
      log.push(`${id} ${key}`);
    },
  };
  return { queue, runner: new Runner({ name: 'service', queue, reconciler, clock }) };
}

describe('Manager', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
  });

  it('starts the caches at once but the controllers only after every cache has synced', async () => {
    const log: string[] = [];
    const caches = [new FakeCache('services'), new FakeCache('deployments')];
    const { queue, runner } = controller(clock, log, 'm');
    const m = new Manager({ caches, runners: [runner], clock });
    await m.start();
    queue.add('ns/web'); // informer handlers enqueue while caches fill
    await flush();
    expect(caches.every((c) => c.started)).to.equal(true);
    expect(log).to.deep.equal([]);
    caches[0].sync();
    await flush();
    expect(m.isRunning()).to.equal(false);
    caches[1].sync();
    await flush();
    expect(m.isRunning()).to.equal(true);
    expect(log).to.deep.equal(['m ns/web']);
    await m.stop();
    expect(caches.every((c) => c.stopped)).to.equal(true);
    expect(await m.done).to.equal('stopped');
  });

  it('runs the controllers only on the leader, and hands over on stop by releasing the Lease', async () => {
    const api = new FakeLeaseApi();
    const log: string[] = [];
    const mk = (id: string) => {
      const cache = new FakeCache(`cache-${id}`);
      cache.sync();
      const c = controller(clock, log, id);
      const m = new Manager({
        caches: [cache],
        runners: [c.runner],
        clock,
        leaderElection: { store: api.storeFor(id), name: 'ecs2eks-leader', identity: id },
      });
      return { m, queue: c.queue };
    };
    const a = mk('a');
    await a.m.start();
    await flush();
    const b = mk('b');
    await b.m.start();
    await clock.advance(5000);
    a.queue.add('ns/x');
    b.queue.add('ns/x');
    await flush();
    expect(log).to.deep.equal(['a ns/x']);
    expect(b.m.isRunning()).to.equal(false);

    await a.m.stop();
    expect(api.holder).to.equal('');
    await clock.advance(5000);
    expect(b.m.isRunning()).to.equal(true);
    await flush();
    expect(log).to.deep.equal(['a ns/x', 'b ns/x']);
    await b.m.stop();
  });

  it('finishes with leadershipLost when the Lease cannot be renewed', async () => {
    const api = new FakeLeaseApi();
    const cache = new FakeCache('c');
    cache.sync();
    const { runner } = controller(clock, [], 'a');
    const m = new Manager({
      caches: [cache],
      runners: [runner],
      clock,
      leaderElection: { store: api.storeFor('a'), name: 'l', identity: 'a' },
    });
    await m.start();
    await flush();
    expect(m.isRunning()).to.equal(true);
    api.failing.add('a');
    let exit: string | undefined;
    void m.done.then((e) => (exit = e));
    await clock.advance(12_000);
    expect(exit).to.equal('leadershipLost');
    expect(cache.stopped).to.equal(true);
  });

  it('drains in-flight reconciles before releasing the Lease', async () => {
    const api = new FakeLeaseApi();
    const cache = new FakeCache('c');
    cache.sync();
    const order: string[] = [];
    let release!: () => void;
    const queue = new WorkQueue({ clock });
    const runner = new Runner({
      name: 'service',
      queue,
      clock,
      reconciler: {
        reconcile: () =>
          new Promise<void>((r) => {
            release = () => {
              order.push(`reconcile finished (holder ${api.holder})`);
              r();
            };
          }),
      },
    });
    const m = new Manager({
      caches: [cache],
      runners: [runner],
      clock,
      leaderElection: { store: api.storeFor('a'), name: 'l', identity: 'a' },
    });
    await m.start();
    await flush();
    queue.add('ns/slow');
    await flush();
    const stopped = m.stop().then(() => order.push(`stopped (holder "${api.holder}")`));
    await flush();
    release();
    await stopped;
    expect(order).to.deep.equal(['reconcile finished (holder a)', 'stopped (holder "")']);
  });

  it('stops gracefully on the first SIGTERM and exits at once on a second one', async () => {
    const cache = new FakeCache('c');
    const m = new Manager({ caches: [cache], runners: [], clock });
    await m.start();
    const exits: number[] = [];
    const off = handleSignals(m, undefined, (code) => exits.push(code));
    try {
      process.emit('SIGTERM');
      process.emit('SIGTERM');
      expect(exits).to.deep.equal([1]);
      expect(await m.done).to.equal('stopped');
      await flush();
      expect(exits).to.deep.equal([1, 0]);
      expect(cache.stopped).to.equal(true);
    } finally {
      off();
    }
  });
});
