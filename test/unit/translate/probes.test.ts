import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt } from '../../support/pods.js';

describe('probes', () => {
  const shell = ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'];

  it('runs CMD-SHELL under /bin/sh -c with the ECS defaults, readiness and liveness for an essential Service container', () => {
    const r = buildPodTemplate(taskDef(container('web', { healthCheck: { command: shell } })), podContext());
    const probe = {
      exec: { command: ['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1'] },
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 3,
      successThreshold: 1,
    };
    const c = containerOf(r, 'web');
    expect(c.readinessProbe).to.deep.equal(probe);
    expect(c.livenessProbe).to.deep.equal(probe);
    expect(c).to.not.have.property('startupProbe');
  });

  it('execs the rest of a CMD command and uses interval, timeout and retries', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          healthCheck: { command: ['CMD', '/bin/check', '--fast'], interval: 10, timeout: 2, retries: 5 },
        }),
      ),
      podContext(),
    );
    expect(containerOf(r, 'web').readinessProbe).to.deep.equal({
      exec: { command: ['/bin/check', '--fast'] },
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 5,
      successThreshold: 1,
    });
  });

  it('adds a startup probe covering startPeriod', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { healthCheck: { command: ['CMD', 'true'], interval: 10, startPeriod: 45 } })),
      podContext(),
    );
    // ceil(45 / 10) + 3 retries
    expect(containerOf(r, 'web').startupProbe).to.deep.equal({
      exec: { command: ['true'] },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 8,
      successThreshold: 1,
    });
  });

  it('gives non-essential containers a readiness probe only', () => {
    const r = buildPodTemplate(
      taskDef(container('web'), container('side', { essential: false, healthCheck: { command: ['CMD', 'true'] } })),
      podContext(),
    );
    const side = containerOf(r, 'side');
    expect(side).to.have.property('readinessProbe');
    expect(side).to.not.have.property('livenessProbe');
  });

  it('gives Task pods no liveness probe', () => {
    const r = buildPodTemplate(
      taskDef(container('job', { healthCheck: { command: ['CMD', 'true'] } })),
      podContext({ kind: 'Task' }),
    );
    expect(containerOf(r, 'job')).to.not.have.property('livenessProbe');
    expect(containerOf(r, 'job')).to.have.property('readinessProbe');
  });

  it('assumes CMD for a command without prefix and says so', () => {
    const r = buildPodTemplate(taskDef(container('web', { healthCheck: { command: ['/healthcheck'] } })), podContext());
    expect(containerOf(r, 'web').readinessProbe?.exec?.command).to.deep.equal(['/healthcheck']);
    expect(findingsAt(r, 'containerDefinitions[0].healthCheck.command')[0].message).to.contain('assumed CMD');
  });

  it('assumes CMD-SHELL for a single unprefixed string with spaces', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { healthCheck: { command: ['curl -f localhost'] } })),
      podContext(),
    );
    expect(containerOf(r, 'web').readinessProbe?.exec?.command).to.deep.equal(['/bin/sh', '-c', 'curl -f localhost']);
    expect(findingsAt(r, 'containerDefinitions[0].healthCheck.command')[0].message).to.contain('assumed CMD-SHELL');
  });

  it('uses cmd /S /C for CMD-SHELL on Windows', () => {
    const r = buildPodTemplate(
      taskDef(container('iis', { healthCheck: { command: ['CMD-SHELL', 'exit 0'] } }), {
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_CORE' },
      }),
      podContext(),
    );
    expect(containerOf(r, 'iis').readinessProbe?.exec?.command).to.deep.equal(['cmd', '/S', '/C', 'exit 0']);
  });

  it('rejects an empty CMD-SHELL', () => {
    expect(() => buildPodTemplate(taskDef(container('web', { healthCheck: { command: ['CMD-SHELL'] } })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].healthCheck.command');
  });

  it('gives init containers no probes, as Kubernetes requires', () => {
    const r = buildPodTemplate(
      taskDef(
        container('migrate', { essential: false, healthCheck: { command: ['CMD', 'true'] } }),
        container('web', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
      ),
      podContext(),
    );
    const m = containerOf(r, 'migrate');
    expect(m).to.not.have.any.keys('readinessProbe', 'livenessProbe', 'startupProbe');
  });
});
