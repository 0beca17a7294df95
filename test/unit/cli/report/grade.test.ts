import { expect } from 'chai';
import { grade, kindOf } from '../../../../src/cli/report/grade.js';
import type { Finding } from '../../../../src/translate/types.js';

const f = (
  level: Finding['level'],
  path: string,
  message = 'm',
  source: Finding['source'] = 'TaskDefinition',
): Finding => ({
  source,
  path,
  level,
  message,
});

describe('report grade', () => {
  it('is ready with no findings or only Info findings', () => {
    expect(grade({ ok: true, findings: [] })).to.deep.equal({ grade: 'ready', groups: [] });
    expect(grade({ ok: true, findings: [f('Info', 'cpu'), f('Info', 'taskRoleArn')] }).grade).to.equal('ready');
  });

  it('blocks a row that does not convert, telling a policy refusal from other errors', () => {
    const refused = grade({
      ok: false,
      error: 'containerDefinitions[0].privileged: privileged containers are refused by the operator policy',
      findings: [],
    });
    expect(refused.grade).to.equal('blocked');
    expect(refused.groups.map((g) => g.kind)).to.deep.equal(['policy refusal']);
    const other = grade({
      ok: false,
      error: 'uses task definition family "x", which is not in this file',
      findings: [],
    });
    expect(other.groups).to.deep.equal([
      {
        kind: 'conversion error',
        grade: 'blocked',
        reasons: ['uses task definition family "x", which is not in this file'],
      },
    ]);
  });

  it('blocks on an Unsupported finding about the resource as a whole (path ""), not on an Approximated one', () => {
    expect(
      grade({ ok: true, findings: [f('Unsupported', '', 'a.json also becomes Service "web"', 'Service')] }).grade,
    ).to.equal('blocked');
    const g = grade({ ok: true, findings: [f('Approximated', '', 'applied without the operator', 'Service')] });
    expect(g.grade).to.equal('needs work');
    expect(g.groups[0].kind).to.equal('other');
  });

  const cases: Array<[string, Finding]> = [
    ['load balancer', f('Approximated', 'loadBalancers[0].targetGroupArn', 'not registered', 'Service')],
    ['load balancer', f('Unsupported', 'loadBalancers[1].loadBalancerName', 'Classic', 'Service')],
    ['secrets', f('Approximated', 'containerDefinitions[0].secrets[2].valueFrom')],
    ['secrets', f('Unsupported', 'containerDefinitions[1].repositoryCredentials.credentialsParameter')],
    ['secrets', f('Unsupported', 'containerDefinitions[0].logConfiguration.secretOptions')],
    ['efs', f('Approximated', 'volumes[0].efsVolumeConfiguration.authorizationConfig')],
    ['iam role', f('Approximated', 'taskRoleArn')],
    ['iam role', f('Approximated', 'executionRoleArn')],
    [
      'host access',
      f('Approximated', 'volumes[0].host.sourcePath', '/var/run/docker.sock is the Docker engine socket'),
    ],
    ['host access', f('Approximated', 'containerDefinitions[0].privileged')],
    ['host access', f('Unsupported', 'containerDefinitions[0].linuxParameters.capabilities.add')],
    ['host access', f('Unsupported', 'containerDefinitions[0].linuxParameters.devices[0]')],
    ['host access', f('Unsupported', 'pidMode')],
    ['host access', f('Unsupported', 'containerDefinitions[0].systemControls[1]')],
    ['windows', f('Approximated', 'runtimePlatform.operatingSystemFamily')],
    ['windows', f('Unsupported', 'volumes[2].fsxWindowsFileServerVolumeConfiguration')],
    ['windows', f('Approximated', 'containerDefinitions[0].credentialSpecs')],
    [
      'cloudformation',
      f(
        'Unsupported',
        'containerDefinitions[0].image',
        'Fn::ImportValue cannot be resolved without deploying the stack; left as a placeholder',
      ),
    ],
    [
      'cloudformation',
      f('Unsupported', 'taskRoleArn', 'parameter Role has no default; left as the placeholder ${Role}'),
    ],
    ['cloudformation', f('Unsupported', 'cpu', 'Fn::Join over values that cannot be resolved offline')],
    ['other', f('Approximated', 'networkMode', 'bridge: containers share the pod network namespace')],
    ['other', f('Unsupported', 'containerDefinitions[0].ulimits')],
    // Near misses: the words alone do not decide a kind.
    ['other', f('Approximated', 'containerDefinitions[0].hostname', 'placeholder host')],
    ['other', f('Approximated', 'containerDefinitions[0].environment', 'mentions secrets and taskRoleArn')],
  ];
  for (const [kind, finding] of cases)
    it(`classifies ${finding.level} ${finding.path || '(resource)'} as ${kind}`, () => {
      expect(kindOf(finding)).to.equal(kind);
      const g = grade({ ok: true, findings: [finding, f('Info', 'cpu')] });
      expect(g.grade).to.equal('needs work');
      expect(g.groups).to.have.length(1);
      expect(g.groups[0]).to.include({ kind, grade: 'needs work' });
    });

  it('groups reasons by kind in a fixed order, blocked winning over needs work', () => {
    const g = grade({
      ok: false,
      error: 'boom',
      findings: [
        f('Approximated', 'networkMode', 'bridge'),
        f('Approximated', 'taskRoleArn', 'IRSA'),
        f('Unsupported', 'containerDefinitions[0].ulimits', 'no ulimit'),
      ],
    });
    expect(g.grade).to.equal('blocked');
    expect(g.groups.map((x) => [x.kind, x.grade, x.reasons.length])).to.deep.equal([
      ['conversion error', 'blocked', 1],
      ['iam role', 'needs work', 1],
      ['other', 'needs work', 2],
    ]);
    expect(g.groups[2].reasons).to.deep.equal([
      'Approximated: networkMode: bridge',
      'Unsupported: containerDefinitions[0].ulimits: no ulimit',
    ]);
  });
});
