import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt, namesOf } from '../../support/pods.js';

describe('ordering', () => {
  const hc = { command: ['CMD', 'true'] };

  it('makes a START dependency a native sidecar before its dependent', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }),
        container('proxy', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'containers')).to.deep.equal(['app']);
    expect(namesOf(r, 'initContainers')).to.deep.equal(['proxy']);
    expect(containerOf(r, 'proxy').restartPolicy).to.equal('Always');
    expect(containerOf(r, 'proxy')).to.not.have.property('startupProbe');
    // A non-essential sidecar is what ECS describes; only a restart after it exits differs.
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['containerDefinitions[1].essential', 'Approximated'],
    ]);
  });

  it('makes an essential START dependency a native sidecar and reports that Kubernetes restarts it', () => {
    const r = buildPodTemplate(
      taskDef(container('app', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }), container('proxy')),
      podContext(),
    );
    expect(namesOf(r, 'containers')).to.deep.equal(['app']);
    expect(namesOf(r, 'initContainers')).to.deep.equal(['proxy']);
    expect(containerOf(r, 'proxy').restartPolicy).to.equal('Always');
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['containerDefinitions[1].essential', 'Approximated'],
    ]);
    expect(r.findings[0].message).to.include('"proxy"');
  });

  it('runs a dependency that is both SUCCESS and START target as an init container, with a finding', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', { dependsOn: [{ containerName: 'setup', condition: 'START' }] }),
        container('worker', { dependsOn: [{ containerName: 'setup', condition: 'SUCCESS' }] }),
        container('setup', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'containers')).to.deep.equal(['app', 'worker']);
    expect(namesOf(r, 'initContainers')).to.deep.equal(['setup']);
    expect(containerOf(r, 'setup')).to.not.have.property('restartPolicy');
    // An init container runs once in both: no restart finding.
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([['containerDefinitions[2]', 'Approximated']]);
    expect(r.findings[0].message).to.include('"setup"');
  });

  it('makes a HEALTHY dependency a sidecar with a startup probe', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
        container('db', { essential: false, healthCheck: hc }),
      ),
      podContext(),
    );
    const db = containerOf(r, 'db');
    expect(db.restartPolicy).to.equal('Always');
    expect(db.startupProbe).to.deep.equal({
      exec: { command: ['true'] },
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 3,
      successThreshold: 1,
    });
  });

  it('makes a SUCCESS dependency a run-to-completion init container', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
        container('migrate', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'initContainers')).to.deep.equal(['migrate']);
    expect(containerOf(r, 'migrate')).to.not.have.property('restartPolicy');
    expect(r.findings.filter((f) => f.path.includes('dependsOn'))).to.deep.equal([]);
  });

  it('makes a COMPLETE dependency an init container and reports the exit-code difference', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', { dependsOn: [{ containerName: 'setup', condition: 'COMPLETE' }] }),
        container('setup', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'initContainers')).to.deep.equal(['setup']);
    expect(findingsAt(r, 'containerDefinitions[0].dependsOn[0].condition')[0].level).to.equal('Approximated');
  });

  it('orders init containers topologically, dependencies first, declaration order among equals', () => {
    const r = buildPodTemplate(
      taskDef(
        container('app', {
          dependsOn: [
            { containerName: 'c', condition: 'START' },
            { containerName: 'b', condition: 'SUCCESS' },
          ],
        }),
        container('c', { essential: false, dependsOn: [{ containerName: 'a', condition: 'START' }] }),
        container('b', { essential: false, dependsOn: [{ containerName: 'a', condition: 'START' }] }),
        container('a', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'initContainers')).to.deep.equal(['a', 'c', 'b']);
  });

  it('rejects a dependency cycle naming the containers', () => {
    const td = taskDef(
      container('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }),
      container('b', { essential: false, dependsOn: [{ containerName: 'c', condition: 'START' }] }),
      container('c', { essential: false, dependsOn: [{ containerName: 'b', condition: 'START' }] }),
    );
    expect(() => buildPodTemplate(td, podContext()))
      .to.throw(InputError, 'dependsOn forms a cycle: b -> c -> b')
      .that.includes({ reason: 'DependencyCycle', path: 'containerDefinitions[1].dependsOn' });
  });

  it('names only the containers on the cycle, past dependencies that are satisfied', () => {
    const td = taskDef(
      container('app', { dependsOn: [{ containerName: 'b', condition: 'START' }] }),
      container('a', { essential: false }),
      container('b', {
        essential: false,
        dependsOn: [
          { containerName: 'a', condition: 'START' },
          { containerName: 'c', condition: 'START' },
        ],
      }),
      container('c', { essential: false, dependsOn: [{ containerName: 'b', condition: 'START' }] }),
    );
    expect(() => buildPodTemplate(td, podContext()))
      .to.throw(InputError, 'dependsOn forms a cycle: b -> c -> b')
      .that.includes({ reason: 'DependencyCycle', path: 'containerDefinitions[2].dependsOn' });
  });

  it('rejects a container that depends on itself', () => {
    const td = taskDef(container('web', { dependsOn: [{ containerName: 'web', condition: 'START' }] }));
    expect(() => buildPodTemplate(td, podContext()))
      .to.throw(InputError, 'dependsOn forms a cycle: web -> web')
      .that.includes({ reason: 'DependencyCycle', path: 'containerDefinitions[0].dependsOn' });
  });

  it('rejects a dependency on a missing container with its path', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(container('a', { dependsOn: [{ containerName: 'nope', condition: 'START' }] })),
        podContext(),
      ),
    )
      .to.throw(InputError, '"nope"')
      .with.property('path', 'containerDefinitions[0].dependsOn[0].containerName');
  });

  for (const condition of ['SUCCESS', 'COMPLETE'] as const) {
    it(`rejects ${condition} on an essential container, naming it`, () => {
      expect(() =>
        buildPodTemplate(
          taskDef(container('a', { dependsOn: [{ containerName: 'b', condition }] }), container('b')),
          podContext(),
        ),
      )
        .to.throw(InputError, '"b"')
        .with.property('path', 'containerDefinitions[0].dependsOn[0].condition');
    });
  }

  it('rejects HEALTHY on a container without healthCheck', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(
          container('a', { dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] }),
          container('b', { essential: false }),
        ),
        podContext(),
      ),
    )
      .to.throw(InputError, '"b"')
      .with.property('path', 'containerDefinitions[0].dependsOn[0].condition');
  });

  it('keeps a non-essential leaf a regular container in a Service, with a finding', () => {
    const r = buildPodTemplate(taskDef(container('web'), container('helper', { essential: false })), podContext());
    expect(namesOf(r, 'containers')).to.deep.equal(['web', 'helper']);
    const [finding] = findingsAt(r, 'containerDefinitions[1].essential');
    expect(finding.level).to.equal('Approximated');
    expect(finding.message).to.include('Kubernetes restarts it when it exits');
  });

  it('makes a non-essential leaf a native sidecar in a Task so the pod can complete', () => {
    const r = buildPodTemplate(
      taskDef(container('job'), container('helper', { essential: false })),
      podContext({ kind: 'Task' }),
    );
    expect(namesOf(r, 'containers')).to.deep.equal(['job']);
    expect(namesOf(r, 'initContainers')).to.deep.equal(['helper']);
    expect(containerOf(r, 'helper').restartPolicy).to.equal('Always');
    expect(r.template.spec.restartPolicy).to.equal('Never');
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['containerDefinitions[1].essential', 'Approximated'],
    ]);
  });

  it('keeps the non-essential leaves of a Task regular containers when every essential container is a sidecar', () => {
    // The pod needs a regular container; the finding must say what the pod really does.
    const r = buildPodTemplate(
      taskDef(
        container('server'),
        container('client', { essential: false, dependsOn: [{ containerName: 'server', condition: 'START' }] }),
        container('probe', { essential: false, dependsOn: [{ containerName: 'server', condition: 'START' }] }),
      ),
      podContext({ kind: 'Task' }),
    );
    expect(namesOf(r, 'containers')).to.deep.equal(['client', 'probe']);
    expect(namesOf(r, 'initContainers')).to.deep.equal(['server']);
    expect(containerOf(r, 'server').restartPolicy).to.equal('Always');
    expect(containerOf(r, 'client')).to.not.have.property('restartPolicy');
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['containerDefinitions[0].essential', 'Approximated'],
      ['containerDefinitions[1].essential', 'Approximated'],
      ['containerDefinitions[2].essential', 'Approximated'],
    ]);
    for (const [i, name] of [
      [1, 'client'],
      [2, 'probe'],
    ] as const) {
      const message = findingsAt(r, `containerDefinitions[${i}].essential`)[0].message;
      expect(message).to.include(`"${name}" is a regular container`);
      expect(message).to.not.include(`"${name}" runs as a native sidecar`);
      expect(message).to.not.include('Kubernetes restarts it'); // a Task pod restarts no regular container
    }
  });

  it('rewrites dependsOn targets to sanitized names', () => {
    const r = buildPodTemplate(
      taskDef(
        container('App', { dependsOn: [{ containerName: 'Side_Car', condition: 'START' }] }),
        container('Side_Car', { essential: false }),
      ),
      podContext(),
    );
    expect(namesOf(r, 'initContainers')).to.deep.equal([r.containerNames['Side_Car']]);
    expect(r.containerNames['Side_Car']).to.match(/^side-car-[0-9a-f]{8}$/);
  });

  it('uses the largest stop timeout as the grace period', () => {
    const r = buildPodTemplate(
      taskDef(container('a', { stopTimeout: 90 }), container('b', { stopTimeout: 10 })),
      podContext(),
    );
    expect(r.template.spec.terminationGracePeriodSeconds).to.equal(90);
    expect(findingsAt(r, 'containerDefinitions[1].stopTimeout')).to.have.length(1);
    expect(findingsAt(r, 'containerDefinitions[0].stopTimeout')).to.have.length(0);
  });

  it('uses a stop timeout below 30 s when every container has it (ECS kills at stopTimeout, not at 30 s)', () => {
    const short = buildPodTemplate(
      taskDef(container('a', { stopTimeout: 5 }), container('b', { stopTimeout: 5 })),
      podContext(),
    );
    expect(short.template.spec.terminationGracePeriodSeconds).to.equal(5);
    expect(findingsAt(short, 'containerDefinitions[0].stopTimeout')).to.deep.equal([]);
    // A container without one gets ECS's 30 s default, so the pod waits 30 s, and the other one is told.
    const mixed = buildPodTemplate(taskDef(container('a', { stopTimeout: 5 }), container('b')), podContext());
    expect(mixed.template.spec.terminationGracePeriodSeconds).to.equal(30);
    expect(findingsAt(mixed, 'containerDefinitions[0].stopTimeout')).to.have.length(1);
  });

  it('names the containers that wait for a HEALTHY target only because its startup probe holds every later one', () => {
    const hc = { command: ['CMD-SHELL', 'true'], interval: 5 };
    const r = buildPodTemplate(
      taskDef(
        container('db', { healthCheck: hc }),
        container('log', { essential: false, dependsOn: [{ containerName: 'db', condition: 'START' }] }),
        container('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
        container('web', { dependsOn: [{ containerName: 'app', condition: 'START' }] }),
      ),
      podContext(),
    );
    // app waits on purpose, web through app (as in ECS); log does not in ECS.
    expect(findingsAt(r, 'containerDefinitions[0].healthCheck').map((f) => f.message)).to.include(
      '"log" starts only once "db" is healthy (a native sidecar\'s startup probe holds every container after it), where ECS starts them without waiting for its health',
    );
    const exact = buildPodTemplate(
      taskDef(
        container('db', { healthCheck: hc }),
        container('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
      ),
      podContext(),
    );
    expect(
      findingsAt(exact, 'containerDefinitions[0].healthCheck')
        .map((f) => f.message)
        .join(),
    ).to.not.contain('only once');
  });
});
