// Scenario 16: deleting a namespace full of ECS resources is a quiet end. The namespace controller
// deletes everything in it while the operator still reconciles; a write refused with 403
// NamespaceTerminating ("unable to create new content ... because it is being terminated") ends that
// reconcile without a retry, an error log or a stack, instead of fighting the deletion.
import { expect } from 'chai';
import { apply, kubectl } from '../support/kubectl.js';
import { freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { ecsService, ensureCrds, waitServiceSteady, webTaskDefinition } from './helpers.js';

before(ensureCrds);

describe('operator scenario 16: a namespace being deleted is a quiet end, not an error loop', function () {
  let op: OperatorProcess | undefined;
  after(async () => op?.stop());

  it('deletes a namespace of 10 task definitions and services with no error logged and no retry', async function () {
    const ns = await freshNamespace('e2e-op16');
    op = await startOperator({ namespace: ns, name: 'op16' });
    const names = Array.from({ length: 10 }, (_, i) => `app${i}`);
    await apply(
      ns,
      ...names.flatMap((n) => [
        webTaskDefinition(n, `registry.example.com/${n}:1`),
        ecsService(n, { taskDefinition: n, desiredCount: 1 }),
      ]),
    );
    for (const n of names) await waitServiceSteady(ns, n, { taskDefinition: `${n}:1`, running: 1 });
    const before = op.logEntries().length;
    const reconcilesBefore = (await op.metrics()).sum('controller_runtime_reconcile_total');
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
    await waitFor(
      async () => !(await kubectl(['get', 'namespaces', '-o', 'name'])).includes(`namespace/${ns}`),
      180_000,
      `namespace ${ns} gone`,
      500,
    );
    // The log is written asynchronously: give it a moment to reach the file.
    await new Promise((r) => setTimeout(r, 2000));
    const after = op.logEntries().slice(before);
    const errors = after.filter((e) => Number(e.level) >= 50);
    const retries = after.filter((e) => /will retry/.test(String(e.msg)));
    console.log(
      `      ${after.length} log entries during the deletion: ${errors.length} errors, ${retries.length} retries`,
    );
    expect(
      errors.map((e) => e.msg),
      'error entries',
    ).to.deep.equal([]);
    expect(
      retries.map((e) => `${String(e.category)}: ${String(e.msg)}`),
      'retried reconciles',
    ).to.deep.equal([]);
    expect(op.isAlive(), 'the operator keeps running').to.equal(true);
    const reconciles = (await op.metrics()).sum('controller_runtime_reconcile_total') - reconcilesBefore;
    console.log(`      ${reconciles} reconciles during the deletion`);
    expect(reconciles, 'the operator reconciled during the deletion').to.be.above(0);
  });
});
