// Scenario 5: `kubectl scale esvc` works through the scale subresource (spec.desiredCount), and an
// `autoScaling` block becomes an autoscaling/v2 HPA that targets the service's Deployment.
import { expect } from 'chai';
import type { V1Deployment, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { waitFor } from '../support/wait.js';
import {
  condition,
  ecsService,
  eventsFor,
  ensureCrds,
  expectOwnedBy,
  getEsvc,
  waitServiceSteady,
  webTaskDefinition,
  useOperator,
} from './helpers.js';

before(ensureCrds);

interface Scale {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

describe('operator scenario 5: kubectl scale esvc and autoScaling → HPA', function () {
  let ns = '';

  useOperator('e2e-op5', 'op5', (n) => {
    ns = n;
  });

  it('kubectl scale esvc sc --replicas=4 → spec.desiredCount 4, Deployment replicas 4, status desiredCount/runningCount 4', async function () {
    await apply(
      ns,
      webTaskDefinition('sc', 'registry.example.com/sc:1.0'),
      ecsService('sc', { taskDefinition: 'sc', desiredCount: 2 }),
    );
    await waitServiceSteady(ns, 'sc', { taskDefinition: 'sc:1', running: 2 });

    const out = await kubectl(['-n', ns, 'scale', 'esvc', 'sc', '--replicas=4']);
    expect(out).to.match(/scaled/);
    expect((await getEsvc(ns, 'sc')).spec.desiredCount, 'spec.desiredCount after kubectl scale').to.equal(4);
    await waitFor(
      async () => (await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'sc'])).spec?.replicas === 4,
      60_000,
      'deployment/sc replicas 4',
    );
    await waitServiceSteady(ns, 'sc', { taskDefinition: 'sc:1', running: 4 });

    // The scale subresource reads back what kubectl and an HPA see.
    const scale = JSON.parse(
      await kubectl(['get', '--raw', `/apis/ecs2eks.dev/v1alpha1/namespaces/${ns}/services/sc/scale`]),
    ) as Scale;
    expect(scale.spec?.replicas).to.equal(4);
    expect(scale.status?.replicas).to.equal(4);
    expect(scale.status?.selector ?? '').to.include('ecs2eks.dev/service=sc');
  });

  it('autoScaling {minCapacity 2, maxCapacity 5, cpu 70} → HPA auto targeting Deployment auto with min 2 / max 5', async function () {
    await apply(
      ns,
      webTaskDefinition('auto', 'registry.example.com/auto:1.0', { cpu: 256 }),
      ecsService('auto', {
        taskDefinition: 'auto',
        desiredCount: 2,
        autoScaling: {
          minCapacity: 2,
          maxCapacity: 5,
          targetTrackingPolicies: [
            {
              policyName: 'cpu70',
              targetValue: 70,
              predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
            },
          ],
        },
      }),
    );
    const hpa = await waitFor(
      () =>
        kubectlJson<V2HorizontalPodAutoscaler>(['-n', ns, 'get', 'horizontalpodautoscalers.v2.autoscaling', 'auto']),
      60_000,
      'hpa/auto',
    );
    expectOwnedBy(hpa, await getEsvc(ns, 'auto'), 'HPA auto');
    expect(hpa.spec!.scaleTargetRef).to.deep.include({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'auto' });
    expect(hpa.spec!.minReplicas).to.equal(2);
    expect(hpa.spec!.maxReplicas).to.equal(5);
    const cpu = hpa.spec!.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    expect(cpu?.resource?.target, `cpu metric: ${JSON.stringify(hpa.spec!.metrics)}`).to.deep.include({
      type: 'Utilization',
      averageUtilization: 70,
    });
    // The HPA's target exists and the service runs.
    const deployment = await waitFor(
      () =>
        kubectlJson<
          V1Deployment & {
            metadata: { managedFields?: Array<{ manager: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }> };
          }
        >(['-n', ns, 'get', 'deployment', 'auto', '--show-managed-fields']),
      60_000,
      'deployment/auto',
    );
    // Replicas start at desiredCount clamped to [min, max] (as ECS does), owned by a manager of their own so the HPA can take them over.
    await waitFor(
      async () => (await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'auto'])).spec?.replicas === 2,
      10_000,
      "deployment/auto replicas 2 before the HPA's first sync",
    );
    const ours = deployment.metadata.managedFields?.find((m) => m.manager === 'ecs2eks');
    const owned = ours?.fieldsV1 as Record<string, unknown> | undefined;
    expect(owned?.['f:spec'] ?? {}, 'the main field manager does not own spec.replicas').to.not.have.property(
      'f:replicas',
    );
    await waitServiceSteady(ns, 'auto', { taskDefinition: 'auto:1', running: 2 });
  });

  it('kubectl scale of the autoscaled service: a condition and a Warning event say auto scaling owns the count', async function () {
    await kubectl(['-n', ns, 'scale', 'esvc', 'auto', '--replicas=9']);
    const overridden = await waitFor(
      async () => {
        const c = condition(await getEsvc(ns, 'auto'), 'DesiredCountOverridden');
        return c?.status === 'True' && c;
      },
      60_000,
      'condition DesiredCountOverridden=True',
    );
    expect(overridden.message).to.contain('desiredCount 9 is not applied').and.contain('autoScaling 2-5, now 2');
    const events = await eventsFor(ns, 'Service', 'auto', 'Warning');
    expect(events.map((e) => e.reason)).to.include('DesiredCountOverridden');
    // The count that applies is the HPA's, and the service says what it runs, not what was asked.
    expect((await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'auto'])).spec?.replicas).to.equal(2);
    expect((await getEsvc(ns, 'auto')).status?.desiredCount).to.equal(2);
    await kubectl(['-n', ns, 'scale', 'esvc', 'auto', '--replicas=2']);
    await waitFor(
      async () => condition(await getEsvc(ns, 'auto'), 'DesiredCountOverridden')?.status === 'False',
      60_000,
      'condition DesiredCountOverridden=False once the asked count is the applied one',
    );
  });
});
