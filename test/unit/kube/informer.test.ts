import { expect } from 'chai';
import { Registry } from 'prom-client';
import { Informer, jitteredBackoff, type ListerWatcher } from '../../../src/kube/informer.js';
import type { WatchEvent, WatchStream } from '../../../src/kube/client.js';
import type { ObjectList } from '../../../src/kube/api.js';
import { createMetrics, type OperatorMetrics } from '../../../src/base/metrics.js';
import { ManualClock, flush } from '../controller/support/manual-clock.js';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion: string; labels?: Record<string, string> };
  spec?: { family?: string };
}

function obj(name: string, rv: string, extra: Partial<Obj> = {}): Obj {
  return {
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'Service',
    metadata: { name, namespace: 'ns', resourceVersion: rv },
    ...extra,
  };
}

interface FakeWatch {
  opts: { resourceVersion: string; timeoutSeconds: number; allowWatchBookmarks: boolean };
  emit(type: WatchEvent['type'], object: unknown): void;
  close(): void;
  fail(err: unknown): void;
  aborted: boolean;
}

/** An in-memory ListerWatcher (our own port): lists return `items`, watches are driven by the test. */
class FakeLW implements ListerWatcher<Obj> {
  items: Obj[] = [];
  rv = '100';
  lists: Array<{ limit?: number; continue?: string }> = [];
  watches: FakeWatch[] = [];
  /** Scripted list responses, used before falling back to `items`. */
  listScript: Array<(opts: { limit?: number; continue?: string }) => Promise<ObjectList<Obj>>> = [];

  list(opts: { limit?: number; continue?: string }): Promise<ObjectList<Obj>> {
    this.lists.push(opts);
    const scripted = this.listScript.shift();
    if (scripted) return scripted(opts);
    return Promise.resolve({ items: [...this.items], metadata: { resourceVersion: this.rv } });
  }

  watch(opts: FakeWatch['opts'], onEvent: (e: WatchEvent<Obj>) => void): WatchStream {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const w: FakeWatch = {
      opts,
      aborted: false,
      emit: (type, object) => onEvent({ type, object: object as Obj }),
      close: () => resolve(),
      fail: (err) => reject(err),
    };
    this.watches.push(w);
    return {
      done,
      abort: () => {
        w.aborted = true;
        resolve();
      },
    };
  }

  get current(): FakeWatch {
    return this.watches.at(-1)!;
  }
}

