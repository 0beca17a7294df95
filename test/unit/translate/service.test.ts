import type { V1DaemonSetSpec, V1DeploymentSpec } from '@kubernetes/client-node';
import { expect } from 'chai';
import { ANNOTATION_FORCE_NEW_DEPLOYMENT, defaultOptions, translateService } from '../../../src/translate/index.js';
import type { KubeObject } from '../../../src/translate/types.js';
import { InputError } from '../../../src/ecs/errors.js';
import { service, taskDefinition, withDesiredCount, withService } from '../../support/service-builders.js';

const opts = defaultOptions({ namespace: 'team-a' });
const translate = (svc = service(), td = taskDefinition()) =>
  translateService({ name: 'web', service: svc, taskDefinition: td }, opts);
const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const spec = (o: KubeObject | undefined) => o?.spec as V1DeploymentSpec;
const daemonSetSpec = (o: KubeObject | undefined) => o?.spec as V1DaemonSetSpec;

describe('translateService', () => {
  it('turns a REPLICA service into a Deployment with replicas = desiredCount and the ECS default rollout', () => {
    const t = translate(service(withDesiredCount(4)));
    const d = byKind(t.objects, 'Deployment')[0];
    expect(spec(d).replicas).to.equal(4);
    expect(spec(d).strategy).to.deep.equal({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 4, maxUnavailable: '0%' },
    });
    expect(spec(d).progressDeadlineSeconds).to.equal(600);
  });

  it('refuses a desiredCount or maxCapacity above the tasks-per-service quota (5,000 unless configured), with the path', () => {
    expect(() => translate(service(withDesiredCount(2_147_483_647))))
      .to.throw(InputError, '2147483647 is above the 5,000 tasks a service may run')
      .with.property('path', 'desiredCount');
    expect(spec(byKind(translate(service(withDesiredCount(5000))).objects, 'Deployment')[0]).replicas).to.equal(5000);
    const autoscaled = service(withDesiredCount(2), withService('autoScaling', { minCapacity: 1, maxCapacity: 6000 }));
    expect(() => translate(autoscaled))
      .to.throw(InputError)
      .with.property('path', 'autoScaling.maxCapacity');
    const raised = defaultOptions({ namespace: 'team-a', maxTasksPerService: 20_000 });
    const t = translateService(
      { name: 'web', service: service(withDesiredCount(10_000)), taskDefinition: taskDefinition() },
      raised,
    );
    expect(spec(byKind(t.objects, 'Deployment')[0]).replicas).to.equal(10_000);
  });

  it('puts a forced deployment (UpdateService forceNewDeployment) on the pod template, so the same revision rolls', () => {
    const plain = byKind(translate().objects, 'Deployment')[0];
    const forced = byKind(
      translateService(
        {
          name: 'web',
          service: service(),
          taskDefinition: taskDefinition(),
          forceNewDeployment: '2026-11-30T05:00:00Z',
        },
        opts,
      ).objects,
      'Deployment',
    )[0];
    expect(spec(plain).template.metadata?.annotations?.[ANNOTATION_FORCE_NEW_DEPLOYMENT]).to.equal(undefined);
    expect(spec(forced).template.metadata?.annotations?.[ANNOTATION_FORCE_NEW_DEPLOYMENT]).to.equal(
      '2026-11-30T05:00:00Z',
    );
    expect(spec(forced).template.spec).to.deep.equal(spec(plain).template.spec);
  });

  it('selects pods only by the stable service label, so a new revision keeps the selector', () => {
    const a = byKind(translate(service(withDesiredCount(2))).objects, 'Deployment')[0];
    const td4 = { ...taskDefinition(), revision: 4 };
    const b = byKind(translate(service(withDesiredCount(2)), td4).objects, 'Deployment')[0];
    expect(spec(a).selector).to.deep.equal({ matchLabels: { 'ecs2eks.dev/service': 'web' } });
    expect(spec(b).selector).to.deep.equal(spec(a).selector);
    expect(spec(b).template.metadata?.labels?.['ecs2eks.dev/revision']).to.equal('4');
    expect(a?.metadata.labels).to.include({
      'app.kubernetes.io/managed-by': 'ecs2eks',
      'ecs2eks.dev/family': 'web',
      'ecs2eks.dev/revision': '3',
    });
  });

  it('puts every object in the options namespace and writes no null or undefined', () => {
    const t = translate(
      service(withDesiredCount(3), withService('loadBalancers', [{ containerName: 'app', containerPort: 80 }])),
    );
    for (const o of t.objects) expect(o.metadata.namespace).to.equal('team-a');
    const hasNullish = (v: unknown): boolean =>
      v === null || v === undefined || (typeof v === 'object' && Object.values(v).some(hasNullish));
    expect(t.objects.some(hasNullish)).to.equal(false);
  });

  it('sorts objects by kind order then name', () => {
    const t = translate(
      service(
        withDesiredCount(3),
        withService('deploymentConfiguration', { minimumHealthyPercent: 50 }),
        withService('serviceConnectConfiguration', {
          enabled: true,
          services: [{ portName: 'http', discoveryName: 'api' }],
        }),
        withService('loadBalancers', [{ containerName: 'app', containerPort: 80 }]),
      ),
    );
    expect(t.objects.map((o) => `${o.kind}/${o.metadata.name}`)).to.deep.equal([
      'Service/api',
      'Service/web',
      'Deployment/web',
      'PodDisruptionBudget/web',
    ]);
  });

  it('turns a DAEMON service into a DaemonSet with the daemon rollout and no PDB, ignoring desiredCount', () => {
    const t = translate(service(withService('schedulingStrategy', 'DAEMON'), withDesiredCount(3)));
    expect(t.objects.map((o) => o.kind)).to.deep.equal(['DaemonSet']);
    const ds = daemonSetSpec(t.objects[0]);
    expect(ds.updateStrategy).to.deep.equal({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: '100%' },
    });
    expect(ds.template.spec!.topologySpreadConstraints).to.equal(undefined);
    expect(t.findings.some((f) => f.path === 'desiredCount')).to.equal(true);
  });

  it('spreads a REPLICA service over zones by default, as ECS does', () => {
    const d = byKind(translate(service(withDesiredCount(2))).objects, 'Deployment')[0];
    expect(spec(d).template.spec?.topologySpreadConstraints?.map((c) => c.topologyKey)).to.deep.equal([
      'topology.kubernetes.io/zone',
    ]);
  });

  it('spreads a FARGATE service over zones even with an explicit instance spread', () => {
    const d = byKind(
      translate(
        service(
          withService('launchType', 'FARGATE'),
          withService('placementStrategy', [{ type: 'spread', field: 'instanceId' }]),
        ),
      ).objects,
      'Deployment',
    )[0];
    expect(spec(d).template.spec?.topologySpreadConstraints?.map((c) => c.topologyKey)).to.deep.equal([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
  });

  it('annotates the circuit breaker for the operator and reports that the operator runs it', () => {
    const t = translate(
      service(
        withDesiredCount(10),
        withService('deploymentConfiguration', { deploymentCircuitBreaker: { enable: true, rollback: true } }),
      ),
    );
    const d = byKind(t.objects, 'Deployment')[0];
    expect(d?.metadata.annotations).to.include({
      'ecs2eks.dev/circuit-breaker': 'enabled',
      'ecs2eks.dev/rollback': 'true',
      'ecs2eks.dev/circuit-breaker-threshold': '5',
    });
    expect(
      t.findings.find((f) => f.path === 'deploymentConfiguration.deploymentCircuitBreaker.enable')?.level,
    ).to.equal('Info');
  });

  it('hands replicas to an HPA and marks the Deployment so the operator leaves them alone', () => {
    const t = translate(
      service(
        withDesiredCount(1),
        withService('autoScaling', {
          minCapacity: 2,
          maxCapacity: 6,
          targetTrackingPolicies: [
            {
              policyName: 'p',
              targetValue: 50,
              predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
            },
          ],
        }),
      ),
    );
    const d = byKind(t.objects, 'Deployment')[0];
    expect(spec(d).replicas).to.equal(2);
    expect(d?.metadata.annotations?.['ecs2eks.dev/replicas-managed-by']).to.equal('hpa');
    expect(byKind(t.objects, 'HorizontalPodAutoscaler')).to.have.length(1);
    expect(byKind(t.objects, 'PodDisruptionBudget')).to.have.length(1);
  });

  it('delays liveness probes by healthCheckGracePeriodSeconds and extends the progress deadline', () => {
    const td = taskDefinition('web', (s) => {
      s.containerDefinitions[0].healthCheck = { command: ['CMD-SHELL', 'curl -f localhost'], interval: 10 };
    });
    const t = translate(service(withService('healthCheckGracePeriodSeconds', 120)), td);
    const d = spec(byKind(t.objects, 'Deployment')[0]);
    expect(d.template.spec?.containers[0].livenessProbe?.initialDelaySeconds).to.be.at.least(120);
    expect(d.progressDeadlineSeconds).to.equal(720);
    expect(t.findings.find((f) => f.path === 'healthCheckGracePeriodSeconds')?.level).to.equal('Approximated');
  });

  it('labels the workload with valid service tags, propagates them to pods with propagateTags SERVICE, and keeps all in an annotation', () => {
    const t = translate(
      service(
        withService('tags', [
          { key: 'team', value: 'data' },
          { key: 'aws:owner', value: 'x y' },
        ]),
        withService('propagateTags', 'SERVICE'),
      ),
    );
    const d = byKind(t.objects, 'Deployment')[0];
    expect(d?.metadata.labels?.team).to.equal('data');
    expect(spec(d).template.metadata?.labels?.team).to.equal('data');
    expect(JSON.parse(d.metadata.annotations!['ecs2eks.dev/tags'])).to.deep.equal({
      'aws:owner': 'x y',
      team: 'data',
    });
    expect(t.findings.find((f) => f.path === 'tags[1]')?.level).to.equal('Info');
  });

  it('does not put service tags on pods without propagateTags SERVICE', () => {
    const d = byKind(
      translate(service(withService('tags', [{ key: 'team', value: 'data' }]))).objects,
      'Deployment',
    )[0];
    expect(d?.metadata.labels?.team).to.equal('data');
    expect(spec(d).template.metadata!.labels!.team).to.equal(undefined);
  });

  it('reports deployment features it does not reproduce', () => {
    const t = translate(
      service(
        withService('deploymentController', { type: 'CODE_DEPLOY' }),
        withService('deploymentConfiguration', {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 5,
          alarms: { alarmNames: ['a'], enable: true, rollback: true },
        }),
        withService('networkConfiguration', { awsvpcConfiguration: { subnets: ['s-1'], assignPublicIp: 'ENABLED' } }),
        withService('cluster', 'prod'),
      ),
    );
    const paths = t.findings.map((f) => `${f.path}:${f.level}`);
    expect(paths).to.include.members([
      'deploymentController.type:Unsupported',
      'deploymentConfiguration.strategy:Unsupported',
      'deploymentConfiguration.bakeTimeInMinutes:Unsupported',
      'deploymentConfiguration.alarms.alarmNames:Unsupported',
      'networkConfiguration.awsvpcConfiguration.subnets:Unsupported',
      'networkConfiguration.awsvpcConfiguration.assignPublicIp:Unsupported',
      'cluster:Info',
    ]);
  });

  it('says nothing about bakeTimeInMinutes 0: that is what a rolling update does', () => {
    const t = translate(service(withService('deploymentConfiguration', { bakeTimeInMinutes: 0 })));
    expect(t.findings.filter((f) => f.path.includes('bakeTimeInMinutes'))).to.deep.equal([]);
  });

  it('gives the same output twice and regardless of the input’s key order', () => {
    const a = service(
      withDesiredCount(3),
      withService('placementConstraints', [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }]),
      withService('loadBalancers', [{ containerName: 'app', containerPort: 80, targetGroupArn: 'arn:tg' }]),
      withService('tags', [
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ]),
    );
    const reversed = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(a).reverse()))) as typeof a;
    const first = translate(a);
    expect(translate(a)).to.deep.equal(first);
    expect(JSON.stringify(translate(reversed))).to.equal(JSON.stringify(first));
  });
});
