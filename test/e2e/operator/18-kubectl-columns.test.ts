// Scenario 18: `kubectl get` tells the truth at a glance. A healthy Service is READY True; one whose
// task definition is missing is READY False with the reason, whatever its rollout column says; the
// TaskDefinition lists every container; `-o wide` adds the launch type, the strategy and every kept
// deployment.
import { expect } from 'chai';
import { apply, kubectl } from '../support/kubectl.js';
import { waitFor } from '../support/wait.js';
import { container, ecsService, ensureCrds, taskDefinition, useOperator, waitServiceSteady } from './helpers.js';

before(ensureCrds);

/** The row of `kubectl get KIND NAME [-o wide]` as header → value (columns split on 2+ spaces). */
async function row(ns: string, kind: string, name: string, wide = false): Promise<Record<string, string>> {
  const text = await kubectl(['-n', ns, 'get', kind, name, ...(wide ? ['-o', 'wide'] : [])]);
  const [header, line] = text.trimEnd().split('\n');
  // Column starts come from the header; values may contain single spaces ("web:1 PRIMARY COMPLETED").
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  const out: Record<string, string> = {};
  starts.forEach((c, i) => (out[c.name] = line.slice(c.at, starts[i + 1]?.at).trim()));
  return out;
}

describe('operator scenario 18: kubectl get columns', function () {
  let ns = '';
  useOperator('e2e-op18', 'op18', (n) => (ns = n));

  it('shows every container of a TaskDefinition and whether it is Ready', async () => {
    await apply(
      ns,
      taskDefinition('shop', {
        containerDefinitions: [
          container('app', 'registry.example/app:1'),
          container('envoy', 'registry.example/envoy:1', { essential: false }),
          container('log-router', 'registry.example/fluent-bit:1', { essential: false }),
        ],
      }),
    );
    const r = await waitFor(
      async () => {
        const x = await row(ns, 'etd', 'shop');
        return x.READY === 'True' && x;
      },
      60_000,
      'etd shop Ready',
    );
    expect(r).to.include({ FAMILY: 'shop', REVISION: '1', CONTAINERS: 'app,envoy,log-router' });
  });

  it('shows a steady Service READY True, and -o wide adds launch type, strategy and its deployments', async () => {
    await apply(ns, ecsService('shop', { taskDefinition: 'shop', desiredCount: 2, launchType: 'FARGATE' }));
    await waitServiceSteady(ns, 'shop', { taskDefinition: 'shop:1', running: 2 });
    const r = await row(ns, 'esvc', 'shop', true);
    expect(r).to.include({
      TASKDEF: 'shop:1',
      DESIRED: '2',
      RUNNING: '2',
      READY: 'True',
      'LAUNCH TYPE': 'FARGATE',
      DEPLOYMENTS: 'shop:1 PRIMARY COMPLETED',
    });
  });

  it('shows a Service whose task definition is missing as READY False with the reason, never as healthy', async () => {
    await apply(ns, ecsService('orphan', { taskDefinition: 'nope', desiredCount: 1 }));
    const r = await waitFor(
      async () => {
        const x = await row(ns, 'esvc', 'orphan', true);
        return x.READY === 'False' && x.REASON !== '' && x;
      },
      60_000,
      'esvc orphan READY False',
    );
    expect(r.ROLLOUT).to.not.equal('COMPLETED');
    expect(r.REASON).to.match(/TaskDefinition/);
  });
});
