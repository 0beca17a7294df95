import { expect } from 'chai';
import { checklist, trustPolicy } from '../../../../src/cli/report/checklist.js';
import type { ServiceSpec, TaskDefinitionSpec } from '../../../../src/ecs/model.js';
import type { KubeObject } from '../../../../src/translate/types.js';

const td = (extra: Partial<TaskDefinitionSpec>): TaskDefinitionSpec => ({
  family: 'f',
  containerDefinitions: [],
  ...extra,
});

const pod = (refs: Array<[string, string]>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    template: {
      spec: {
        containers: [{ env: refs.map(([name, key]) => ({ name: key, valueFrom: { secretKeyRef: { name, key } } })) }],
      },
    },
  },
});

describe('report checklist', () => {
  it('is empty for nothing to create', () => {
    expect(checklist([{ resource: 'Service a', taskDefinition: td({}), objects: [] }])).to.deep.equal({
      secrets: [],
      iamRoles: [],
      targetGroups: [],
      efsFileSystems: [],
    });
  });

  it('collects Secrets with their keys from secretKeyRefs, deduplicated and sorted', () => {
    const c = checklist([
      {
        resource: 'Service b',
        taskDefinition: td({}),
        objects: [
          pod([
            ['s2', 'x'],
            ['s1', 'k2'],
          ]),
        ],
      },
      {
        resource: 'Service a',
        taskDefinition: td({}),
        objects: [
          pod([
            ['s1', 'k1'],
            ['s1', 'k2'],
          ]),
        ],
      },
    ]);
    expect(c.secrets).to.deep.equal([
      { name: 's1', keys: ['k1', 'k2'], usedBy: ['Service a', 'Service b'] },
      { name: 's2', keys: ['x'], usedBy: ['Service b'] },
    ]);
  });

  it('lists task and execution roles once each, with the ServiceAccounts that assume them in the trust policy', () => {
    const sa: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api', namespace: 'prod', annotations: { 'eks.amazonaws.com/role-arn': 'arn:role/task' } },
    };
    const c = checklist([
      {
        resource: 'Service api',
        taskDefinition: td({ taskRoleArn: 'arn:role/task', executionRoleArn: 'arn:role/exec' }),
        objects: [sa],
      },
      { resource: 'Task job', taskDefinition: td({ executionRoleArn: 'arn:role/exec' }), objects: [] },
    ]);
    expect(c.iamRoles.map((r) => [r.arn, r.as, r.serviceAccounts, r.usedBy])).to.deep.equal([
      ['arn:role/exec', ['executionRoleArn'], [], ['Service api', 'Task job']],
      ['arn:role/task', ['taskRoleArn'], ['prod:api'], ['Service api']],
    ]);
    expect(JSON.stringify(c.iamRoles[1].trustPolicy)).to.include(
      '"<OIDC_PROVIDER>:sub":"system:serviceaccount:prod:api"',
    );
    expect(JSON.stringify(c.iamRoles[0].trustPolicy)).to.include('system:serviceaccount:<NAMESPACE>:<SERVICE_ACCOUNT>');
  });

  it('uses placeholders only in the trust policy skeleton, and lists several subjects as an array', () => {
    const p = JSON.stringify(trustPolicy(['a:x', 'b:y']));
    expect(p).to.include('arn:aws:iam::<ACCOUNT_ID>:oidc-provider/<OIDC_PROVIDER>');
    expect(p).to.include('"<OIDC_PROVIDER>:aud":"sts.amazonaws.com"');
    expect(p).to.include('["system:serviceaccount:a:x","system:serviceaccount:b:y"]');
    expect(p).to.not.match(/\d{12}/);
  });

  it('collects target groups and EFS file systems with access points', () => {
    const service = { loadBalancers: [{ targetGroupArn: 'tg/b' }, { targetGroupArn: 'tg/a' }, {}] } as ServiceSpec;
    const volumes = [
      {
        name: 'v1',
        efsVolumeConfiguration: { fileSystemId: 'fs-2', authorizationConfig: { accessPointId: 'fsap-1' } },
      },
      { name: 'v2', efsVolumeConfiguration: { fileSystemId: 'fs-1' } },
      { name: 'v3', efsVolumeConfiguration: { fileSystemId: 'fs-2' } },
    ];
    const c = checklist([
      { resource: 'Service s', taskDefinition: td({ volumes }), service, objects: [] },
      {
        resource: 'Service t',
        taskDefinition: td({}),
        service: { loadBalancers: [{ targetGroupArn: 'tg/a' }] },
        objects: [],
      },
    ]);
    expect(c.targetGroups).to.deep.equal([
      { arn: 'tg/a', usedBy: ['Service s', 'Service t'] },
      { arn: 'tg/b', usedBy: ['Service s'] },
    ]);
    expect(c.efsFileSystems).to.deep.equal([
      { fileSystemId: 'fs-1', accessPointIds: [], usedBy: ['Service s'] },
      { fileSystemId: 'fs-2', accessPointIds: ['fsap-1'], usedBy: ['Service s'] },
    ]);
  });
});
