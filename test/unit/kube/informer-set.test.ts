import { expect } from 'chai';
import { NamespacedInformers } from '../../../src/kube/informer-set.js';
import { Informer, type ListerWatcher } from '../../../src/kube/informer.js';
import type { WatchStream } from '../../../src/kube/client.js';
import { ManualClock, flush } from '../controller/support/manual-clock.js';

interface Obj {
  metadata: { name: string; namespace: string; resourceVersion: string; labels?: Record<string, string> };
}

/** A ListerWatcher over a fixed list whose watches stay open until aborted. */
function staticLW(items: Obj[], lists: string[], ns: string): ListerWatcher<Obj> {
  return {
    list: async () => {
      lists.push(ns);
      return { items: items.filter((o) => !ns || o.metadata.namespace === ns), metadata: { resourceVersion: '1' } };
    },
    watch: (): WatchStream => {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      return { done, abort: () => resolve() };
    },
  };
}

describe('NamespacedInformers', () => {
  const items: Obj[] = [
    { metadata: { name: 'a', namespace: 'team-a', resourceVersion: '1', labels: { f: 'web' } } },
    { metadata: { name: 'b', namespace: 'team-b', resourceVersion: '1', labels: { f: 'web' } } },
    { metadata: { name: 'c', namespace: 'team-c', resourceVersion: '1' } },
  ];

  function make(namespaces: string[], lists: string[]) {
    const clock = new ManualClock();
    return new NamespacedInformers<Obj>(
      'things',
      namespaces,
      (ns) => new Informer<Obj>({ name: `things/${ns}`, lw: staticLW(items, lists, ns), clock, staleAfterMs: 0 }),
    );
  }

  it('uses one all-namespaces informer when no namespace is configured', async () => {
    const lists: string[] = [];
    const set = make([], lists);
    set.start();
    await flush();
    expect(lists).to.deep.equal(['']);
    expect(set.keys().sort()).to.deep.equal(['team-a/a', 'team-b/b', 'team-c/c']);
    expect(set.get('team-c', 'c')).to.not.equal(undefined);
    await set.stop();
  });

  it('uses one informer per configured namespace and sees only those namespaces', async () => {
    const lists: string[] = [];
    const set = make(['team-a', 'team-b'], lists);
    set.addIndex('f', (o) => (o.metadata.labels?.f ? [o.metadata.labels.f] : []));
    const added: string[] = [];
    set.addEventHandler({ onAdd: (o) => added.push(o.metadata.name) });
    expect(set.hasSynced()).to.equal(false);
    set.start();
    expect(await set.waitForSync()).to.equal(true);
    expect(lists.sort()).to.deep.equal(['team-a', 'team-b']);
    expect(added.sort()).to.deep.equal(['a', 'b']);
    expect(set.get('team-c', 'c'), 'an unwatched namespace').to.equal(undefined);
    expect(set.getByKey('team-b/b')?.metadata.name).to.equal('b');
    expect(set.list('team-a').map((o) => o.metadata.name)).to.deep.equal(['a']);
    expect(set.list()).to.have.length(2);
    expect(
      set
        .byIndex('f', 'web')
        .map((o) => o.metadata.name)
        .sort(),
    ).to.deep.equal(['a', 'b']);
    expect(
      set
        .informers()
        .map((i) => i.name)
        .sort(),
    ).to.deep.equal(['things/team-a', 'things/team-b']);
    await set.stop();
  });
});
