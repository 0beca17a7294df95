// Issue 16 item 5, at the reconciler: a Task's pod was just created, and the cache has not shown it
// yet when the next reconcile runs (the Task's own status write wakes it first). That pass must wait
// for the cache instead of reading "no pod" as "stopped by the user". The caches here are small
// in-memory fakes that answer only what the task reconciler asks, so the watch can be held back.
import { expect } from 'chai';
import pino from 'pino';
import type { LiveObject } from '../../../src/kube/api.js';
import { BY_FAMILY, BY_OWNER, BY_USER, type Caches } from '../../../src/controller/caches.js';
import { Expectations } from '../../../src/controller/expectations.js';
import { controllerRevisionFor } from '../../../src/controller/revisions.js';
import type { ReconcileEnv } from '../../../src/controller/reconcilers/env.js';
import { taskReconciler } from '../../../src/controller/reconcilers/task.js';
import type { Result } from '../../../src/controller/runner.js';
import { defaultOptions } from '../../../src/translate/index.js';
import type { TaskStatus } from '../../../src/api/resources.js';

const NS = 'shop';
const SPEC = {
  family: 'job',
  containerDefinitions: [{ name: 'app', image: 'registry.example.com/job:1', memory: 128 }],
};

/** A cache of objects with the indexes the task reconciler reads. */
function cache(objects: () => LiveObject[], index: (o: LiveObject, name: string) => string[]) {
  return {
    get: (ns: string, name: string) => objects().find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    byIndex: (name: string, key: string) => objects().filter((o) => index(o, name).includes(key)),
  };
}

function world() {
  const td: LiveObject = {
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'TaskDefinition',
    metadata: { name: 'job', namespace: NS, uid: 'td-uid', creationTimestamp: '2026-11-30T00:00:00Z' },
    spec: SPEC,
  };
  const revision = {
    ...controllerRevisionFor('job', NS, 'job', 1, 'hash-1', SPEC),
    metadata: {
      ...controllerRevisionFor('job', NS, 'job', 1, 'hash-1', SPEC).metadata,
      ownerReferences: [
        { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'TaskDefinition', name: 'job', uid: 'td-uid', controller: true },
      ],
    },
  } as LiveObject;
  const task: LiveObject = {
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 'once', namespace: NS, uid: 'task-uid', generation: 1, resourceVersion: '1' },
    spec: { taskDefinition: 'job' },
  };
  const state = { task, pods: [] as LiveObject[], created: [] as LiveObject[], writes: [] as TaskStatus[] };
  const caches = {
    tasks: cache(
      () => [state.task],
      () => [],
    ),
    taskDefinitions: cache(
      () => [td],
      (o, i) => (i === BY_FAMILY ? [`${NS}/job`] : []),
    ),
    controllerRevisions: cache(
      () => [revision],
      (o, i) => (i === BY_OWNER ? [`${NS}/job`] : i === BY_USER ? [] : []),
    ),
    pods: cache(
      () => state.pods,
      (o, i) => (i === BY_OWNER ? [`${NS}/once`] : []),
    ),
  } as unknown as Caches;
  let now = Date.parse('2026-11-30T00:00:10Z');
  const env = {
    api: { mergePatch: async () => ({}), delete: async () => ({}), list: async () => ({ items: [] }) },
    caches,
    applier: {
      applyAll: async (_owner: unknown, desired: LiveObject[]) =>
        desired.map((o) => {
          if (o.kind === 'Pod') state.created.push(o);
          return { kind: o.kind, name: o.metadata.name, status: 'created' };
        }),
    },
    status: {
      behind: () => false,
      patchIfChanged: async (_cr: LiveObject, status: TaskStatus) => {
        state.writes.push(status);
        // The Task's own watch event arrives at once; the pod's is held back by the test.
        state.task = { ...state.task, status };
        return state.task;
      },
    },
    events: { record: async () => undefined },
    translateOptions: () => defaultOptions({ namespace: NS }),
    volumeKinds: [],
    clock: { now: () => now },
    revisionHistoryLimit: 10,
    stoppedTasks: { retentionMs: 3_600_000, kept: 10 },
    expectations: new Expectations(() => now),
    log: pino({ level: 'silent' }),
  } as unknown as ReconcileEnv;
  const reconcile = (): Promise<Result | void> =>
    taskReconciler(env).reconcile({ namespace: NS, name: 'once', log: env.log } as never);
  return { state, reconcile, tick: (ms: number) => (now += ms) };
}

describe('task reconciler with a slow pod cache (issue 16 item 5)', () => {
  it('waits for the pod it created instead of reporting the task stopped by the user', async () => {
    const w = world();
    await w.reconcile();
    expect(
      w.state.created.map((p) => p.metadata.name),
      'the pod is created',
    ).to.deep.equal(['once-0']);
    expect(w.state.writes.at(-1)?.lastStatus).to.equal('PROVISIONING');

    // The Task's status write wakes a second pass; the pod is not in the cache yet.
    w.tick(100);
    const again = await w.reconcile();
    // Without the expectation this pass wrote STOPPED with stopCode UserInitiated while the pod ran.
    expect(w.state.writes.map((s) => s.lastStatus)).to.not.include('STOPPED');
    expect(again?.requeueAfterMs, 'waits for the cache').to.be.a('number');

    // The pod's watch event arrives: the task is what the pod says.
    w.state.pods = [
      {
        ...w.state.created[0],
        metadata: {
          ...w.state.created[0].metadata,
          uid: 'pod-uid',
          ownerReferences: [
            { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'Task', name: 'once', uid: 'task-uid', controller: true },
          ],
        },
        status: { phase: 'Pending' },
      },
    ];
    w.tick(100);
    await w.reconcile();
    expect(w.state.writes.at(-1)?.lastStatus).to.be.oneOf(['PROVISIONING', 'PENDING']);
    expect(w.state.writes.map((s) => s.stopCode ?? null)).to.not.include('UserInitiated');
  });
});
