// awsvpc securityGroups → a SecurityGroupPolicy (security groups for pods, VPC CNI), only with the
// integration on; off, a finding says how to get one.
import { expect } from 'chai';
import { defaultOptions, translateService, translateTask } from '../../../src/translate/index.js';
import { translateOptions } from '../../../src/cli/translate-options.js';
import { container, taskDef } from '../../support/builders.js';

const td = taskDef(container('app'), { networkMode: 'awsvpc' });
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-0a', 'sg-0b'] } };
const options = (on: boolean) => {
  const o = defaultOptions({ namespace: 'shop' });
  o.integrations.securityGroupPolicy = on;
  return o;
};
const service = (on: boolean) =>
  translateService(
    {
      name: 'web',
      service: { serviceName: 'web', taskDefinition: 'app', networkConfiguration: network },
      taskDefinition: td,
    },
    options(on),
  );

describe('SecurityGroupPolicy integration', () => {
  it('selects the service pods and lists the groups, with an Info finding', () => {
    const t = service(true);
    const sgp = t.objects.find((o) => o.kind === 'SecurityGroupPolicy');
    expect(sgp?.apiVersion).to.equal('vpcresources.k8s.aws/v1beta1');
    expect(sgp?.metadata).to.include({ name: 'web', namespace: 'shop' });
    expect(sgp?.['spec']).to.deep.equal({
      podSelector: { matchLabels: { 'ecs2eks.dev/service': 'web' } },
      securityGroups: { groupIds: ['sg-0a', 'sg-0b'] },
    });
    const f = t.findings.find((x) => x.path === 'networkConfiguration.awsvpcConfiguration.securityGroups');
    expect(f?.level).to.equal('Info');
  });

  it('does the same for a Task, selecting its pods', () => {
    const t = translateTask(
      { name: 'job', task: { taskDefinition: 'app', networkConfiguration: network }, taskDefinition: td },
      options(true),
    );
    const sgp = t.objects.find((o) => o.kind === 'SecurityGroupPolicy');
    expect((sgp?.['spec'] as { podSelector: unknown }).podSelector).to.deep.equal({
      matchLabels: { 'ecs2eks.dev/task': 'job' },
    });
  });

  it('is off by default: no object, an Unsupported finding naming the flag', () => {
    const t = service(false);
    expect(t.objects.some((o) => o.kind === 'SecurityGroupPolicy')).to.equal(false);
    const f = t.findings.filter((x) => x.path.startsWith('networkConfiguration.awsvpcConfiguration.securityGroups'));
    expect(f.every((x) => x.level === 'Unsupported')).to.equal(true);
    expect(f[0]?.message).to.contain('--enable security-group-policy');
    expect(translateOptions({ enable: ['security-group-policy'] }).integrations.securityGroupPolicy).to.equal(true);
  });
});
