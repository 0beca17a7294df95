import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { capacityPlacement, isFargate } from '../../../src/translate/capacity.js';
import { LABEL_GROUP, groupLabelValue } from '../../../src/translate/labels.js';
import { defaultOptions } from '../../../src/translate/options.js';
import { translatePlacement, type PlacementInput } from '../../../src/translate/placement.js';

const own = { 'ecs2eks.dev/service': 'web' };
function place(mods: Partial<PlacementInput>) {
  return translatePlacement({
    source: 'Service',
    constraints: [],
    strategies: [],
    taskDefinitionConstraints: [],
    ownSelector: own,
    defaultZoneSpread: false,
    options: defaultOptions(),
    ...mods,
  });
}
const memberOf = (expression: string) => place({ constraints: [{ type: 'memberOf', expression }] });
const terms = (p: ReturnType<typeof place>) =>
  p.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map(
    (t) => t.matchExpressions,
  );

describe('memberOf → node affinity', () => {
  it('maps an architecture equality through the attribute table and translates x86_64 to amd64', () => {
    expect(terms(memberOf('attribute:ecs.cpu-architecture == x86_64'))).to.deep.equal([
      [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }],
    ]);
  });

  it('turns OR into several node selector terms and AND into expressions of one term', () => {
    const p = memberOf(
      '(attribute:ecs.os-type == linux and attribute:ecs.instance-type in [m5.large, c5.large]) or attribute:ecs.availability-zone != us-east-1d',
    );
    expect(terms(p)).to.deep.equal([
      [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c5.large', 'm5.large'] },
      ],
      [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['us-east-1d'] }],
    ]);
    expect(p.findings).to.deep.equal([]);
  });

  it('pushes not inward with De Morgan', () => {
    expect(terms(memberOf('not (attribute:ecs.os-type == windows or attribute:gpu exists)'))).to.deep.equal([
      [
        { key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] },
        { key: 'gpu', operator: 'DoesNotExist' },
      ],
    ]);
  });

  it('adjusts >= and <= by one for integers', () => {
    expect(terms(memberOf('attribute:cores >= 4 and attribute:cores <= 16'))).to.deep.equal([
      [
        { key: 'cores', operator: 'Gt', values: ['3'] },
        { key: 'cores', operator: 'Lt', values: ['17'] },
      ],
    ]);
  });

  it('reports a custom attribute as read from the node label of the same name', () => {
    const p = memberOf('attribute:team == data');
    expect(terms(p)).to.deep.equal([[{ key: 'team', operator: 'In', values: ['data'] }]]);
    expect(p.findings.map((f) => [f.path, f.level])).to.deep.equal([['placementConstraints[0].expression', 'Info']]);
  });

  it('drops an instance field from its branch with an Unsupported finding that quotes it', () => {
    const p = memberOf('attribute:ecs.os-type == linux and runningTasksCount < 5');
    expect(terms(p)).to.deep.equal([[{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }]]);
    expect(p.findings).to.have.length(1);
    expect(p.findings[0]).to.include({ level: 'Unsupported', path: 'placementConstraints[0].expression' });
    expect(p.findings[0].message).to.contain('runningTasksCount < 5');
  });

  it('drops the whole expression when an alternative has nothing Kubernetes can check', () => {
    const p = memberOf('attribute:ecs.os-type == linux or ec2InstanceId == i-123');
    expect(p.affinity).to.equal(undefined);
    expect(p.findings.every((f) => f.level === 'Unsupported')).to.equal(true);
  });

  it('does not apply regular expressions', () => {
    const p = memberOf('attribute:ecs.instance-type =~ t2.*');
    expect(p.affinity).to.equal(undefined);
    expect(p.findings.some((f) => f.message.includes('regular expressions'))).to.equal(true);
  });

  it('reports an ECS attribute without a node label as unsupported', () => {
    const p = memberOf('attribute:ecs.ami-id == ami-123');
    expect(p.affinity).to.equal(undefined);
    expect(p.findings[0]?.level).to.equal('Unsupported');
  });

  it('rejects an invalid expression with an InputError naming the field and the position', () => {
    expect(() => memberOf('attribute:a =='))
      .to.throw(InputError, /position 14/)
      .with.property('path', 'placementConstraints[0].expression');
  });

  it('ANDs the task definition constraints with the resource constraints by distributing their terms', () => {
    const p = place({
      constraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [a, b]' }],
      taskDefinitionConstraints: [
        { type: 'memberOf', expression: 'attribute:ecs.os-type == linux or attribute:ecs.os-type == windows' },
      ],
    });
    expect(terms(p)).to.deep.equal([
      [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] },
      ],
      [
        { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] },
      ],
    ]);
  });

  it('reports task definition expression errors against the TaskDefinition', () => {
    expect(() => place({ taskDefinitionConstraints: [{ type: 'memberOf', expression: 'nope' }] }))
      .to.throw(InputError)
      .with.property('source', 'TaskDefinition');
  });
});

