import { expect } from 'chai';
import { crdsServed } from '../../../src/kube/crds-served.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import type { Clock } from '../../../src/base/clock.js';
import { apiError, RecordingTransport } from './support/recording-transport.js';

const KINDS = [RESOURCES.taskDefinitions, RESOURCES.ecsServices, RESOURCES.tasks];

function clockAt(t: { now: number }): Clock {
  return { now: () => t.now, setTimeout: () => 0, clearTimeout: () => undefined };
}

describe('crdsServed: the readiness check that the ecs2eks CRDs are installed', () => {
  it('fails naming every missing CRD and how to install them while the group is not served', async () => {
    const t = new RecordingTransport(() => {
      throw apiError(404, 'the server could not find the requested resource');
    });
    const result = await crdsServed(t, KINDS).check();
    expect(result).to.equal(
      'CRDs not installed: taskdefinitions.ecs2eks.dev, services.ecs2eks.dev, tasks.ecs2eks.dev (install them with: kubectl apply --server-side -f crds/)',
    );
    expect(t.lines()).to.deep.equal(['GET /apis/ecs2eks.dev/v1alpha1']);
  });

  it('names only the kinds the discovery document lacks, and passes once all are served', async () => {
    let served = ['taskdefinitions', 'taskdefinitions/status'];
    const t = new RecordingTransport(() => ({ resources: served.map((name) => ({ name })) }));
    const time = { now: 0 };
    const check = crdsServed(t, KINDS, { clock: clockAt(time), cacheMs: 10_000 });
    expect(await check.check())
      .to.contain('services.ecs2eks.dev, tasks.ecs2eks.dev')
      .and.not.contain('taskdefinitions');
    served = ['taskdefinitions', 'services', 'tasks'];
    // Within the cache period the answer is not read again (probes come every few seconds).
    expect(await check.check()).to.be.a('string');
    expect(t.requests).to.have.length(1);
    time.now = 10_000;
    expect(await check.check()).to.equal(true);
    expect(t.requests).to.have.length(2);
  });

  it('reports an apiserver it cannot read instead of claiming anything', async () => {
    const t = new RecordingTransport(() => {
      throw apiError(503, 'unavailable');
    });
    expect(await crdsServed(t, KINDS).check()).to.match(/^cannot read \/apis\/ecs2eks.dev\/v1alpha1: /);
  });
});
