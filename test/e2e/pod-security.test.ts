/**
 * The strict policy means what it says, checked against the real thing: the apiserver's own Pod
 * Security admission at the `baseline` level. Over generated definitions (every security-relevant
 * ECS field, in random combinations) and the real definitions of ../shared/corpus:
 * - every pod the strict preset produces is admitted (server-side dry-run) into a namespace
 *   labelled `pod-security.kubernetes.io/enforce: baseline`;
 * - every definition the strict preset refuses, translated under the permissive local preset, gives
 *   a pod that the same admission refuses (so strict never refuses what baseline allows).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInputError } from '../../src/ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../../src/ecs/model.js';
import { parseInput } from '../../src/ecs/parse/index.js';
import { httpStatusOf, statusBodyOf } from '../../src/controller/errors.js';
import { defaultOptions, translateTask } from '../../src/translate/index.js';
import { POLICY_PRESETS, type Policy } from '../../src/translate/options.js';
import type { KubeObject } from '../../src/translate/types.js';
import { e2eClient, type E2EClient } from './kube/support.js';
import { kubectl } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/cli-json/', import.meta.url));

/**
 * A task definition with a mix of the fields the policy looks at. `hostile` draws from every value,
 * the others only from what baseline allows, so that both outcomes are well represented.
 */
