// ECS passes entryPoint, command and environment values verbatim; Kubernetes would expand `$(VAR)`
// and `$$` in them. These check what the container finally receives, by applying the kubelet's own
// expansion rule to the generated fields.
import { expect } from 'chai';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { verbatim } from '../../../src/translate/verbatim.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { podSpecOf } from '../../support/pods.js';

/** The kubelet's expansion (k8s.io/kubernetes/third_party/forked/golang/expansion): `$$` → `$`, `$(NAME)` → value. */
function kubeletExpand(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([^)]*)\)/g, (m, name: string | undefined) =>
    m === '$$' ? '$' : name !== undefined && name in vars ? vars[name] : m,
  );
}

describe('verbatim: what the container receives is what ECS gives it', () => {
  const samples = ['pa$$word', '$(HOME)', 'echo $HOME', 'cost: 5$', '$$(X)', 'no dollar', '$'];

  for (const s of samples)
    it(`${JSON.stringify(s)} survives the kubelet's expansion unchanged`, () => {
      expect(kubeletExpand(verbatim(s), { HOME: '/root', X: 'x' })).to.equal(s);
    });

  it('escapes entryPoint, command and environment values, not the probe commands', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', {
          entryPoint: ['sh', '-c'],
          command: ['echo $(HOME) pa$$word'],
          environment: [{ name: 'PASSWORD', value: 'pa$$word' }],
          healthCheck: { command: ['CMD-SHELL', 'test $$ -gt 0'] },
        }),
      ),
      podContext(),
    );
    const c = podSpecOf(r).containers[0];
    const env = (c.env ?? []).find((e) => e.name === 'PASSWORD')?.value ?? '';
    expect(kubeletExpand(env, { HOME: '/root' })).to.equal('pa$$word');
    expect(kubeletExpand(c.args![0], { HOME: '/root' })).to.equal('echo $(HOME) pa$$word');
    // Probes are not expanded by the kubelet: their command stays as ECS wrote it.
    expect(c.readinessProbe?.exec?.command).to.deep.equal(['/bin/sh', '-c', 'test $$ -gt 0']);
  });
});
