import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { findingsAt } from '../../support/pods.js';

describe('identity and placement', () => {
  it('makes the task role a ServiceAccount with the IRSA annotation', () => {
    const role = 'arn:aws:iam::123456789012:role/app-task';
    const r = buildPodTemplate(taskDef(container('web'), { taskRoleArn: role }), podContext());
    expect(r.objects).to.deep.equal([
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { annotations: { 'eks.amazonaws.com/role-arn': role }, name: 'app', namespace: 'default' },
      },
    ]);
    expect(r.template.spec.serviceAccountName).to.equal('app');
    expect(findingsAt(r, 'taskRoleArn')[0].message).to.contain('system:serviceaccount:default:app');
  });

  it('uses the RunTask taskRoleArn override', () => {
    const r = buildPodTemplate(taskDef(container('web'), { taskRoleArn: 'arn:aws:iam::123456789012:role/a' }), {
      ...podContext({ kind: 'Task' }),
      overrides: { taskRoleArn: 'arn:aws:iam::123456789012:role/b' },
    });
    expect(r.objects[0].metadata.annotations).to.deep.equal({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/b',
    });
  });

  it('has no ServiceAccount and no token without a task role', () => {
    const r = buildPodTemplate(taskDef(container('web')), podContext());
    expect(r.objects).to.deep.equal([]);
    expect(r.template.spec).to.not.have.property('serviceAccountName');
    expect(r.template.spec.automountServiceAccountToken).to.equal(false);
  });

  it('turns repository credentials into a deterministic imagePullSecret', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:1:secret:dockerhub-AbC123' },
        }),
      ),
      podContext(),
    );
    expect(r.template.spec.imagePullSecrets).to.deep.equal([{ name: 'regcred-dockerhub-abc123-d4469046' }]);
  });

  it('puts valid docker labels and tags on the pod and the rest in annotations, never overriding the caller labels', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          dockerLabels: {
            team: 'payments',
            'com.example/desc': 'has spaces here',
            'bad key!': 'x',
            'ecs2eks.dev/family': 'other',
          },
        }),
        {
          tags: [
            { key: 'env', value: 'prod' },
            { key: 'aws:cloudformation:stack-name', value: 's' },
          ],
        },
      ),
      podContext(),
    );
    expect(r.template.metadata).to.deep.equal({
      labels: { env: 'prod', 'ecs2eks.dev/family': 'app', team: 'payments' },
      annotations: {
        'com.example/desc': 'has spaces here',
        'ecs2eks.dev/container-names': '{"web":"web"}',
        'ecs2eks.dev/essential-containers': 'web',
        // The reserved key is kept verbatim here, never as a label.
        'ecs2eks.dev/docker-labels': '{"bad key!":"x","ecs2eks.dev/family":"other"}',
        'ecs2eks.dev/tags': '{"aws:cloudformation:stack-name":"s"}',
      },
    });
    expect(findingsAt(r, 'containerDefinitions[0].dockerLabels').map((f) => f.message)).to.satisfy((ms: string[]) =>
      ms.some((m) => m.startsWith('"ecs2eks.dev/family" is a reserved key')),
    );
  });

  it('keeps docker labels named like Object.prototype members (constructor, toString) as labels', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { dockerLabels: { constructor: 'a', toString: 'b', hasOwnProperty: 'c' } })),
      podContext(),
    );
    expect(r.template.metadata.labels).to.include({ constructor: 'a', toString: 'b', hasOwnProperty: 'c' });
    expect(JSON.stringify(findingsAt(r, 'containerDefinitions[0].dockerLabels'))).to.not.include('dropped');
  });

  it('selects nodes by runtime platform', () => {
    const linux = buildPodTemplate(
      taskDef(container('web'), { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } }),
      podContext(),
    );
    expect(linux.template.spec.nodeSelector).to.deep.equal({
      'kubernetes.io/arch': 'arm64',
      'kubernetes.io/os': 'linux',
    });
    const win = buildPodTemplate(
      taskDef(container('web'), {
        runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
      }),
      podContext(),
    );
    expect(win.template.spec.nodeSelector).to.deep.equal({
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'windows',
      'node.kubernetes.io/windows-build': '10.0.20348',
    });
  });

  it('places FARGATE tasks on Fargate nodes only when that integration is on', () => {
    const td = taskDef(container('web'), { requiresCompatibilities: ['FARGATE'] });
    expect(buildPodTemplate(td, podContext()).template.spec).to.not.have.property('nodeSelector');
    const on = buildPodTemplate(
      td,
      podContext({
        options: {
          integrations: {
            fargateNodeSelection: true,
            efs: false,
            externalSecrets: false,
            targetGroupBinding: false,
            securityGroupPolicy: false,
          },
        },
      }),
    );
    expect(on.template.spec.nodeSelector).to.deep.equal({ 'eks.amazonaws.com/compute-type': 'fargate' });
  });

  it('passes task placement constraints through untouched for the service layer', () => {
    const pc = [{ type: 'memberOf' as const, expression: 'attribute:ecs.instance-type =~ t3.*' }];
    expect(
      buildPodTemplate(taskDef(container('web'), { placementConstraints: pc }), podContext()).placementConstraints,
    ).to.deep.equal(pc);
  });
});