describe('task:group → pod affinity', () => {
  it('turns task:group == service:db into required pod affinity on the group label per host', () => {
    const p = memberOf('task:group == service:db');
    expect(p.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution).to.deep.equal([
      {
        labelSelector: {
          matchExpressions: [{ key: LABEL_GROUP, operator: 'In', values: [groupLabelValue('service:db')] }],
        },
        topologyKey: 'kubernetes.io/hostname',
      },
    ]);
    expect(p.affinity?.nodeAffinity).to.equal(undefined);
  });

  it('turns not(task:group == database) into pod anti-affinity', () => {
    const p = memberOf('not(task:group == database)');
    expect(
      p.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution[0]?.labelSelector.matchExpressions,
    ).to.deep.equal([{ key: LABEL_GROUP, operator: 'In', values: ['database'] }]);
  });

  it('refuses to OR a task group with a node condition', () => {
    const p = memberOf('task:group == service:db or attribute:ecs.os-type == linux');
    expect(p.affinity).to.equal(undefined);
    expect(p.findings[0]?.level).to.equal('Unsupported');
  });
});

describe('distinctInstance', () => {
  it('becomes required pod anti-affinity on kubernetes.io/hostname for the resource’s own pods', () => {
    const p = place({ constraints: [{ type: 'distinctInstance' }] });
    expect(p.affinity).to.deep.equal({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: own }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    });
  });

  it('is a no-op with an Info finding for a DAEMON service', () => {
    const p = place({ constraints: [{ type: 'distinctInstance' }], daemon: true });
    expect(p.affinity).to.equal(undefined);
    expect(p.findings[0]?.level).to.equal('Info');
  });
});

describe('placement strategies', () => {
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: own },
  });

  it('turns spread(attribute:ecs.availability-zone) and spread(instanceId) into ScheduleAnyway constraints in order', () => {
    const p = place({
      strategies: [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'spread', field: 'instanceId' },
      ],
    });
    expect(p.topologySpreadConstraints).to.deep.equal([
      spread('topology.kubernetes.io/zone'),
      spread('kubernetes.io/hostname'),
    ]);
    expect(p.findings.map((f) => [f.path, f.level])).to.deep.equal([['placementStrategy[1]', 'Approximated']]);
  });

  it('treats host like instanceId and does not repeat a topology key', () => {
    const p = place({
      strategies: [
        { type: 'spread', field: 'host' },
        { type: 'spread', field: 'instanceId' },
      ],
    });
    expect(p.topologySpreadConstraints).to.deep.equal([spread('kubernetes.io/hostname')]);
  });

  it('reports binpack as unsupported and random as info', () => {
    const p = place({ strategies: [{ type: 'binpack', field: 'memory' }, { type: 'random' }] });
    expect(p.topologySpreadConstraints).to.equal(undefined);
    expect(p.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['placementStrategy[0]', 'Unsupported'],
      ['placementStrategy[1]', 'Info'],
    ]);
  });

  it('adds a zone spread by default, once', () => {
    expect(place({ defaultZoneSpread: true }).topologySpreadConstraints).to.deep.equal([
      spread('topology.kubernetes.io/zone'),
    ]);
    expect(
      place({ defaultZoneSpread: true, strategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] })
        .topologySpreadConstraints,
    ).to.have.length(1);
  });
});

describe('capacity providers and launch types', () => {
  const base = {
    source: 'Service' as const,
    launchType: undefined,
    capacityProviderStrategy: undefined,
    requiresCompatibilities: undefined,
  };

  it('recognises Fargate by launch type, by provider, and by compatibility when neither is given', () => {
    expect(isFargate({ ...base, launchType: 'FARGATE' })).to.equal(true);
    expect(isFargate({ ...base, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] })).to.equal(true);
    expect(isFargate({ ...base, requiresCompatibilities: ['FARGATE'] })).to.equal(true);
    expect(isFargate({ ...base, launchType: 'EC2', requiresCompatibilities: ['FARGATE'] })).to.equal(false);
    expect(isFargate({ ...base, requiresCompatibilities: ['EC2', 'FARGATE'] })).to.equal(false);
  });

  it('selects Fargate nodes only with the fargateNodeSelection integration', () => {
    const off = capacityPlacement({ ...base, launchType: 'FARGATE', options: defaultOptions() });
    expect(off.nodeSelector).to.equal(undefined);
    expect(off.findings[0]?.level).to.equal('Info');
    const opts = defaultOptions();
    opts.integrations.fargateNodeSelection = true;
    const on = capacityPlacement({ ...base, launchType: 'FARGATE', options: opts });
    expect(on.nodeSelector).to.deep.equal({ 'eks.amazonaws.com/compute-type': 'fargate' });
  });

  it('uses the provider with the base for all pods and reports base and weight as approximated', () => {
    const opts = defaultOptions({
      capacityProviders: { spot: { nodeSelector: { pool: 'spot' } }, od: { nodeSelector: { pool: 'od' } } },
    });
    const p = capacityPlacement({
      ...base,
      capacityProviderStrategy: [
        { capacityProvider: 'spot', weight: 4 },
        { capacityProvider: 'od', base: 1, weight: 1 },
      ],
      options: opts,
    });
    expect(p.nodeSelector).to.deep.equal({ pool: 'od' });
    expect(p.findings.map((f) => f.path)).to.deep.equal([
      'capacityProviderStrategy[0].weight',
      'capacityProviderStrategy[1].base',
      'capacityProviderStrategy[1].weight',
      'capacityProviderStrategy',
    ]);
  });
});
