import type { V1PodSpec } from '@kubernetes/client-node';
import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { defaultOptions, translateTask } from '../../../src/translate/index.js';
import { groupLabelValue } from '../../../src/translate/labels.js';
import type { KubeObject } from '../../../src/translate/types.js';
import { task, taskDefinition, withTask, withTdField } from '../../support/service-builders.js';

const opts = defaultOptions({ namespace: 'jobs' });
const translate = (t = task(), td = taskDefinition()) =>
  translateTask({ name: 'migrate', task: t, taskDefinition: td }, opts);
const spec = (o: KubeObject | undefined) => o?.spec as V1PodSpec;

describe('translateTask', () => {
  it('runs count Pods named <name>-<i> with restartPolicy Never in the options namespace', () => {
    const t = translate(task(withTask('count', 3)));
    expect(t.objects.map((o) => `${o.kind}/${o.metadata.name}`)).to.deep.equal([
      'Pod/migrate-0',
      'Pod/migrate-1',
      'Pod/migrate-2',
    ]);
    for (const p of t.objects) {
      expect(spec(p).restartPolicy).to.equal('Never');
      expect(p.metadata.namespace).to.equal('jobs');
    }
    expect(t.objects.map((o) => o.metadata.labels?.['ecs2eks.dev/task-index'])).to.deep.equal(['0', '1', '2']);
  });

  it('runs one Pod when count is absent and rejects counts ECS rejects', () => {
    expect(translate().objects).to.have.length(1);
    expect(() => translate(task(withTask('count', 11))))
      .to.throw(InputError)
      .with.property('path', 'count');
    expect(() => translate(task(withTask('count', 0))))
      .to.throw(InputError)
      .with.property('path', 'count');
  });

  it('applies container overrides: command becomes args and environment is merged', () => {
    const t = translate(
      task(
        withTask('overrides', {
          containerOverrides: [
            { name: 'app', command: ['rake', 'db:migrate'], environment: [{ name: 'STAGE', value: 'prod' }] },
          ],
        }),
      ),
    );
    const c = spec(t.objects[0]).containers[0];
    expect(c.args).to.deep.equal(['rake', 'db:migrate']);
    expect(c.env).to.deep.include({ name: 'STAGE', value: 'prod' });
  });

  it('labels pods with the task, the default task group family:<family> and startedBy', () => {
    const p = translate(task(withTask('startedBy', 'ci/job-7'))).objects[0];
    expect(p.metadata.labels).to.include({
      'ecs2eks.dev/task': 'migrate',
      'ecs2eks.dev/group': groupLabelValue('family:web'),
    });
    expect(p.metadata.labels?.['ecs2eks.dev/started-by']).to.match(/^ci-job-7-[0-9a-f]{8}$/);
    expect(p.metadata.annotations?.['ecs2eks.dev/started-by']).to.equal('ci/job-7');
  });

  it('uses the RunTask group for distinctInstance', () => {
    const p = translate(
      task(withTask('group', 'batch'), withTask('placementConstraints', [{ type: 'distinctInstance' }])),
    ).objects[0];
    expect(
      spec(p).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0].labelSelector?.matchLabels,
    ).to.deep.equal({ 'ecs2eks.dev/group': 'batch' });
  });

  it('spreads FARGATE tasks over zones and leaves EC2 tasks unspread', () => {
    expect(
      spec(translate(task(withTask('launchType', 'FARGATE'))).objects[0]).topologySpreadConstraints,
    ).to.have.length(1);
    expect(spec(translate(task(withTask('launchType', 'EC2'))).objects[0]).topologySpreadConstraints).to.equal(
      undefined,
    );
    const fargateTd = taskDefinition('web', withTdField('requiresCompatibilities', ['FARGATE']));
    expect(spec(translate(task(), fargateTd).objects[0]).topologySpreadConstraints).to.have.length(1);
  });

  it('labels pods with task tags over propagated task definition tags', () => {
    const td = taskDefinition(
      'web',
      withTdField('tags', [
        { key: 'env', value: 'td' },
        { key: 'owner', value: 'ops' },
      ]),
    );
    const p = translate(
      task(withTask('propagateTags', 'TASK_DEFINITION'), withTask('tags', [{ key: 'env', value: 'task' }])),
      td,
    ).objects[0];
    expect(p.metadata.labels).to.include({ env: 'task', owner: 'ops' });
  });

  it('reports AWS-side request members as Info', () => {
    const t = translate(
      task(
        withTask('cluster', 'c'),
        withTask('clientToken', 't'),
        withTask('referenceId', 'r'),
        withTask('platformVersion', 'LATEST'),
      ),
    );
    expect(t.findings.filter((f) => f.level === 'Info').map((f) => f.path)).to.include.members([
      'cluster',
      'clientToken',
      'referenceId',
      'platformVersion',
    ]);
  });

  it('gives the same output twice', () => {
    const t = task(
      withTask('count', 2),
      withTask('tags', [{ key: 'x', value: '1' }]),
      withTask('placementStrategy', [{ type: 'spread', field: 'host' }]),
    );
    expect(translate(t)).to.deep.equal(translate(t));
  });
});
