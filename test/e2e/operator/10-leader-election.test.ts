// Scenario 10: two operator processes with --leader-elect on one Lease. Only the leader reconciles
// (and writes); SIGKILL it and the standby takes over after about the lease duration and reconciles
// new resources. A graceful stop (SIGTERM) of the new leader releases the Lease.
import { expect } from 'chai';
import type { V1Lease } from '@kubernetes/client-node';
import { apply, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { type OperatorProcess, startOperator } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import {
  attachDiagnostics,
  ecsService,
  ensureCrds,
  kubectlWaitReady,
  waitServiceSteady,
  webTaskDefinition,
} from './helpers.js';

before(ensureCrds);

const LEASE = 'ecs2eks-e2e-leader';
/** Default --leader-election-lease-duration (15s) + retry period (2s) + slack for 2 busy cores. */
const TAKEOVER_BOUND_MS = 25_000;

describe('operator scenario 10: leader election between two operator processes', function () {
  let ns = '';
  let a: OperatorProcess | undefined;
  let b: OperatorProcess | undefined;

  const lease = async () => kubectlJson<V1Lease>(['-n', ns, 'get', 'lease', LEASE]);
  /** Writes other than the Lease itself (a standby may read and retry the Lease, nothing else). */
  const nonLeaseWrites = async (op: OperatorProcess) =>
    (await op.metrics()).writes({ resource: (r) => !/^leases/.test(r ?? '') });

  before(async function () {
    ns = await freshNamespace('e2e-op10');
    const le = { namespace: ns, id: LEASE };
    [a, b] = await Promise.all([
      startOperator({ namespace: ns, name: 'op10-a', leaderElection: le }),
      startOperator({ namespace: ns, name: 'op10-b', leaderElection: le }),
    ]);
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [a, b]);
  });
  after(async function () {
    await a?.kill();
    await b?.kill();
    if (ns) await dropNamespace(ns);
  });

  it('elects one leader; only the leader reconciles; SIGKILL it and the standby takes over and reconciles; SIGTERM releases the Lease', async function () {
    // Both are ready (a standby is ready too), exactly one leads.
    expect(await a!.ready(), 'a /readyz').to.equal(true);
    expect(await b!.ready(), 'b /readyz').to.equal(true);
    const [leader, standby] = await waitFor(
      async () => {
        const [ma, mb] = await Promise.all([a!.metrics(), b!.metrics()]);
        const la = ma.leaderStatus();
        const lb = mb.leaderStatus();
        if (la + lb !== 1) return undefined;
        return la === 1 ? [a!, b!] : [b!, a!];
      },
      60_000,
      'exactly one leader (leader_election_master_status)',
    );
    const holder = (await lease()).spec?.holderIdentity ?? '';
    expect(holder, 'Lease holder').to.not.equal('');

    // Work arrives: only the leader reconciles it.
    await apply(
      ns,
      webTaskDefinition('one', 'registry.example.com/one:1.0'),
      ecsService('one', { taskDefinition: 'one', desiredCount: 2 }),
    );
    await waitServiceSteady(ns, 'one', { taskDefinition: 'one:1', running: 2 });
    const [ml, ms] = await Promise.all([leader.metrics(), standby.metrics()]);
    expect(ml.reconciles(), `${leader.name} (leader) reconciles`).to.be.above(0);
    expect(ms.reconciles(), `${standby.name} (standby) reconciles`).to.equal(0);
    expect(
      await nonLeaseWrites(standby),
      `${standby.name} (standby) writes: ${JSON.stringify(ms.writesByResource())}`,
    ).to.equal(0);
    expect(ms.leaderStatus(), 'standby master status').to.equal(0);
    expect((await lease()).spec?.holderIdentity, 'Lease holder unchanged').to.equal(holder);

    // SIGKILL the leader: the standby takes over after about the lease duration.
    const killedAt = Date.now();
    await leader.kill();
    await waitFor(
      async () => (await standby.metrics()).leaderStatus() === 1,
      60_000,
      `${standby.name} to become leader`,
      200,
    );
    const takeoverMs = Date.now() - killedAt;
    const newHolder = (await lease()).spec?.holderIdentity ?? '';
    expect(newHolder, 'new Lease holder').to.not.equal(holder);
    expect(newHolder).to.not.equal('');

    // The new leader reconciles: a Service applied now becomes Ready.
    await apply(
      ns,
      webTaskDefinition('two', 'registry.example.com/two:1.0'),
      ecsService('two', { taskDefinition: 'two', desiredCount: 1 }),
    );
    await waitServiceSteady(ns, 'two', { taskDefinition: 'two:1', running: 1 });
    await kubectlWaitReady(ns, 'two', '60s');
    const readyMs = Date.now() - killedAt;
    expect((await standby.metrics()).reconciles(), `${standby.name} reconciles after the takeover`).to.be.above(0);
    console.log(
      `      leader election: ${standby.name} took over ${(takeoverMs / 1000).toFixed(1)}s after SIGKILL of ${leader.name}; service "two" Ready ${(readyMs / 1000).toFixed(1)}s after the kill`,
    );
    expect(takeoverMs, 'take-over time after SIGKILL').to.be.below(TAKEOVER_BOUND_MS);

    // Graceful stop releases the Lease at once.
    const exit = await standby.stop('SIGTERM');
    expect(exit.code, `exit of ${standby.name} on SIGTERM (signal ${exit.signal})`).to.equal(0);
    expect((await lease()).spec?.holderIdentity ?? '', 'Lease released on SIGTERM').to.equal('');
  });
});
