import { expect } from 'chai';
import { Registry } from 'prom-client';
import { ApiException } from '@kubernetes/client-node';
import { Runner, type ReconcileContext, type Reconciler, type Result } from '../../../src/controller/runner.js';
import { WorkQueue } from '../../../src/controller/queue.js';
import { ItemExponentialBackoff } from '../../../src/base/ratelimit.js';
import { RequeueAfter, UserError } from '../../../src/base/errors.js';
import type { UserVisible } from '../../../src/controller/errors.js';
import { createMetrics, type OperatorMetrics } from '../../../src/base/metrics.js';
import { queueMetricsFor } from '../../../src/controller/queue-metrics.js';
import { ManualClock, flush } from './support/manual-clock.js';

/** A reconciler whose behaviour per call is scripted by the test. */
function scripted(steps: Array<(ctx: ReconcileContext) => Promise<Result | void>>) {
  const calls: ReconcileContext[] = [];
  const reported: Array<{ key: string; user: UserVisible }> = [];
  const reconciler: Reconciler = {
    async reconcile(ctx) {
      calls.push(ctx);
      const step = steps[Math.min(calls.length - 1, steps.length - 1)];
      return step(ctx);
    },
    async reportUserError(ctx, user) {
      reported.push({ key: ctx.key, user });
    },
  };
  return { reconciler, calls, reported };
}

async function metricValue(
  m: OperatorMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const json = await m.registry.getMetricsAsJSON();
  const metric = json.find((x) => x.name === name);
  const v = (
    metric?.values as Array<{ labels: Record<string, string>; value: number; metricName?: string }> | undefined
  )?.find(
    (v) =>
      Object.entries(labels).every(([k, val]) => v.labels[k] === val) &&
      (v.metricName === undefined || v.metricName === name || v.metricName === `${name}_count`),
  );
  return v?.value;
}

