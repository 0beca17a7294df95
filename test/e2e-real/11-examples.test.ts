// Real node, scenario 11: every example in examples/, exactly as a user applies it (no test label, no
// placement added), reaches its ECS end state on real containers. The cluster of `make e2e-real` has
// only the real node (NODES=0), so every pod runs there: each Service is Ready with every task's
// containers running and its logs readable, and the one-off Task stops by itself with exit code 0.
// Each file is removed before the next, so the node's 2 CPUs hold one example at a time.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { join } from 'node:path';
import { kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import { EXAMPLES_DIR, exampleFiles, isEcs, loadExample } from '../e2e/support/examples.js';
import type { List } from '../e2e/support/pods.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  condition,
  describeService,
  ensureCrds,
  getEsvc,
  getEtask,
  isTrue,
  useOperator,
  type EcsService,
} from '../e2e/operator/helpers.js';
import { requireRealNode } from './support.js';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

interface TaskView {
  lastStatus?: string;
  stopCode?: string;
  tasks?: { pod?: string; containers?: { name: string; lastStatus?: string; exitCode?: number | null }[] }[];
}

const podsOf = async (ns: string, selector: string) =>
  (await kubectlJson<List<V1Pod>>(['-n', ns, 'get', 'pods', '-l', selector])).items;

describe('real node 11: every example reaches its ECS end state on real containers', function () {
  let ns = '';
  useOperator('e2e-real11', 'real11', (n) => (ns = n));

  for (const file of exampleFiles()) {
    it(`${file}, as written`, async function () {
      const docs = loadExample(file);
      const services = docs.filter((d) => isEcs(d) && d.kind === 'Service').map((d) => d.metadata.name);
      const tasks = docs.filter((d) => isEcs(d) && d.kind === 'Task').map((d) => d.metadata.name);
      await kubectl(['apply', '-n', ns, '-f', join(EXAMPLES_DIR, file)]);

      for (const name of services) {
        let last: EcsService | undefined;
        await waitFor(
          async () => {
            last = await getEsvc(ns, name);
            const st = last.status;
            return isTrue(last, 'Ready') && (st?.desiredCount ?? 0) > 0 && st?.runningCount === st?.desiredCount;
          },
          150_000,
          `esvc/${name} Ready with every task running`,
        ).catch((err: Error) => {
          throw new Error(`${err.message}\n  last status: ${describeService(last)}`);
        });
        const pods = (await podsOf(ns, `ecs2eks.dev/service=${name}`)).filter((p) => p.status?.phase === 'Running');
        expect(pods.length, `${name}: running pods`).to.equal(last!.status!.desiredCount);
        for (const p of pods) {
          expect(p.spec?.nodeName, `${p.metadata?.name} on the real node`).to.equal(realNode);
          for (const c of p.status?.containerStatuses ?? [])
            expect(c.state?.running, `${p.metadata?.name}/${c.name} running`).to.not.equal(undefined);
        }
        const first = pods[0];
        const app = first.spec!.containers[0].name;
        const logs = await kubectl(['-n', ns, 'logs', first.metadata!.name!, '-c', app]);
        console.log(
          `      ${name}: ${describeService(last).split(' [')[0]}; ${first.metadata?.name}/${app} logs: ${JSON.stringify(logs.trim().split('\n')[0] ?? '')}`,
        );
      }

      for (const name of tasks) {
        const st = await waitFor(
          async () => {
            const s = (await getEtask(ns, name)).status as TaskView | undefined;
            return s?.lastStatus === 'STOPPED' && s;
          },
          150_000,
          `etask/${name} STOPPED by itself`,
        );
        const containers = (st.tasks ?? []).flatMap((t) => t.containers ?? []);
        expect(containers.length).to.be.greaterThan(0);
        for (const c of containers) expect(c, `container ${c.name}`).to.include({ lastStatus: 'STOPPED', exitCode: 0 });
        expect(st.stopCode).to.equal('EssentialContainerExited');
        expect(condition(await getEtask(ns, name), 'Succeeded')?.status).to.equal('True');
        const pod = st.tasks![0].pod!;
        const logs = await kubectl(['-n', ns, 'logs', pod]);
        console.log(`      ${name}: STOPPED exit 0; logs: ${JSON.stringify(logs.trim())}`);
        expect(logs).to.contain('migrating schema to 42');
      }

      // Free the node for the next example.
      await kubectl(['delete', '-n', ns, '-f', join(EXAMPLES_DIR, file), '--wait=true', '--timeout=120s']);
      await waitFor(
        async () => (await podsOf(ns, 'app.kubernetes.io/managed-by=ecs2eks')).length === 0,
        120_000,
        `the pods of ${file} gone`,
      );
    });
  }
});
