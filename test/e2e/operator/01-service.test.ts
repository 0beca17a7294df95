// Scenario 1: a TaskDefinition and a Service applied with kubectl become a Deployment whose pods
// kwok runs; the Service reports steady state the way DescribeServices would, and
// `kubectl wait --for=condition=Ready esvc/NAME` returns.
import { expect } from 'chai';
import type { V1ControllerRevision, V1Deployment, V1Service } from '@kubernetes/client-node';
import { apply, kubectlJson } from '../support/kubectl.js';
import { isRunningAndReady } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  APP_LOAD_BALANCER,
  condition,
  ecsService,
  ensureCrds,
  expectOwnedBy,
  getEsvc,
  getEtd,
  kubectlWaitReady,
  podsWithSelector,
  waitServiceSteady,
  webTaskDefinition,
  useOperator,
} from './helpers.js';

before(ensureCrds);

describe('operator scenario 1: TaskDefinition + Service → running Deployment, steady state', function () {
  let ns = '';

  useOperator('e2e-op1', 'op1', (n) => {
    ns = n;
  });

  it('creates the Deployment, kwok runs its pods, status reaches runningCount = desiredCount, COMPLETED, Ready', async function () {
    await apply(
      ns,
      webTaskDefinition('web', 'registry.example.com/web:1.0'),
      ecsService('web', { taskDefinition: 'web', desiredCount: 3, loadBalancers: [APP_LOAD_BALANCER] }),
    );

    // The task definition's revision 1, as a ControllerRevision and in status.
    const td = await waitFor(
      async () => {
        const t = await getEtd(ns, 'web');
        return t.status?.revision === 1 && t;
      },
      60_000,
      'etd/web status.revision 1',
    );
    expect(td.status?.taskDefinitionArn).to.equal('web:1');
    expect(condition(td, 'Accepted')?.status, 'TaskDefinition Accepted').to.equal('True');
    const cr = await kubectlJson<V1ControllerRevision>(['-n', ns, 'get', 'controllerrevision', 'web-1']);
    expect(cr.metadata?.labels?.['ecs2eks.dev/taskdefinition']).to.equal('web');
    expect(cr.revision).to.equal(1);
    expectOwnedBy(cr, td, 'ControllerRevision web-1');

    // The Deployment: owned by the ECS Service, replicas = desiredCount, pods labelled.
    const svc = await getEsvc(ns, 'web');
    const dep = await waitFor(
      () => kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'web']),
      60_000,
      'deployment/web',
    );
    expectOwnedBy(dep, svc, 'Deployment web');
    expect(dep.spec?.replicas).to.equal(3);
    expect(dep.spec?.template.metadata?.labels).to.include({
      'ecs2eks.dev/service': 'web',
      'ecs2eks.dev/revision': '1',
    });

    // The core Service for the load-balanced port.
    const core = await waitFor(
      () => kubectlJson<V1Service>(['-n', ns, 'get', 'service', 'web']),
      60_000,
      'core service/web',
    );
    expectOwnedBy(core, svc, 'core Service web');
    expect(
      core.spec?.ports?.map((p) => p.port),
      'core Service ports',
    ).to.include(8080);
    expect(core.spec?.selector).to.include({ 'ecs2eks.dev/service': 'web' });

    // kwok runs the pods; the ECS status converges.
    await waitFor(
      async () => (await podsWithSelector(ns, 'ecs2eks.dev/service=web')).filter(isRunningAndReady).length === 3,
      60_000,
      '3 running pods of web',
    );
    const steady = await waitServiceSteady(ns, 'web', { taskDefinition: 'web:1', running: 3 });
    const st = steady.status!;
    expect(st.pendingCount ?? 0).to.equal(0);
    expect(st.selector, 'status.selector (scale subresource)').to.be.a('string').and.include('ecs2eks.dev/service=web');
    const primary = st.deployments?.filter((d) => d.status === 'PRIMARY') ?? [];
    expect(primary, 'exactly one PRIMARY deployment').to.have.length(1);
    expect(primary[0]).to.include({
      taskDefinition: 'web:1',
      rolloutState: 'COMPLETED',
      desiredCount: 3,
      runningCount: 3,
    });
    expect(condition(steady, 'Progressing')?.status, 'Progressing').to.not.equal(undefined);
    expect(condition(steady, 'Degraded')?.status ?? 'False', 'Degraded').to.equal('False');
    await waitFor(
      async () =>
        (await getEsvc(ns, 'web')).status?.events?.some((e) =>
          e.message.includes('(service web) has reached a steady state.'),
        ),
      30_000,
      'status.events[] with "(service web) has reached a steady state."',
    );

    // What a user types.
    const out = await kubectlWaitReady(ns, 'web', '60s');
    expect(out).to.match(/condition met/);
  });
});