describe('Runner', () => {
  let clock: ManualClock;
  let metrics: OperatorMetrics;
  let queue: WorkQueue;
  beforeEach(() => {
    clock = new ManualClock();
    metrics = createMetrics(new Registry());
    queue = new WorkQueue({
      clock,
      rateLimiter: new ItemExponentialBackoff(),
      metrics: queueMetricsFor(metrics, 'service'),
    });
  });

  it('passes the key split into namespace and name, and forgets the backoff on success', async () => {
    const s = scripted([async () => {}]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('team-a/web');
    await flush();
    expect(s.calls).to.have.length(1);
    expect(s.calls[0]).to.include({ key: 'team-a/web', namespace: 'team-a', name: 'web' });
    expect(s.calls[0].reconcileID).to.match(/^[0-9a-f]{16}$/);
    expect(queue.numRequeues('team-a/web')).to.equal(0);
    expect(
      await metricValue(metrics, 'controller_runtime_reconcile_total', { controller: 'service', result: 'success' }),
    ).to.equal(1);
    await runner.stop();
  });

  it('retries a failing reconcile with growing backoff until it succeeds, then forgets', async () => {
    const boom = async (): Promise<void> => {
      throw new ApiException(503, 'unavailable', {}, {});
    };
    const s = scripted([boom, boom, async () => {}]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('ns/a');
    await flush();
    expect(s.calls).to.have.length(1);
    expect(clock.pendingDelays()).to.deep.equal([5]);
    await clock.advance(5);
    expect(s.calls).to.have.length(2);
    expect(clock.pendingDelays()).to.deep.equal([10]);
    await clock.advance(10);
    expect(s.calls).to.have.length(3);
    expect(queue.numRequeues('ns/a')).to.equal(0);
    expect(clock.pending()).to.equal(0);
    expect(await metricValue(metrics, 'controller_runtime_reconcile_errors_total', { controller: 'service' })).to.equal(
      2,
    );
    expect(await metricValue(metrics, 'workqueue_retries_total', { name: 'service' })).to.equal(2);
    await runner.stop();
  });

  it('reports a user error once and does not retry it', async () => {
    const s = scripted([
      async () => {
        throw new UserError('unknown launch type "EC3"', 'spec.launchType', 'InvalidLaunchType');
      },
    ]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('ns/bad');
    await clock.advance(10 * 60_000);
    expect(s.calls).to.have.length(1);
    expect(s.reported).to.deep.equal([
      {
        key: 'ns/bad',
        user: {
          reason: 'InvalidLaunchType',
          path: 'spec.launchType',
          message: 'spec.launchType: unknown launch type "EC3"',
        },
      },
    ]);
    expect(
      await metricValue(metrics, 'controller_runtime_terminal_reconcile_errors_total', { controller: 'service' }),
    ).to.equal(1);
    await runner.stop();
  });

  it('looks again 10 s after a ResourceExists, so that deleting the object in the way lets the resource recover', async () => {
    const s = scripted([
      async () => {
        throw new UserError(
          'ServiceAccount ns/web already exists and is not managed by ecs2eks',
          undefined,
          'ResourceExists',
        );
      },
      async () => ({}),
    ]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('ns/web');
    await clock.advance(9_000);
    expect(s.calls, 'reported, then waiting').to.have.length(1);
    expect(s.reported.map((r) => r.user.reason)).to.deep.equal(['ResourceExists']);
    await clock.advance(2_000);
    expect(s.calls, 'checked again after 10 s').to.have.length(2);
    await clock.advance(10 * 60_000);
    expect(s.calls, 'and not again once it succeeded').to.have.length(2);
    await runner.stop();
  });

  it('retries when reporting a user error itself fails', async () => {
    let reports = 0;
    const reconciler: Reconciler = {
      async reconcile() {
        throw new UserError('bad');
      },
      async reportUserError() {
        reports++;
        if (reports === 1) throw new Error('status patch failed');
      },
    };
    const runner = new Runner({ name: 'service', queue, reconciler, clock });
    runner.start();
    queue.add('ns/x');
    await flush();
    expect(reports).to.equal(1);
    await clock.advance(5);
    expect(reports).to.equal(2);
    await clock.advance(60_000);
    expect(reports).to.equal(2);
    await runner.stop();
  });

  it('requeues after the delay a reconcile returns, and after a thrown RequeueAfter', async () => {
    const s = scripted([
      async () => ({ requeueAfterMs: 30_000 }),
      async () => {
        throw new RequeueAfter(1000);
      },
      async () => {},
    ]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('ns/r');
    await flush();
    expect(clock.pendingDelays()).to.deep.equal([30_000]);
    await clock.advance(30_000);
    expect(s.calls).to.have.length(2);
    expect(clock.pendingDelays()).to.deep.equal([1000]);
    await clock.advance(1000);
    expect(s.calls).to.have.length(3);
    expect(
      await metricValue(metrics, 'controller_runtime_reconcile_total', {
        controller: 'service',
        result: 'requeue_after',
      }),
    ).to.equal(2);
    await runner.stop();
  });

  it('counts a conflict as a requeue, not as an error', async () => {
    const s = scripted([
      async () => {
        throw new ApiException(409, 'conflict', {}, {});
      },
      async () => {},
    ]);
    const runner = new Runner({ name: 'service', queue, reconciler: s.reconciler, clock, metrics });
    runner.start();
    queue.add('ns/c');
    await clock.advance(5);
    expect(s.calls).to.have.length(2);
    expect(
      await metricValue(metrics, 'controller_runtime_reconcile_total', { controller: 'service', result: 'requeue' }),
    ).to.equal(1);
    expect(await metricValue(metrics, 'controller_runtime_reconcile_errors_total', { controller: 'service' })).to.equal(
      undefined,
    );
    await runner.stop();
  });

  it('runs different keys in parallel on several workers but one key on one worker at a time', async () => {
    const running = new Set<string>();
    let maxParallel = 0;
    let overlapSameKey = false;
    const releases: Array<() => void> = [];
    const reconciler: Reconciler = {
      async reconcile({ key }) {
        if (running.has(key)) overlapSameKey = true;
        running.add(key);
        maxParallel = Math.max(maxParallel, running.size);
        await new Promise<void>((r) => releases.push(r));
        running.delete(key);
      },
    };
    const runner = new Runner({ name: 'service', queue, reconciler, clock, workers: 3 });
    runner.start();
    queue.add('ns/a');
    queue.add('ns/b');
    await flush();
    queue.add('ns/a'); // an event for a key being reconciled
    await flush();
    expect(maxParallel).to.equal(2);
    releases.splice(0).forEach((r) => r());
    await flush();
    // ns/a is reconciled a second time (dirty), never concurrently with itself
    expect(running.has('ns/a')).to.equal(true);
    releases.splice(0).forEach((r) => r());
    await flush();
    expect(overlapSameKey).to.equal(false);
    await runner.stop();
  });

  it('waits for in-flight reconciles on stop, bounded by the drain timeout', async () => {
    let release!: () => void;
    let aborted = false;
    const reconciler: Reconciler = {
      async reconcile({ signal }) {
        signal.addEventListener('abort', () => (aborted = true));
        await new Promise<void>((r) => (release = r));
      },
    };
    const runner = new Runner({ name: 'service', queue, reconciler, clock });
    runner.start();
    queue.add('ns/slow');
    await flush();
    let result: { drained: boolean; abandoned: string[] } | undefined;
    void runner.stop(10_000).then((r) => (result = r));
    await clock.advance(9_999);
    expect(result).to.equal(undefined);
    await clock.advance(1);
    expect(result).to.deep.equal({ drained: false, abandoned: ['ns/slow'] });
    expect(aborted).to.equal(true);
    release();
  });

  it('returns from stop as soon as the in-flight reconcile finishes', async () => {
    let release!: () => void;
    const reconciler: Reconciler = { reconcile: () => new Promise<void>((r) => (release = r)) };
    const runner = new Runner({ name: 'service', queue, reconciler, clock });
    runner.start();
    queue.add('ns/a');
    await flush();
    let result: { drained: boolean } | undefined;
    void runner.stop(10_000).then((r) => (result = r));
    await flush();
    release();
    await flush();
    expect(result).to.deep.equal({ drained: true, abandoned: [] });
  });
});