function securityTaskDefinition(hostile: boolean): fc.Arbitrary<TaskDefinitionSpec> {
  const values = <T>(allowed: readonly T[], refused: readonly T[]): T[] =>
    hostile ? [...allowed, ...refused] : [...allowed];
  const pick = <T>(allowed: readonly T[], refused: readonly T[]) => {
    const xs = values(allowed, refused);
    return fc.subarray(xs, { maxLength: Math.min(3, xs.length) });
  };
  const container = fc.record(
    {
      privileged: fc.constantFrom(...values([false], [true])),
      user: fc.constantFrom('0', '1000', '1000:1000'),
      linuxParameters: fc.record({
        capabilities: fc.record({
          add: pick(['NET_BIND_SERVICE', 'CHOWN', 'KILL'], ['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'ALL']),
          drop: pick(['NET_RAW', 'ALL'], []),
        }),
      }),
      dockerSecurityOptions: pick(
        ['no-new-privileges', 'apparmor:runtime/default', 'label:type:container_t', 'label:level:s0:c1'],
        ['seccomp:unconfined', 'apparmor:unconfined', 'label:type:spc_t', 'label:user:system_u', 'label:role:system_r'],
      ),
      systemControls: pick(
        [
          { namespace: 'net.ipv4.tcp_keepalive_time', value: '60' },
          { namespace: 'kernel.shm_rmid_forced', value: '1' },
        ],
        [
          { namespace: 'kernel.core_pattern', value: '|/tmp/x' },
          { namespace: 'net.core.somaxconn', value: '1024' },
        ],
      ),
      portMappings: fc.constantFrom(
        ...values([[], [{ containerPort: 80 }]], [[{ containerPort: 80, hostPort: 8080 }]]),
      ),
      mountPoints: fc.constantFrom([], [{ sourceVolume: 'data', containerPath: '/data' }]),
    },
    { requiredKeys: [] },
  );
  return fc
    .record(
      {
        networkMode: fc.constantFrom(...values(['awsvpc', 'bridge'], ['host'])),
        pidMode: fc.constantFrom(...values(['task'], ['host'])),
        ipcMode: fc.constantFrom(...values(['task'], ['host'])),
        volume: fc.constantFrom<Record<string, unknown>>(
          ...values<Record<string, unknown>>(
            [{ name: 'data', dockerVolumeConfiguration: { scope: 'task' } }, { name: 'data' }],
            [
              { name: 'data', host: { sourcePath: '/' } },
              { name: 'data', host: { sourcePath: '/var/run/docker.sock' } },
            ],
          ),
        ),
        container,
      },
      { requiredKeys: ['volume', 'container'] },
    )
    .map(({ volume, container: c, ...task }): TaskDefinitionSpec => {
      const def = { name: 'app', image: 'registry.example/app:1', memory: 128, ...c } as ContainerDefinition;
      return { family: 'sec', containerDefinitions: [def], volumes: [volume], ...task } as TaskDefinitionSpec;
    });
}

/** The bare pod a one-off task of `spec` becomes under `policy`, or the policy's refusal. */
type PodOrRefusal = { pod: KubeObject; refused?: undefined } | { pod?: undefined; refused: string };

function podFor(spec: TaskDefinitionSpec, namespace: string, policy: Policy): PodOrRefusal {
  try {
    const t = translateTask(
      {
        name: 'probe',
        task: { taskDefinition: 'sec' },
        taskDefinition: { family: spec.family ?? 'sec', revision: 1, spec },
      },
      defaultOptions({ namespace, policy: { ...policy } }),
    );
    const pod = t.objects.find((o) => o.kind === 'Pod');
    if (!pod) throw new Error('translateTask made no Pod');
    // The task role's ServiceAccount is created beside the pod by the operator; a dry-run cannot create it
    // first, and it is not a Pod Security matter.
    delete (pod['spec'] as Record<string, unknown>).serviceAccountName;
    return { pod };
  } catch (e) {
    if (isInputError(e) && e.reason === 'RefusedByPolicy') return { refused: `${e.path}: ${e.message}` };
    throw e;
  }
}

type Admission = { admitted: true } | { admitted: false; message: string };

/** Server-side dry-run create of `pod`: admitted, or refused by Pod Security (anything else fails the test). */
async function admit(client: E2EClient, namespace: string, pod: KubeObject): Promise<Admission> {
  try {
    await client.transport.request({
      method: 'POST',
      verb: 'create',
      resource: 'pods',
      path: `/api/v1/namespaces/${namespace}/pods`,
      query: { dryRun: 'All', fieldValidation: 'Strict' },
      body: pod,
    });
    return { admitted: true };
  } catch (e) {
    const message = statusBodyOf(e)?.message ?? String(e);
    if (httpStatusOf(e) === 403 && message.includes('violates PodSecurity')) return { admitted: false, message };
    throw new Error(`the apiserver refused the pod for another reason than Pod Security: ${message}`, { cause: e });
  }
}

describe('the strict policy against Pod Security admission (baseline)', function () {
  this.timeout(300_000);
  let ns = '';
  let client: E2EClient;
  const strict: Policy = { ...POLICY_PRESETS.strict };
  const local: Policy = { ...POLICY_PRESETS.local };

  before(async () => {
    ns = await freshNamespace('pss');
    await kubectl(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=baseline']);
    client = e2eClient();
  });
  after(async () => {
    client?.transport.close();
    if (ns) await dropNamespace(ns);
  });

  /** Checks one definition both ways; returns which way it went. */
  async function check(spec: TaskDefinitionSpec, what: string): Promise<'admitted' | 'refused'> {
    const underStrict = podFor(spec, ns, strict);
    if (underStrict.refused !== undefined) {
      const underLocal = podFor(spec, ns, local);
      if (underLocal.refused !== undefined) throw new Error(`${what}: the local preset refused ${underLocal.refused}`);
      const a = await admit(client, ns, underLocal.pod);
      expect(a.admitted, `${what}: strict refused (${underStrict.refused}) what baseline admits`).to.equal(false);
      return 'refused';
    }
    const a = await admit(client, ns, underStrict.pod);
    expect(a, `${what}: strict produced a pod that baseline refuses`).to.deep.equal({ admitted: true });
    return 'admitted';
  }

  it('admits every pod strict produces and refuses everything strict refuses (200 generated definitions)', async () => {
    const samples = fc.sample(fc.oneof(securityTaskDefinition(true), securityTaskDefinition(false)), {
      numRuns: 200,
      seed: 20261129,
    });
    const seen = { admitted: 0, refused: 0 };
    for (const [i, spec] of samples.entries()) seen[await check(spec, `sample ${i} ${JSON.stringify(spec)}`)]++;
    // Both branches must be exercised, or the property proves nothing.
    expect(seen.admitted, JSON.stringify(seen)).to.be.greaterThan(10);
    expect(seen.refused, JSON.stringify(seen)).to.be.greaterThan(10);
  });

  it('holds for every task definition of the real-world corpus', async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
    expect(files.length, `no corpus files in ${CORPUS}`).to.be.greaterThan(5);
    let checked = 0;
    for (const f of files) {
      for (const r of parseInput(readFileSync(join(CORPUS, f), 'utf8'), f)) {
        if (r.kind !== 'TaskDefinition') continue;
        try {
          await check(r.spec, `${f} (${r.name})`);
          checked++;
        } catch (e) {
          // A definition that does not translate at all (e.g. unresolved placeholders) is not a policy matter.
          if (isInputError(e) && e.reason !== 'RefusedByPolicy') continue;
          throw e;
        }
      }
    }
    expect(checked).to.be.greaterThan(5);
  });
});
