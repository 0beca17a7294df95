import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { POLICY_PRESETS, type Policy } from '../../../src/translate/options.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt } from '../../support/pods.js';

const refuseAll: Policy = { ...POLICY_PRESETS.strict };

describe('security', () => {
  it('maps numeric user, privileged, read-only root and capabilities', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          user: '1000:2000',
          privileged: true,
          readonlyRootFilesystem: true,
          linuxParameters: { capabilities: { add: ['NET_ADMIN', 'CAP_SYS_TIME'], drop: ['ALL'] } },
        }),
      ),
      podContext(),
    );
    expect(containerOf(r, 'web').securityContext).to.deep.equal({
      capabilities: { add: ['NET_ADMIN', 'SYS_TIME'], drop: ['ALL'] },
      privileged: true,
      readOnlyRootFilesystem: true,
      runAsGroup: 2000,
      runAsUser: 1000,
    });
  });

  it('reports a user name as unsupported and sets no user', () => {
    const r = buildPodTemplate(taskDef(container('web', { user: 'nginx' })), podContext());
    expect(containerOf(r, 'web')).to.not.have.property('securityContext');
    expect(findingsAt(r, 'containerDefinitions[0].user')[0].level).to.equal('Unsupported');
  });

  it('refuses privileged containers when the policy says so', () => {
    expect(() =>
      buildPodTemplate(taskDef(container('web', { privileged: true })), podContext({ options: { policy: refuseAll } })),
    )
      .to.throw(InputError, 'privileged containers are refused by the operator policy')
      .with.property('path', 'containerDefinitions[0].privileged');
  });

  it('refuses added capabilities but not dropped ones when the policy says so', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(container('web', { linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } } })),
        podContext({ options: { policy: refuseAll } }),
      ),
    )
      .to.throw(InputError)
      .with.property('reason', 'RefusedByPolicy');
    const r = buildPodTemplate(
      taskDef(container('web', { linuxParameters: { capabilities: { drop: ['NET_RAW'] } } })),
      podContext({ options: { policy: refuseAll } }),
    );
    expect(containerOf(r, 'web').securityContext).to.deep.equal({ capabilities: { drop: ['NET_RAW'] } });
  });

  it('translates docker security options it knows and reports the others', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          dockerSecurityOptions: [
            'no-new-privileges',
            'apparmor:my-profile',
            'label:type:spc_t',
            'credentialspec:file://x.json',
            'systempaths=unconfined',
          ],
        }),
      ),
      podContext(),
    );
    expect(containerOf(r, 'web').securityContext).to.deep.equal({
      allowPrivilegeEscalation: false,
      appArmorProfile: { localhostProfile: 'my-profile', type: 'Localhost' },
      seLinuxOptions: { type: 'spc_t' },
      // gMSA: the spec named after the file, read from a GMSACredentialSpec resource.
      windowsOptions: { gmsaCredentialSpecName: 'x' },
    });
    const gmsa = findingsAt(r, 'containerDefinitions[0].dockerSecurityOptions[3]')[0];
    expect(gmsa.level).to.equal('Approximated');
    expect(gmsa.message).to.contain('GMSACredentialSpec named "x"');
    expect(findingsAt(r, 'containerDefinitions[0].dockerSecurityOptions[4]')[0].level).to.equal('Unsupported');
  });

  it('reports Linux parameters and ulimits without an equivalent', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 2 }],
          linuxParameters: {
            initProcessEnabled: true,
            maxSwap: 0,
            swappiness: 10,
            devices: [{ hostPath: '/dev/fuse' }],
          },
        }),
      ),
      podContext(),
    );
    expect(r.findings.filter((f) => f.level === 'Unsupported').map((f) => f.path)).to.deep.equal([
      'containerDefinitions[0].linuxParameters.initProcessEnabled',
      'containerDefinitions[0].linuxParameters.devices[0]',
      'containerDefinitions[0].linuxParameters.maxSwap',
      'containerDefinitions[0].linuxParameters.swappiness',
      'containerDefinitions[0].ulimits',
    ]);
  });

  it('maps pidMode task to a shared process namespace and host modes to host namespaces', () => {
    expect(
      buildPodTemplate(taskDef(container('web'), { pidMode: 'task' }), podContext()).template.spec
        .shareProcessNamespace,
    ).to.equal(true);
    const host = buildPodTemplate(taskDef(container('web'), { pidMode: 'host', ipcMode: 'host' }), podContext())
      .template.spec;
    expect([host.hostPID, host.hostIPC]).to.deep.equal([true, true]);
  });

  it('refuses host PID namespaces under the host-namespace policy', () => {
    expect(() =>
      buildPodTemplate(taskDef(container('web'), { pidMode: 'host' }), podContext({ options: { policy: refuseAll } })),
    )
      .to.throw(InputError)
      .with.property('path', 'pidMode');
  });

  it('unions the containers sysctls, keeping the first value on conflict', () => {
    const r = buildPodTemplate(
      taskDef(
        container('a', { systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '60' }] }),
        container('b', {
          systemControls: [
            { namespace: 'net.ipv4.tcp_keepalive_time', value: '90' },
            { namespace: 'net.core.somaxconn', value: '1024' },
          ],
        }),
      ),
      podContext(),
    );
    expect(r.template.spec.securityContext).to.deep.equal({
      sysctls: [
        { name: 'net.core.somaxconn', value: '1024' },
        { name: 'net.ipv4.tcp_keepalive_time', value: '60' },
      ],
    });
    expect(findingsAt(r, 'containerDefinitions[1].systemControls[0]')[0].level).to.equal('Approximated');
    expect(findingsAt(r, 'containerDefinitions[1].systemControls[1]')[0].message).to.contain(
      '--allowed-unsafe-sysctls',
    );
  });
});
