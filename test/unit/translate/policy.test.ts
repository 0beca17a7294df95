import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../../../src/ecs/model.js';
import { POLICY_KEYS, POLICY_PRESETS, type Policy } from '../../../src/translate/options.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';

const strict: Policy = { ...POLICY_PRESETS.strict };
const local: Policy = { ...POLICY_PRESETS.local };

/** One case per policy key: a definition the key refuses, and the field path the refusal names. */
const REFUSED: Record<
  keyof Policy,
  Array<{ what: string; c: Partial<ContainerDefinition>; td?: Partial<TaskDefinitionSpec>; path: string }>
> = {
  privileged: [{ what: 'privileged', c: { privileged: true }, path: 'containerDefinitions[0].privileged' }],
  hostNetwork: [
    { what: 'host network', c: {}, td: { networkMode: 'host' }, path: 'networkMode' },
    { what: 'host PID', c: {}, td: { pidMode: 'host' }, path: 'pidMode' },
    { what: 'host IPC', c: {}, td: { ipcMode: 'host' }, path: 'ipcMode' },
  ],
  hostPath: [
    {
      what: 'a bind mount of /',
      c: { mountPoints: [{ sourceVolume: 'root', containerPath: '/host' }] },
      td: { volumes: [{ name: 'root', host: { sourcePath: '/' } }] },
      path: 'volumes[0].host.sourcePath',
    },
  ],
  addedCapabilities: [
    {
      what: 'NET_ADMIN',
      c: { linuxParameters: { capabilities: { add: ['NET_ADMIN'] } } },
      path: 'containerDefinitions[0].linuxParameters.capabilities.add',
    },
    {
      what: 'ALL',
      c: { linuxParameters: { capabilities: { add: ['ALL'] } } },
      path: 'containerDefinitions[0].linuxParameters.capabilities.add',
    },
  ],
  hostPorts: [
    {
      what: 'a host port in bridge mode',
      c: { portMappings: [{ containerPort: 80, hostPort: 8080 }] },
      td: { networkMode: 'bridge' },
      path: 'containerDefinitions[0].portMappings[0].hostPort',
    },
  ],
  unconfinedProfiles: [
    {
      what: 'seccomp unconfined',
      c: { dockerSecurityOptions: ['seccomp:unconfined'] },
      path: 'containerDefinitions[0].dockerSecurityOptions[0]',
    },
    {
      what: 'apparmor unconfined',
      c: { dockerSecurityOptions: ['no-new-privileges', 'apparmor:unconfined'] },
      path: 'containerDefinitions[0].dockerSecurityOptions[1]',
    },
    {
      what: 'SELinux spc_t',
      c: { dockerSecurityOptions: ['label:type:spc_t'] },
      path: 'containerDefinitions[0].dockerSecurityOptions[0]',
    },
    {
      what: 'SELinux user',
      c: { dockerSecurityOptions: ['label:user:system_u'] },
      path: 'containerDefinitions[0].dockerSecurityOptions[0]',
    },
  ],
  unsafeSysctls: [
    {
      what: 'kernel.core_pattern',
      c: { systemControls: [{ namespace: 'kernel.core_pattern', value: '|/tmp/x' }] },
      path: 'containerDefinitions[0].systemControls[0].namespace',
    },
  ],
};

const build = (c: Partial<ContainerDefinition>, td: Partial<TaskDefinitionSpec> | undefined, policy: Policy) =>
  buildPodTemplate(taskDef(container('app', c), td ?? {}), podContext({ options: { policy } }));

