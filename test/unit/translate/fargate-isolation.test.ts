// Fargate runs each task in its own kernel. A sandboxed RuntimeClass the platform team names
// (--fargate-runtime-class) reproduces that on ordinary nodes; EKS Fargate nodes isolate by
// themselves; otherwise a finding says the pod shares its node's kernel.
import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { defaultOptions } from '../../../src/translate/options.js';
import { translateOptions } from '../../../src/cli/translate-options.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { findingsAt, podSpecOf } from '../../support/pods.js';

const fargate = () => taskDef(container('app'), { requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' });

describe('Fargate isolation', () => {
  it('sets the RuntimeClass the platform team names', () => {
    const r = buildPodTemplate(fargate(), {
      ...podContext(),
      options: defaultOptions({ fargateRuntimeClass: 'gvisor' }),
    });
    expect(podSpecOf(r).runtimeClassName).to.equal('gvisor');
    expect(findingsAt(r, 'requiresCompatibilities').map((f) => f.level)).to.deep.equal(['Info', 'Info']);
  });

  it('says the pod shares its node kernel when nothing isolates it', () => {
    const r = buildPodTemplate(fargate(), podContext());
    expect(podSpecOf(r).runtimeClassName).to.equal(undefined);
    expect(
      findingsAt(r, 'requiresCompatibilities').some(
        (f) => f.level === 'Approximated' && f.message.includes('own kernel'),
      ),
    ).to.equal(true);
  });

  it('needs no RuntimeClass on EKS Fargate nodes', () => {
    const options = defaultOptions({ fargateRuntimeClass: 'gvisor' });
    options.integrations.fargateNodeSelection = true;
    const r = buildPodTemplate(fargate(), { ...podContext(), options });
    expect(podSpecOf(r).runtimeClassName).to.equal(undefined);
    expect(findingsAt(r, 'requiresCompatibilities').some((f) => f.level === 'Approximated')).to.equal(false);
  });

  it('leaves EC2 task definitions alone', () => {
    const r = buildPodTemplate(taskDef(container('app'), { requiresCompatibilities: ['EC2'] }), {
      ...podContext(),
      options: defaultOptions({ fargateRuntimeClass: 'gvisor' }),
    });
    expect(podSpecOf(r).runtimeClassName).to.equal(undefined);
  });

  it('is a CLI option, validated as a name', () => {
    expect(translateOptions({ 'fargate-runtime-class': 'kata-qemu' }).fargateRuntimeClass).to.equal('kata-qemu');
    expect(() => translateOptions({ 'fargate-runtime-class': 'Not A Name' })).to.throw('is not a RuntimeClass name');
  });
});
