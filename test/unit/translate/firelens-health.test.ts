// A FireLens router's usual health check probes the TCP input ECS adds to the Fluent Bit configuration
// it generates (127.0.0.1:8877). Without that configuration it can never pass: it must not become a
// readiness probe (the pod would never be Ready) nor a liveness probe (the router would be killed).
import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { findingsAt, podSpecOf } from '../../support/pods.js';

const router = (command: string) =>
  container('log_router', {
    essential: true,
    firelensConfiguration: { type: 'fluentbit' },
    healthCheck: { command: ['CMD-SHELL', command], interval: 10, retries: 3 },
  });

describe('FireLens health checks', () => {
  it('turns the check of the ECS-generated 8877 input into no probe, with an Unsupported finding', () => {
    const r = buildPodTemplate(
      taskDef(router(`echo '{"health": "check"}' | nc 127.0.0.1 8877 || exit 1`), container('app')),
      podContext(),
    );
    const c = podSpecOf(r).containers.find((x) => x.name.startsWith('log-router'))!;
    expect(c.readinessProbe).to.equal(undefined);
    expect(c.livenessProbe).to.equal(undefined);
    const f = findingsAt(r, 'containerDefinitions[0].healthCheck')[0];
    expect(f.level).to.equal('Unsupported');
    expect(f.message).to.contain('127.0.0.1:8877');
  });

  it('keeps any other health check of a router as probes', () => {
    const r = buildPodTemplate(taskDef(router('curl -f http://127.0.0.1:2020/api/v1/health')), podContext());
    const c = podSpecOf(r).containers[0];
    expect(c.readinessProbe).to.not.equal(undefined);
    expect(c.livenessProbe).to.not.equal(undefined);
  });
});
