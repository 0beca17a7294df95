// Cheap validation at apply time: the CEL rules (x-kubernetes-validations) of the generated CRDs, on
// the real apiserver. A cpu or memory string that can never parse, a count out of RunTask's range and
// a change of a Task's count are refused by kubectl apply itself, with the field and the reason.
import { expect } from 'chai';
import { CommandError, kubectl } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import { ensureCrds } from './operator/helpers.js';

before(ensureCrds);

const td = (name: string, cpu: unknown, memory: unknown) =>
  JSON.stringify({
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'TaskDefinition',
    metadata: { name },
    spec: { cpu, memory, containerDefinitions: [{ name: 'app', image: 'registry.example/app:1' }] },
  });

async function refusal(ns: string, manifest: string): Promise<string> {
  try {
    await kubectl(['-n', ns, 'apply', '-f', '-'], manifest);
  } catch (e) {
    if (e instanceof CommandError) return e.stderr;
    throw e;
  }
  throw new Error(`kubectl apply accepted ${manifest}`);
}

describe('CRD validation rules (CEL) at kubectl apply', function () {
  let ns = '';
  before(async () => (ns = await freshNamespace('crd-cel')));
  after(async () => dropNamespace(ns));

  it('accepts every cpu and memory form ECS accepts: units, vCPU, MiB, GB, as numbers or strings', async () => {
    await kubectl(['-n', ns, 'apply', '-f', '-'], td('ints', 256, 512));
    await kubectl(['-n', ns, 'apply', '-f', '-'], td('strings', '1024', '2048'));
    await kubectl(['-n', ns, 'apply', '-f', '-'], td('units', '0.25 vCPU', '1 GB'));
    await kubectl(['-n', ns, 'apply', '-f', '-'], td('lower', '.5vcpu', '0.5gb'));
  });

  it('refuses a cpu or memory that can never parse, naming both fields', async () => {
    const err = await refusal(ns, td('bad', 'lots', '-5'));
    expect(err).to.contain('spec.cpu').and.contain('cpu must be CPU units');
    expect(err).to.contain('spec.memory').and.contain('memory must be MiB');
    expect(await refusal(ns, td('zero', 0, 512))).to.contain('spec.cpu');
    expect(await refusal(ns, td('mib', 256, '512 MiB'))).to.contain('spec.memory');
  });

  it("refuses a Task count outside RunTask's 1..10, and any change of a Task's count", async () => {
    const task = (count: number) =>
      JSON.stringify({
        apiVersion: 'ecs2eks.dev/v1alpha1',
        kind: 'Task',
        metadata: { name: 'once' },
        spec: { taskDefinition: 'ints', count },
      });
    expect(await refusal(ns, task(11)))
      .to.contain('spec.count')
      .and.contain('between 1 and 10');
    expect(await refusal(ns, task(0))).to.contain('spec.count');
    await kubectl(['-n', ns, 'apply', '-f', '-'], task(2));
    expect(await refusal(ns, task(3))).to.contain('count cannot change once the Task exists');
    // Other fields of its spec may still change (the operator decides what that means).
    await kubectl(['-n', ns, 'patch', 'etask', 'once', '--type=merge', '-p', '{"spec":{"startedBy":"me"}}']);
  });
});
