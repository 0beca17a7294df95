import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt } from '../../support/pods.js';

describe('resources', () => {
  it('maps container cpu to a request only, memory to limit and request', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 256, memory: 512 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { memory: '512Mi' },
    });
  });

  it('uses memoryReservation as the request when both are given', () => {
    const r = buildPodTemplate(taskDef(container('web', { memory: 2048, memoryReservation: 1024 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({ requests: { memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  it('sets only a request for memoryReservation alone', () => {
    const r = buildPodTemplate(taskDef(container('web', { memoryReservation: 128 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({ requests: { memory: '128Mi' } });
  });

  it('leaves resources out for cpu 0 and no memory', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 0 })), podContext());
    expect(containerOf(r, 'web')).to.not.have.property('resources');
  });

  it('rejects a memoryReservation above memory', () => {
    expect(() => buildPodTemplate(taskDef(container('web', { memory: 256, memoryReservation: 512 })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].memoryReservation');
  });

  it('puts task cpu and memory into pod-level resources when the cluster supports them', () => {
    const r = buildPodTemplate(taskDef(container('web'), { cpu: '0.5 vCPU', memory: '1 GB' }), podContext());
    expect(r.template.spec.resources).to.deep.equal({
      limits: { cpu: '500m', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    });
    expect(findingsAt(r, 'cpu')).to.have.length(1);
    expect(findingsAt(r, 'cpu')[0]!.level).to.equal('Info');
  });

  it('raises pod-level requests to the sum of rounded container requests', () => {
    // 10 units → 10m and 246 units → 241m: 251m, more than the task's 250m.
    const r = buildPodTemplate(
      taskDef(container('a', { cpu: 10 }), container('b', { cpu: 246 }), { cpu: '256' }),
      podContext(),
    );
    expect((r.template.spec.resources as any).requests.cpu).to.equal('251m');
  });

  it('divides task cpu and memory over the container limits without pod-level resources', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { cpu: 512, memory: 512 }), container('log', { cpu: 0, memoryReservation: 128 }), {
        cpu: '1024',
        memory: '2048',
      }),
      podContext({ options: { podLevelResources: false } }),
    );
    expect(r.template.spec).to.not.have.property('resources');
    // cpu: 1000m total, web requests 500m; the free 500m is split evenly: web 750m, log 250m.
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '750m', memory: '512Mi' },
    });
    // memory: 2048 - 512 (web limit) - 128 (log reservation) = 1408 free, all to log: 1536Mi.
    expect(containerOf(r, 'log').resources).to.deep.equal({
      requests: { memory: '128Mi' },
      limits: { cpu: '250m', memory: '1536Mi' },
    });
    const [cpu] = findingsAt(r, 'cpu');
    expect(cpu!.level).to.equal('Approximated');
    expect(cpu!.message).to.contain('"web" 750m').and.contain('"log" 250m');
    expect(findingsAt(r, 'memory')[0]!.level).to.equal('Approximated');
  });

  it('maps GPU requirements to nvidia.com/gpu limits', () => {
    const r = buildPodTemplate(
      taskDef(container('ml', { resourceRequirements: [{ type: 'GPU', value: '2' }] })),
      podContext(),
    );
    expect(containerOf(r, 'ml').resources).to.deep.equal({ limits: { 'nvidia.com/gpu': '2' } });
  });

  it('reports InferenceAccelerator requirements as unsupported', () => {
    const r = buildPodTemplate(
      taskDef(container('ml', { resourceRequirements: [{ type: 'InferenceAccelerator', value: 'device_1' }] })),
      podContext(),
    );
    expect(findingsAt(r, 'containerDefinitions[0].resourceRequirements[0]')[0]!.level).to.equal('Unsupported');
    expect(containerOf(r, 'ml')).to.not.have.property('resources');
  });

  it('puts task ephemeral storage on the first essential container', () => {
    const r = buildPodTemplate(
      taskDef(container('side', { essential: false }), container('web'), { ephemeralStorage: { sizeInGiB: 30 } }),
      podContext(),
    );
    expect(containerOf(r, 'web').resources).to.deep.equal({ limits: { 'ephemeral-storage': '30Gi' } });
    expect(findingsAt(r, 'ephemeralStorage')[0]!.level).to.equal('Approximated');
  });

  it('rejects an unparseable task cpu with its path', () => {
    expect(() => buildPodTemplate(taskDef(container('web'), { cpu: 'lots' }), podContext()))
      .to.throw(InputError)
      .with.property('path', 'cpu');
  });

  it('applies RunTask overrides of container and task resources', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 256 }), { cpu: '256', memory: '512' }), {
      ...podContext({ kind: 'Task' }),
      overrides: { cpu: '1024', memory: '2048', containerOverrides: [{ name: 'web', cpu: 512, memory: 1024 }] },
    });
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
    expect(r.template.spec.resources).to.deep.equal({
      limits: { cpu: '1', memory: '2Gi' },
      requests: { cpu: '1', memory: '2Gi' },
    });
  });
});