describe('policy presets', () => {
  it('strict refuses every key, local allows every key', () => {
    for (const k of POLICY_KEYS) {
      expect(POLICY_PRESETS.strict[k], k).to.equal('refuse');
      expect(POLICY_PRESETS.local[k], k).to.equal('allow');
    }
    expect(Object.keys(REFUSED).sort()).to.deep.equal([...POLICY_KEYS].sort());
  });

  for (const key of POLICY_KEYS) {
    for (const { what, c, td, path } of REFUSED[key]) {
      it(`${key}: strict refuses ${what} naming ${path}; local translates it; allowing only ${key} lets it through`, () => {
        expect(() => build(c, td, strict))
          .to.throw(InputError)
          .that.satisfies((e: InputError) => e.path === path && e.reason === 'RefusedByPolicy');
        expect(() => build(c, td, local)).to.not.throw();
        expect(() => build(c, td, { ...strict, [key]: 'allow' })).to.not.throw();
      });
    }
  }

  it('strict lets through what Pod Security baseline allows', () => {
    const ok: Partial<ContainerDefinition> = {
      user: '0',
      linuxParameters: { capabilities: { add: ['NET_BIND_SERVICE', 'CAP_CHOWN'], drop: ['NET_RAW'] } },
      systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '60' }],
      portMappings: [{ containerPort: 80 }],
    };
    expect(() =>
      build({ ...ok, dockerSecurityOptions: ['label:type:container_t', 'label:level:s0:c1'] }, undefined, strict),
    ).to.not.throw();
    expect(() =>
      build({ ...ok, dockerSecurityOptions: ['apparmor:runtime/default'] }, { networkMode: 'bridge' }, strict),
    ).to.not.throw();
  });
});

describe('capability names', () => {
  for (const policy of [strict, local]) {
    it(`refuses a name that is not a Linux capability, whatever the policy (${policy === strict ? 'strict' : 'local'})`, () => {
      expect(() =>
        build({ linuxParameters: { capabilities: { add: ['NET_BIND_SERVICE', 'NOT_A_CAP'] } } }, undefined, policy),
      )
        .to.throw(InputError, '"NOT_A_CAP" is not a Linux capability')
        .with.property('path', 'containerDefinitions[0].linuxParameters.capabilities.add[1]');
      expect(() => build({ linuxParameters: { capabilities: { drop: ['CAP_BOGUS'] } } }, undefined, policy))
        .to.throw(InputError)
        .with.property('path', 'containerDefinitions[0].linuxParameters.capabilities.drop[0]');
    });
  }
});

describe('reserved label keys in dockerLabels', () => {
  it('never become pod labels or annotations: a Task cannot join a service through ecs2eks.dev/service', () => {
    const labels = {
      'ecs2eks.dev/service': 'web',
      'ecs2eks.dev/essential-containers': 'x',
      'app.kubernetes.io/managed-by': 'me',
      'node.kubernetes.io/x': '1',
      team: 'payments',
    };
    const r = build({ dockerLabels: labels }, undefined, local);
    const meta = (r.template as { metadata: { labels: Record<string, string>; annotations?: Record<string, string> } })
      .metadata;
    expect(meta.labels).to.not.have.property('ecs2eks.dev/service');
    expect(meta.labels['app.kubernetes.io/managed-by']).to.not.equal('me');
    expect(meta.labels).to.not.have.property('node.kubernetes.io/x');
    // The operator's own annotation holds the real essential set, never the docker label's value.
    expect(meta.annotations?.['ecs2eks.dev/essential-containers']).to.not.equal('x');
    expect(meta.labels.team).to.equal('payments');
    const reserved = r.findings.filter((f) => f.level === 'Unsupported' && f.message.includes('reserved key'));
    expect(reserved.map((f) => f.message.split('"')[1]).sort()).to.deep.equal(
      [
        'app.kubernetes.io/managed-by',
        'ecs2eks.dev/essential-containers',
        'ecs2eks.dev/service',
        'node.kubernetes.io/x',
      ].sort(),
    );
    expect(reserved.every((f) => f.path === 'containerDefinitions[0].dockerLabels')).to.equal(true);
  });
});

describe('sysctls beside ipcMode host', () => {
  it('drops IPC-namespace sysctls with a finding (the apiserver refuses them with hostIPC)', () => {
    const r = build(
      { systemControls: [{ namespace: 'kernel.shm_rmid_forced', value: '1' }] },
      { ipcMode: 'host' },
      local,
    );
    const spec = (r.template as { spec: { hostIPC?: boolean; securityContext?: unknown } }).spec;
    expect(spec.hostIPC).to.equal(true);
    expect(spec.securityContext).to.equal(undefined);
    expect(r.findings.find((f) => f.path === 'containerDefinitions[0].systemControls[0]')?.level).to.equal(
      'Unsupported',
    );
  });
});
