import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import type { AutoScaling } from '../../../src/ecs/model.js';
import { autoscaledReplicas, horizontalPodAutoscalerFor } from '../../../src/translate/hpa.js';
import { podDisruptionBudgetFor } from '../../../src/translate/pdb.js';

describe('podDisruptionBudgetFor', () => {
  const pdb = (min: number, maxReplicas: number) =>
    podDisruptionBudgetFor({
      name: 'web',
      namespace: 'ns',
      labels: {},
      selector: { s: 'web' },
      minimumHealthyPercent: min,
      maxReplicas,
    });

  it('keeps a partial floor as a minAvailable percentage', () => {
    const r = pdb(50, 4);
    expect(r.object?.spec).to.deep.equal({
      minAvailable: '50%',
      selector: { matchLabels: { s: 'web' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(r.findings).to.deep.equal([]);
  });

  it('lets one pod go at a time for a 100 % floor, with a finding, instead of blocking drains', () => {
    const r = pdb(100, 4);
    expect((r.object?.spec as Record<string, unknown>).maxUnavailable).to.equal(1);
    expect(r.findings[0]?.path).to.equal('deploymentConfiguration.minimumHealthyPercent');
  });

  it('lets one pod go at a time wherever the floor rounds up to every task (2 tasks at 75 %)', () => {
    const r = pdb(75, 2);
    expect(r.object?.spec).to.include({ maxUnavailable: 1 });
    expect(r.findings[0]?.message).to.contain('a 75 % floor of 2 task(s) would allow no eviction');
    // 4 tasks at 75 %: ceil(3) = 3 of 4, one eviction allowed, so the exact minAvailable stays.
    expect(pdb(75, 4).object?.spec).to.include({ minAvailable: '75%' });
    // Autoscaled from 2 to 8: at 2 tasks nothing could be evicted.
    const scaled = podDisruptionBudgetFor({
      name: 'web',
      namespace: 'ns',
      labels: {},
      selector: { s: 'web' },
      minimumHealthyPercent: 75,
      maxReplicas: 8,
      minReplicas: 2,
    });
    expect(scaled.object?.spec).to.include({ maxUnavailable: 1 });
  });

  it('makes no budget for a 0 % floor or a single replica', () => {
    expect(pdb(0, 4).object).to.equal(undefined);
    expect(pdb(50, 1).object).to.equal(undefined);
  });
});

describe('horizontalPodAutoscalerFor', () => {
  const hpa = (a: AutoScaling) =>
    horizontalPodAutoscalerFor({ name: 'web', namespace: 'ns', labels: {}, autoScaling: a });
  const cpu = (targetValue: number, extra = {}) => ({
    policyName: 'cpu',
    targetValue,
    predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' as const },
    ...extra,
  });

  it('targets the Deployment with CPU utilization and the capacity range', () => {
    const spec = hpa({ minCapacity: 2, maxCapacity: 8, targetTrackingPolicies: [cpu(70)] }).object?.spec;
    expect(spec).to.deep.equal({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
  });

  it('maps cooldowns to stabilization windows and disableScaleIn on every policy to a disabled scale-down', () => {
    const spec = hpa({
      minCapacity: 1,
      maxCapacity: 5,
      targetTrackingPolicies: [
        cpu(60, { scaleInCooldown: 120, scaleOutCooldown: 30, disableScaleIn: true }),
        {
          policyName: 'mem',
          targetValue: 80,
          predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
          disableScaleIn: true,
        },
      ],
    }).object?.spec as Record<string, unknown>;
    expect(spec.behavior).to.deep.equal({
      scaleUp: { stabilizationWindowSeconds: 30 },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Disabled' },
    });
    expect((spec.metrics as unknown[]).length).to.equal(2);
  });

  it('keeps the lowest target when two policies track the same resource (any policy may scale out)', () => {
    const spec = hpa({ minCapacity: 1, maxCapacity: 5, targetTrackingPolicies: [cpu(80), cpu(50)] }).object?.spec as {
      metrics: Array<{ resource: { target: { averageUtilization: number } } }>;
    };
    expect(spec.metrics.map((m) => m.resource.target.averageUtilization)).to.deep.equal([50]);
  });

  it('makes no HPA for ALB request counts or customized metrics, with Unsupported findings', () => {
    const r = hpa({
      minCapacity: 1,
      maxCapacity: 5,
      targetTrackingPolicies: [
        {
          policyName: 'alb',
          targetValue: 100,
          predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: 'app/x' },
        },
        { policyName: 'cw', targetValue: 10, customizedMetricSpecification: { metricName: 'Queue' } },
      ],
    });
    expect(r.object).to.equal(undefined);
    expect(r.findings.filter((f) => f.level === 'Unsupported').map((f) => f.path)).to.deep.equal([
      'autoScaling.targetTrackingPolicies[0].predefinedMetricSpecification.predefinedMetricType',
      'autoScaling.targetTrackingPolicies[0].predefinedMetricSpecification.resourceLabel',
      'autoScaling.targetTrackingPolicies[1].customizedMetricSpecification',
    ]);
  });

  it('raises a minCapacity of 0 to one replica with a finding', () => {
    const r = hpa({ minCapacity: 0, maxCapacity: 3, targetTrackingPolicies: [cpu(50)] });
    expect((r.object?.spec as Record<string, unknown>).minReplicas).to.equal(1);
    expect(r.findings.some((f) => f.path === 'autoScaling.minCapacity')).to.equal(true);
  });

  it('rejects maxCapacity below minCapacity', () => {
    expect(() => hpa({ minCapacity: 4, maxCapacity: 2 }))
      .to.throw(InputError)
      .with.property('path', 'autoScaling.maxCapacity');
  });

  it('clamps the initial replicas into the capacity range', () => {
    expect(autoscaledReplicas(1, { minCapacity: 2, maxCapacity: 4 })).to.equal(2);
    expect(autoscaledReplicas(9, { minCapacity: 2, maxCapacity: 4 })).to.equal(4);
    expect(autoscaledReplicas(3, { minCapacity: 2, maxCapacity: 4 })).to.equal(3);
  });
});
