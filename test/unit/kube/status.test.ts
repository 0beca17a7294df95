import { expect } from 'chai';
import { StatusWriter, statusChanged } from '../../../src/kube/status.js';
import { KubeApi, type LiveObject } from '../../../src/kube/api.js';
import { setCondition, findCondition } from '../../../src/controller/conditions.js';
import { RecordingTransport } from './support/recording-transport.js';

const cr = (status?: Record<string, unknown>): LiveObject => ({
  apiVersion: 'ecs2eks.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'team-a', uid: 'u1', resourceVersion: '5', generation: 2 },
  spec: { desiredCount: 2 },
  ...(status ? { status } : {}),
});

describe('status writes', () => {
  it('writes nothing when the status is unchanged, whatever the key order', async () => {
    const t = new RecordingTransport();
    const w = new StatusWriter(new KubeApi(t));
    const result = await w.patchIfChanged(cr({ observedGeneration: 2, runningCount: 1 }), {
      runningCount: 1,
      observedGeneration: 2,
    });
    expect(result).to.equal(undefined);
    expect(t.requests).to.have.length(0);
  });

  it('knows when the cache is behind its own last write, until it catches up or 5 s pass', async () => {
    let now = 1000;
    const t = new RecordingTransport(() => ({ metadata: { name: 'web', resourceVersion: '10' } }));
    const w = new StatusWriter(new KubeApi(t), () => now);
    expect(w.behind(cr()), 'nothing written yet').to.equal(false);
    await w.patchIfChanged(cr({ runningCount: 1 }), { runningCount: 2 });
    const at = (rv: string): LiveObject => ({ ...cr(), metadata: { ...cr().metadata, resourceVersion: rv } });
    expect(w.behind(at('5')), 'rv 5 < 10').to.equal(true);
    expect(w.behind(at('9')), 'same length, smaller').to.equal(true);
    now += 5001;
    expect(w.behind(at('5')), 'gives up after 5 s').to.equal(false);
    await w.patchIfChanged(cr({ runningCount: 1 }), { runningCount: 3 });
    expect(w.behind(at('10')), 'the cache shows the write').to.equal(false);
    expect(w.behind(at('5')), 'caught up once: forgotten').to.equal(false);
  });

  it('applies a changed status to the status subresource with our field manager and strict validation', async () => {
    const t = new RecordingTransport((req) => ({
      ...(req.body as object),
      metadata: { name: 'web', resourceVersion: '6' },
    }));
    const w = new StatusWriter(new KubeApi(t));
    const result = await w.patchIfChanged(cr({ runningCount: 1 }), { runningCount: 2 });
    expect(result?.metadata.resourceVersion).to.equal('6');
    expect(t.lines()).to.deep.equal(['PATCH /apis/ecs2eks.dev/v1alpha1/namespaces/team-a/services/web/status']);
    const req = t.requests[0];
    expect(req.contentType).to.equal('application/apply-patch+yaml');
    expect(req.query).to.include({ fieldManager: 'ecs2eks', force: true, fieldValidation: 'Strict' });
    expect(req.body).to.deep.equal({
      apiVersion: 'ecs2eks.dev/v1alpha1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'team-a' },
      status: { runningCount: 2 },
    });
  });

  it('writes when the resource has no status yet', () => {
    expect(statusChanged(undefined, { a: 1 })).to.equal(true);
    expect(statusChanged(undefined, {})).to.equal(false);
  });

  it('refuses to write the status of a kind that is not ours', async () => {
    const w = new StatusWriter(new KubeApi(new RecordingTransport()));
    const pod: LiveObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    let err: unknown;
    await w.patchIfChanged(pod, { x: 1 }).catch((e: unknown) => (err = e));
    expect(String(err)).to.contain('not an ECS custom resource');
  });
});

describe('setCondition', () => {
  const t0 = '2026-01-01T00:00:00Z';
  const t1 = '2026-01-01T01:00:00Z';

  it('adds a condition with the transition time', () => {
    const c = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: 'bad' }, t0);
    expect(c).to.deep.equal([
      { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: 'bad', lastTransitionTime: t0 },
    ]);
  });

  it('keeps the transition time when the status does not flip, so recomputation is byte-identical', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'Steady', message: 'a' }, t0);
    const again = setCondition(first, { type: 'Ready', status: 'True', reason: 'Steady', message: 'b' }, t1);
    expect(findCondition(again, 'Ready')).to.include({ lastTransitionTime: t0, message: 'b' });
    const flipped = setCondition(again, { type: 'Ready', status: 'False', reason: 'Degraded', message: 'c' }, t1);
    expect(flipped).to.have.length(1);
    expect(findCondition(flipped, 'Ready')).to.include({ status: 'False', lastTransitionTime: t1 });
  });
});