function recorder() {
  const events: string[] = [];
  return {
    events,
    handler: {
      onAdd: (o: Obj) => events.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`),
      onUpdate: (a: Obj, b: Obj) =>
        events.push(`update ${a.metadata.name}@${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
      onDelete: (o: Obj) => events.push(`delete ${o.metadata.name}`),
    },
  };
}

async function counter(m: OperatorMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await m.registry.getMetricsAsJSON()).find((x) => x.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((a, v) => a + v.value, 0);
}

describe('Informer', () => {
  let clock: ManualClock;
  let lw: FakeLW;
  let metrics: OperatorMetrics;
  let informer: Informer<Obj>;

  function make(opts: Partial<ConstructorParameters<typeof Informer<Obj>>[0]> = {}): Informer<Obj> {
    informer = new Informer<Obj>({ name: 'services.ecs2eks.dev', lw, clock, metrics, random: () => 0.5, ...opts });
    return informer;
  }

  beforeEach(() => {
    clock = new ManualClock();
    lw = new FakeLW();
    metrics = createMetrics(new Registry());
  });
  afterEach(async () => {
    await informer?.stop();
  });

  it('lists, fills the cache, reports synced, then watches from the list resourceVersion with a timeout and bookmarks', async () => {
    lw.items = [obj('a', '10'), obj('b', '11')];
    const r = recorder();
    make({ watchTimeoutSeconds: 300 });
    informer.addEventHandler(r.handler);
    expect(informer.hasSynced()).to.equal(false);
    informer.start();
    await flush();
    expect(informer.hasSynced()).to.equal(true);
    expect(r.events).to.deep.equal(['add a@10', 'add b@11']);
    expect(lw.lists).to.deep.equal([{ limit: 500 }]);
    expect(lw.watches).to.have.length(1);
    expect(lw.current.opts.resourceVersion).to.equal('100');
    expect(lw.current.opts.allowWatchBookmarks).to.equal(true);
    expect(lw.current.opts.timeoutSeconds).to.equal(450); // 300 × (1 + 0.5): jittered in [300, 600)
    expect(informer.get('ns', 'a')?.metadata.resourceVersion).to.equal('10');
    expect(informer.list('ns')).to.have.length(2);
    expect(informer.list('other')).to.have.length(0);
  });

  it('applies watch events to the cache and passes the old object on update', async () => {
    make();
    const r = recorder();
    informer.addEventHandler(r.handler);
    informer.start();
    await flush();
    lw.current.emit('ADDED', obj('a', '101'));
    lw.current.emit('MODIFIED', obj('a', '102'));
    lw.current.emit('MODIFIED', obj('a', '102')); // same resourceVersion: no event
    lw.current.emit('DELETED', obj('a', '103'));
    lw.current.emit('DELETED', obj('never-seen', '104'));
    expect(r.events).to.deep.equal(['add a@101', 'update a@101->102', 'delete a']);
    expect(informer.get('ns', 'a')).to.equal(undefined);
    expect(informer.lastSyncResourceVersion()).to.equal('104');
  });

  it('resumes the watch from the last bookmark after a normal close, without relisting', async () => {
    make();
    informer.start();
    await flush();
    lw.current.emit('BOOKMARK', {
      kind: 'Service',
      apiVersion: 'ecs2eks.dev/v1alpha1',
      metadata: { resourceVersion: '250' },
    });
    await clock.advance(300_000);
    lw.current.close();
    await flush();
    expect(lw.lists).to.have.length(1);
    expect(lw.watches).to.have.length(2);
    expect(lw.current.opts.resourceVersion).to.equal('250');
  });

  it('backs off instead of reconnecting in a loop when a watch closes at once with no events', async () => {
    make();
    informer.start();
    await flush();
    lw.current.close();
    await flush();
    expect(lw.watches).to.have.length(1);
    await clock.advance(799);
    expect(lw.watches).to.have.length(1);
    await clock.advance(1);
    expect(lw.watches).to.have.length(2);
  });

  it('relists at once on an in-stream 410 and fires delete for objects gone, update for changed ones only', async () => {
    lw.items = [obj('a', '10'), obj('b', '11'), obj('c', '12')];
    make();
    const r = recorder();
    informer.addEventHandler(r.handler);
    informer.start();
    await flush();
    r.events.length = 0;
    lw.items = [obj('a', '10'), obj('b', '20'), obj('d', '21')];
    lw.rv = '300';
    lw.current.emit('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
    await flush();
    expect(lw.current.opts.resourceVersion).to.equal('300');
    expect(lw.lists).to.have.length(2);
    expect(r.events).to.have.members(['update b@11->20', 'add d@21', 'delete c']);
    expect(await counter(metrics, 'ecs2eks_informer_relists_total', { reason: 'expired' })).to.equal(1);
  });

  it('relists at once when the watch request itself fails with HTTP 410', async () => {
    make();
    informer.start();
    await flush();
    lw.current.fail(Object.assign(new Error('Gone'), { statusCode: 410 }));
    await flush();
    expect(lw.lists).to.have.length(2);
    expect(lw.watches).to.have.length(2);
  });

  it('restarts a failed watch with growing jittered backoff and resumes from the last resourceVersion', async () => {
    make();
    informer.start();
    await flush();
    lw.current.emit('ADDED', obj('a', '150'));
    lw.current.fail(Object.assign(new Error('Internal Server Error'), { statusCode: 500 }));
    await flush();
    await clock.advance(799);
    expect(lw.watches).to.have.length(1);
    await clock.advance(1);
    expect(lw.watches).to.have.length(2);
    expect(lw.current.opts.resourceVersion).to.equal('150');
    lw.current.fail(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
    await clock.advance(1599);
    expect(lw.watches).to.have.length(2);
    await clock.advance(1);
    expect(lw.watches).to.have.length(3);
    expect(lw.lists, 'errors other than 410 do not force a relist').to.have.length(1);
    expect(await counter(metrics, 'ecs2eks_informer_watch_restarts_total', { reason: 'error' })).to.equal(2);
  });

  it('treats an in-stream ERROR other than 410 as a failure with backoff', async () => {
    make();
    informer.start();
    await flush();
    lw.current.emit('ERROR', { kind: 'Status', code: 500, message: 'etcd unavailable' });
    await flush();
    expect(lw.current.aborted).to.equal(true);
    expect(lw.watches).to.have.length(1);
    await clock.advance(800);
    expect(lw.watches).to.have.length(2);
  });

  it('keeps retrying a failing initial list and reports synced only after it succeeds', async () => {
    lw.listScript = [
      () => Promise.reject(Object.assign(new Error('forbidden'), { code: 403 })),
      () => Promise.reject(new Error('ECONNREFUSED')),
    ];
    lw.items = [obj('a', '1')];
    make();
    informer.start();
    await flush();
    expect(informer.hasSynced()).to.equal(false);
    await clock.advance(800);
    expect(lw.lists).to.have.length(2);
    expect(informer.hasSynced()).to.equal(false);
    await clock.advance(1600);
    expect(lw.lists).to.have.length(3);
    expect(informer.hasSynced()).to.equal(true);
    expect(informer.get('ns', 'a')).to.not.equal(undefined);
  });

  it('follows continue tokens, and falls back to a full list when a token expires', async () => {
    const page = (items: Obj[], cont?: string) => () =>
      Promise.resolve({ items, metadata: { resourceVersion: '500', ...(cont ? { continue: cont } : {}) } });
    lw.listScript = [
      page([obj('a', '1')], 't1'),
      () => Promise.reject(Object.assign(new Error('expired'), { code: 410 })),
    ];
    lw.items = [obj('a', '1'), obj('b', '2')];
    make({ pageSize: 1 });
    informer.start();
    await flush();
    expect(lw.lists).to.deep.equal([{ limit: 1 }, { limit: 1, continue: 't1' }, {}]);
    expect(informer.keys().sort()).to.deep.equal(['ns/a', 'ns/b']);
  });

  it('relists when no event or bookmark arrives for the staleness period, and not while events flow', async () => {
    make({ staleAfterMs: 60_000 });
    informer.start();
    await flush();
    await clock.advance(50_000);
    lw.current.emit('BOOKMARK', { metadata: { resourceVersion: '120' } });
    await clock.advance(50_000);
    expect(lw.lists, 'a bookmark 50 s ago keeps the watch fresh').to.have.length(1);
    await clock.advance(10_000);
    expect(lw.watches[0].aborted).to.equal(true);
    expect(lw.lists).to.have.length(2);
    expect(lw.watches).to.have.length(2);
    expect(await counter(metrics, 'ecs2eks_informer_relists_total', { reason: 'stale' })).to.equal(1);
  });

  it('re-fires update for every cached object on each resync period', async () => {
    lw.items = [obj('a', '1'), obj('b', '2')];
    make({ resyncPeriodMs: 600_000, staleAfterMs: 0 });
    const r = recorder();
    informer.addEventHandler(r.handler);
    informer.start();
    await flush();
    r.events.length = 0;
    await clock.advance(600_000);
    expect(r.events).to.deep.equal(['update a@1->1', 'update b@2->2']);
    await clock.advance(600_000);
    expect(r.events).to.have.length(4);
  });

  it('answers index queries and keeps indexes current through updates and deletes', async () => {
    lw.items = [
      obj('web', '1', { spec: { family: 'web' } }),
      obj('web-canary', '2', { spec: { family: 'web' } }),
      obj('api', '3', { spec: { family: 'api' } }),
    ];
    make();
    informer.addIndex('family', (o) => (o.spec?.family ? [o.spec.family] : []));
    informer.start();
    await flush();
    const names = (v: string) =>
      informer
        .byIndex('family', v)
        .map((o) => o.metadata.name)
        .sort();
    expect(names('web')).to.deep.equal(['web', 'web-canary']);
    lw.current.emit('MODIFIED', obj('web-canary', '4', { spec: { family: 'api' } }));
    lw.current.emit('DELETED', obj('web', '5'));
    expect(names('web')).to.deep.equal([]);
    expect(names('api')).to.deep.equal(['api', 'web-canary']);
  });

  it('indexes objects already cached when an index is added later', async () => {
    lw.items = [obj('a', '1', { spec: { family: 'x' } })];
    make();
    informer.start();
    await flush();
    informer.addIndex('family', (o) => [o.spec!.family!]);
    expect(informer.byIndex('family', 'x')).to.have.length(1);
    expect(() => informer.byIndex('nope', 'x')).to.throw(/no index/);
  });

  it('replays adds to a handler registered after the cache is filled', async () => {
    lw.items = [obj('a', '1')];
    make();
    informer.start();
    await flush();
    const r = recorder();
    informer.addEventHandler(r.handler);
    expect(r.events).to.deep.equal(['add a@1']);
  });

  it('keeps running when a handler throws', async () => {
    make();
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    const r = recorder();
    informer.addEventHandler(r.handler);
    informer.start();
    await flush();
    lw.current.emit('ADDED', obj('a', '101'));
    expect(r.events).to.deep.equal(['add a@101']);
  });

  it('stops: aborts the watch and makes no further requests', async () => {
    make({ resyncPeriodMs: 1000 });
    informer.start();
    await flush();
    await informer.stop();
    expect(lw.current.aborted).to.equal(true);
    await clock.advance(3_600_000);
    expect(lw.watches).to.have.length(1);
    expect(lw.lists).to.have.length(1);
    expect(clock.pending()).to.equal(0);
  });

  it('resolves waitForSync when the first list completes', async () => {
    make();
    let synced: boolean | undefined;
    void informer.waitForSync().then((s) => (synced = s));
    await flush();
    expect(synced).to.equal(undefined);
    informer.start();
    await flush();
    expect(synced).to.equal(true);
  });
});

describe('jitteredBackoff', () => {
  it('doubles from the base, caps at the maximum and jitters by ±20%', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => jitteredBackoff(n, 800, 30_000, mid))).to.deep.equal([
      800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000,
    ]);
    expect(jitteredBackoff(1, 1000, 30_000, () => 0)).to.equal(800);
    expect(jitteredBackoff(1, 1000, 30_000, () => 0.999999)).to.equal(1200);
  });
});
