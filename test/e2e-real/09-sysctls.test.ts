// Real node, scenario 9: systemControls. A safe namespaced sysctl (net.ipv4.ip_local_port_range) is
// set in the task's network namespace and seen from inside. An unsafe one (net.core.somaxconn) is
// reported by the translation (the kubelet refuses it unless allowedUnsafeSysctls lists it), and when
// the operator's policy lets it through, the kubelet does refuse the pod (SysctlForbidden): the task
// stops as TaskFailedToStart and its status carries the kubelet's reason and message.
import { expect } from 'chai';
import { apply, kubectl } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

interface TaskView {
  lastStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers?: { name: string; exitCode?: number | null }[];
  findings?: { level: string; path: string; message: string }[];
}

async function stoppedTask(ns: string, name: string): Promise<TaskView> {
  return waitFor(
    async () => {
      const st = (await getEtask(ns, name)).status as TaskView | undefined;
      return st?.lastStatus === 'STOPPED' && st;
    },
    120_000,
    `task ${name} STOPPED`,
  );
}

describe('real node 9: systemControls, safe and unsafe', function () {
  let ns = '';
  // The local policy lets unsafe sysctls through (the default, strict, refuses them at translation).
  useOperator('e2e-real9', 'real9', (n) => (ns = n));

  it('a safe sysctl is set inside the task', async function () {
    await apply(
      ns,
      taskDefinition('safe', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', {
            command: ['sh', '-c', 'cat /proc/sys/net/ipv4/ip_local_port_range'],
            systemControls: [{ namespace: 'net.ipv4.ip_local_port_range', value: '20000 20999' }],
          }),
        ],
      }),
      ecsTask('safe', { taskDefinition: 'safe', placementConstraints: ON_REAL_NODE }),
    );
    const st = await stoppedTask(ns, 'safe');
    const logs = await kubectl(['-n', ns, 'logs', 'safe-0', '-c', 'app']);
    console.log(`      inside: ip_local_port_range = ${logs.trim()}`);
    expect(logs.trim().split(/\s+/)).to.deep.equal(['20000', '20999']);
    expect(st.containers?.find((c) => c.name === 'app')?.exitCode).to.equal(0);
  });

  it('an unsafe sysctl: a finding that names the kubelet setting, then the kubelet refusal in the status', async function () {
    await apply(
      ns,
      taskDefinition('unsafe', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', {
            command: ['sh', '-c', 'echo should never run'],
            systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
          }),
        ],
      }),
      ecsTask('unsafe', { taskDefinition: 'unsafe', placementConstraints: ON_REAL_NODE }),
    );
    const st = await stoppedTask(ns, 'unsafe');
    console.log(`      task: ${st.stopCode}: ${st.stoppedReason}`);
    const finding = st.findings?.find((f) => f.path.includes('systemControls'));
    expect(finding?.message).to.contain('allowedUnsafeSysctls');
    expect(finding?.level).to.not.equal('Info');
    expect(st.stopCode).to.equal('TaskFailedToStart');
    expect(st.stoppedReason).to.contain('SysctlForbidden').and.contain('net.core.somaxconn');
  });
});
