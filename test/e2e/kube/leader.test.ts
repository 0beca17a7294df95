// Leader election (src/kube/leader.ts) on a real coordination.k8s.io/v1 Lease: one leader among
// candidates, immediate hand-over on a graceful stop, take-over after about the lease duration
// when the leader process is SIGKILLed.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeaderElector, apiLeaseStore, type LeaseObject } from '../../../src/kube/leader.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { repoRoot } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { e2eClient, type E2EClient } from './support.js';
import { LEASE_TIMINGS } from './leader-timings.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('leader election on a real Lease', function () {
  let ns = '';
  let client: E2EClient;
  const electors: LeaderElector[] = [];
  const children: ChildProcess[] = [];

  function candidate(lease: string, identity: string, log: string[]): LeaderElector {
    const e = new LeaderElector({
      store: apiLeaseStore(client.api, ns, lease),
      name: lease,
      identity,
      ...LEASE_TIMINGS,
      onStartedLeading: () => void log.push(`${identity} leading`),
      onStoppedLeading: () => void log.push(`${identity} stopped`),
    });
    electors.push(e);
    void e.run();
    return e;
  }

  const holder = async (lease: string) =>
    (await client.api.get<LeaseObject>(RESOURCES.leases, ns, lease)).spec?.holderIdentity;

  before(async function () {
    client = e2eClient();
    ns = await freshNamespace('e2e-leader');
  });
  after(async function () {
    await Promise.all(electors.map((e) => e.stop()));
    for (const c of children) c.kill('SIGKILL');
    client?.transport.close();
    if (ns) await dropNamespace(ns);
  });

  it('elects exactly one of two candidates and hands over at once when the leader stops', async function () {
    const log: string[] = [];
    const a = candidate('graceful', 'a', log);
    const b = candidate('graceful', 'b', log);
    await waitFor(async () => a.isLeader() || b.isLeader(), 10_000, 'a leader');
    await new Promise((r) => setTimeout(r, 2 * LEASE_TIMINGS.leaseDurationMs));
    expect(
      [a, b].filter((e) => e.isLeader()),
      'still exactly one leader after two lease durations',
    ).to.have.length(1);
    const [leader, standby] = a.isLeader() ? [a, b] : [b, a];
    expect(await holder('graceful')).to.equal(leader.identity);

    const stoppedAt = Date.now();
    await leader.stop();
    expect(await holder('graceful'), 'released on stop').to.equal('');
    await waitFor(async () => standby.isLeader(), 10_000, 'the standby to take over');
    const takeover = Date.now() - stoppedAt;
    expect(takeover, 'no need to wait for expiry after a release').to.be.below(LEASE_TIMINGS.leaseDurationMs);
    expect(await holder('graceful')).to.equal(standby.identity);
    expect(log).to.include.members([
      `${leader.identity} leading`,
      `${leader.identity} stopped`,
      `${standby.identity} leading`,
    ]);
  });

  it('takes over from a SIGKILLed leader after about the lease duration', async function () {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'leader-child.ts'), ns, 'killed', 'child'], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await waitFor(async () => out.includes('LEADING'), 60_000, 'the child process to lead');
    const log: string[] = [];
    const standby = candidate('killed', 'standby', log);
    await new Promise((r) => setTimeout(r, 1500));
    expect(standby.isLeader(), 'the child still renews').to.equal(false);

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    // The child's last renewal, as written in the Lease (same machine, same clock).
    const lastRenew = Date.parse((await client.api.get<LeaseObject>(RESOURCES.leases, ns, 'killed')).spec!.renewTime!);
    let tookOverAt = 0;
    await waitFor(async () => standby.isLeader() && (tookOverAt = Date.now()), 20_000, 'the standby to take over', 50);
    expect(await holder('killed')).to.equal('standby');
    // Never before the lease expired (the standby measures from when it saw the last renewal,
    // which is after the renewal itself), and not much later than expiry after the kill.
    expect(tookOverAt - lastRenew).to.be.at.least(LEASE_TIMINGS.leaseDurationMs);
    expect(tookOverAt - killedAt).to.be.at.most(LEASE_TIMINGS.leaseDurationMs + 4 * LEASE_TIMINGS.retryPeriodMs + 1000);
  });
});
