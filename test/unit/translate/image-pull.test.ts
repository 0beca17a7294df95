// Image pulls as ECS does them: the agent pulls at every task start, so a re-pushed tag (`:stable`)
// is picked up; a digest never changes. With IfNotPresent mode, images side-loaded into kind or
// minikube (which no registry serves) are used as they are.
import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { defaultOptions } from '../../../src/translate/options.js';
import { translateOptions } from '../../../src/cli/translate-options.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { podSpecOf } from '../../support/pods.js';

const DIGEST = 'registry.example.com/app@sha256:' + 'a'.repeat(64);

function policies(mode: 'ecs' | 'IfNotPresent'): Array<string | undefined> {
  const r = buildPodTemplate(
    taskDef(container('tagged', { image: 'registry.example.com/app:stable' }), container('pinned', { image: DIGEST })),
    { ...podContext(), options: defaultOptions({ imagePullPolicy: mode }) },
  );
  return podSpecOf(r).containers.map((c) => c.imagePullPolicy);
}

describe('image pull policy', () => {
  it('ecs (default): Always for a tag, IfNotPresent for a digest', () => {
    expect(defaultOptions().imagePullPolicy).to.equal('ecs');
    expect(policies('ecs')).to.deep.equal(['Always', 'IfNotPresent']);
  });

  it('IfNotPresent: never pull an image the node has', () => {
    expect(policies('IfNotPresent')).to.deep.equal(['IfNotPresent', 'IfNotPresent']);
  });

  it('is a CLI option', () => {
    expect(translateOptions({ 'image-pull-policy': 'IfNotPresent' }).imagePullPolicy).to.equal('IfNotPresent');
    expect(translateOptions({}).imagePullPolicy).to.equal('ecs');
  });
});
