import { expect } from 'chai';
import { EventAggregator, EventRecorder } from '../../../src/kube/events.js';
import { KubeApi } from '../../../src/kube/api.js';
import { ManualClock } from '../controller/support/manual-clock.js';
import { RecordingTransport, apiError } from './support/recording-transport.js';

const svc = {
  apiVersion: 'ecs2eks.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'team-a', uid: 'u1', resourceVersion: '7' },
};

describe('EventAggregator', () => {
  it('creates the first occurrence and counts repeats within the window', () => {
    const agg = new EventAggregator({ windowMs: 600_000 });
    const k = EventAggregator.key('u1', 'Warning', 'InvalidSpec', 'bad image');
    expect(agg.observe(k, 0)).to.deep.equal({ action: 'create' });
    agg.created(k, 'web.1', 0);
    expect(agg.observe(k, 1000)).to.deep.equal({ action: 'update', name: 'web.1', count: 2, firstTimestamp: 0 });
    expect(agg.observe(k, 2000)).to.deep.equal({ action: 'update', name: 'web.1', count: 3, firstTimestamp: 0 });
  });

  it('starts a new Event after the window and keeps different messages apart', () => {
    const agg = new EventAggregator({ windowMs: 600_000 });
    const k1 = EventAggregator.key('u1', 'Warning', 'InvalidSpec', 'a');
    const k2 = EventAggregator.key('u1', 'Warning', 'InvalidSpec', 'b');
    agg.created(k1, 'web.1', 0);
    expect(agg.observe(k2, 1).action).to.equal('create');
    expect(agg.observe(k1, 600_000).action).to.equal('create');
  });

  it('forgets the least recently used keys beyond its bound', () => {
    const agg = new EventAggregator({ maxEntries: 2 });
    agg.created('a', 'a.1', 0);
    agg.created('b', 'b.1', 0);
    agg.observe('a', 1); // a is now more recent than b
    agg.created('c', 'c.1', 2);
    expect(agg.size()).to.equal(2);
    expect(agg.observe('b', 3).action).to.equal('create');
    expect(agg.observe('a', 3).action).to.equal('update');
  });
});

describe('EventRecorder', () => {
  let clock: ManualClock;
  let transport: RecordingTransport;
  let recorder: EventRecorder;
  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    transport = new RecordingTransport((req) => req.body);
    recorder = new EventRecorder({ api: new KubeApi(transport), instance: 'op-1', clock });
  });

  it('creates a core/v1 Event on the resource with type, reason, message and involvedObject', async () => {
    await recorder.record(svc, 'Warning', 'InvalidSpec', 'spec.desiredCount: must not be negative');
    expect(transport.lines()).to.deep.equal(['POST /api/v1/namespaces/team-a/events']);
    const body = transport.requests[0].body as Record<string, unknown>;
    expect(body).to.deep.include({
      apiVersion: 'v1',
      kind: 'Event',
      type: 'Warning',
      reason: 'InvalidSpec',
      message: 'spec.desiredCount: must not be negative',
      count: 1,
      firstTimestamp: '2026-01-01T00:00:00Z',
      source: { component: 'ecs2eks' },
      reportingComponent: 'ecs2eks',
      reportingInstance: 'op-1',
      involvedObject: {
        apiVersion: 'ecs2eks.dev/v1alpha1',
        kind: 'Service',
        name: 'web',
        namespace: 'team-a',
        uid: 'u1',
        resourceVersion: '7',
      },
    });
    expect((body['metadata'] as { name: string }).name).to.match(/^web\.[0-9a-f]+$/);
  });

  it('increments the count of the same Event for a repeat instead of creating another', async () => {
    await recorder.record(svc, 'Warning', 'InvalidSpec', 'same');
    const name = (transport.requests[0].body as { metadata: { name: string } }).metadata.name;
    await clock.advance(30_000);
    await recorder.record(svc, 'Warning', 'InvalidSpec', 'same');
    expect(transport.lines()[1]).to.equal(`PATCH /api/v1/namespaces/team-a/events/${name}`);
    expect(transport.requests[1].contentType).to.equal('application/merge-patch+json');
    expect(transport.requests[1].body).to.deep.equal({ count: 2, lastTimestamp: '2026-01-01T00:00:30Z' });
  });

  it('creates a new Event when the aggregated one has expired on the server', async () => {
    await recorder.record(svc, 'Normal', 'Applied', 'ok');
    transport.handler = (req) => {
      if (req.method === 'PATCH') throw apiError(404);
      return req.body;
    };
    await recorder.record(svc, 'Normal', 'Applied', 'ok');
    expect(transport.requests.map((r) => r.method)).to.deep.equal(['POST', 'PATCH', 'POST']);
  });

  it('never throws when the API fails, and truncates long messages', async () => {
    transport.handler = () => {
      throw apiError(403, 'forbidden');
    };
    await recorder.record(svc, 'Warning', 'X', 'y'.repeat(5000));
    expect((transport.requests[0].body as { message: string }).message).to.have.length(1024);
  });
});
