import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseInput } from '../../../src/ecs/parse/index.js';
import { fixture, runCli } from './run-cli.js';

interface CR {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

function hasNull(v: unknown): boolean {
  if (v === null) return true;
  if (Array.isArray(v)) return v.some(hasNull);
  if (typeof v === 'object') return Object.values(v).some(hasNull);
  return false;
}

describe('ecs2eks import', () => {
  it('round-trips: the CRs parse back through parseInput with the same specs', async () => {
    for (const name of ['web-td.json', 'stack.yaml', 'crs.yaml', 'describe-td.json']) {
      const path = fixture(name);
      const original = parseInput(readFileSync(path, 'utf8'), name, name.replace(/\..*$/, ''));
      const r = await runCli(['import', path, '-q']);
      expect(r.code, r.stderr).to.equal(0);
      const back = parseInput(r.stdout, 'imported.yaml');
      expect(
        back.map((b) => b.kind),
        name,
      ).to.deep.equal(original.map((o) => o.kind));
      expect(
        back.map((b) => b.spec),
        name,
      ).to.deep.equal(original.map((o) => o.spec));
      // Nothing to say about our own, already normalized CRs.
      for (const b of back) expect(b.findings, `${name}: ${JSON.stringify(b.findings)}`).to.deep.equal([]);
    }
  });

  it('keeps names readable and hashes only the names that would collide, saying which is which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs2eks-names-'));
    const td = (family: string) => ({
      family,
      containerDefinitions: [{ name: 'app', image: 'registry.example/app:1' }],
    });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(td('Order_Pipeline')));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(td('order-pipeline')));
    writeFileSync(join(dir, 'c.json'), JSON.stringify(td('example_task_2')));
    const r = await runCli(['import', join(dir, 'a.json'), join(dir, 'b.json'), join(dir, 'c.json')]);
    expect(r.code, r.stderr).to.equal(0);
    const names = (yaml.loadAll(r.stdout) as CR[]).map((c) => [String(c.spec.family), c.metadata.name]);
    expect(names[1]).to.deep.equal(['order-pipeline', 'order-pipeline']);
    expect(names[2]).to.deep.equal(['example_task_2', 'example-task-2']);
    expect(names[0][1]).to.match(/^order-pipeline-[0-9a-f]{8}$/);
    expect(r.stderr).to.contain(`named "${names[0][1]}" in Kubernetes`).and.contain('a hash keeps them apart');
  });

  it('writes CRs of ecs2eks.dev/v1alpha1 with DNS-1123 names, no nulls and no read-only fields', async () => {
    const r = await runCli(['import', fixture('describe-td.json'), '--namespace', 'batch']);
    expect(r.code, r.stderr).to.equal(0);
    const [cr, ...rest] = yaml.loadAll(r.stdout) as CR[];
    expect(rest).to.have.length(0);
    expect(cr.apiVersion).to.equal('ecs2eks.dev/v1alpha1');
    expect(cr.kind).to.equal('TaskDefinition');
    // Readable: no hash unless two names of the input would collide.
    expect(cr.metadata.name).to.equal('batch-job');
    expect(r.stderr).to.contain('named "batch-job" in Kubernetes ("Batch_Job" is not a valid Kubernetes name)');
    expect(cr.metadata.namespace).to.equal('batch');
    expect(cr.spec.family).to.equal('Batch_Job');
    for (const k of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'cpu',
      'memory',
    ])
      expect(cr.spec).to.not.have.property(k);
    expect(hasNull(cr)).to.equal(false);
    // The parse findings say what was dropped.
    expect(r.stderr).to.match(
      /Info\s+TaskDefinition\s+taskDefinitionArn\s+read-only value from describe output; ignored/,
    );
  });

  it('points an imported service at its TaskDefinition by family, with an Info finding when a revision or ARN was given', async () => {
    const r = await runCli([
      'import',
      fixture('web-td.json'),
      fixture('web-service.json'),
      fixture('api-service.json'),
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const crs = yaml.loadAll(r.stdout) as CR[];
    expect(crs.map((c) => [c.kind, c.metadata.name])).to.deep.equal([
      ['TaskDefinition', 'web'],
      ['Service', 'web-svc'],
      ['Service', 'api'],
    ]);
    expect(crs[0].metadata).to.not.have.property('namespace');
    expect(crs[1].spec.taskDefinition).to.equal('web');
    expect(crs[2].spec.taskDefinition).to.equal('api-backend');
    expect(r.stderr).to.include('"web:3" refers to an ECS revision: imported as "web"');
  });

  it('keeps the pinned revision of a CR input as written', async () => {
    const r = await runCli(['import', fixture('crs.yaml'), '-q']);
    const svc = (yaml.loadAll(r.stdout) as CR[]).find((c) => c.kind === 'Service');
    expect(svc?.spec.taskDefinition).to.equal('worker:2');
  });

  it('says so when an imported service names no task definition', async () => {
    const r = await runCli(
      ['import', '-'],
      JSON.stringify({ serviceName: 'lonely', desiredCount: 1, launchType: 'FARGATE' }),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/Info\s+Service\s+taskDefinition\s+no taskDefinition given/);
  });

  it('fails with exit 1 on a schema error and exit 2 without FILE', async () => {
    const bad = await runCli(['import', fixture('bad-hostport.json')]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('containerDefinitions[0].portMappings[0].hostPort: expected integer');
    expect(bad.stdout).to.equal('');
    const none = await runCli(['import']);
    expect(none.code).to.equal(2);
  });
});

describe('ecs2eks import --as', () => {
  it('adds a Service CR (serviceName = family, desiredCount 1) after the TaskDefinition CR with --as service', async () => {
    const r = await runCli(['import', '--as', 'service', '-'], readFileSync(fixture('web-td.json'), 'utf8'));
    expect(r.code, r.stderr).to.equal(0);
    const crs = yaml.loadAll(r.stdout) as CR[];
    expect(crs.map((c) => [c.apiVersion, c.kind, c.metadata.name])).to.deep.equal([
      ['ecs2eks.dev/v1alpha1', 'TaskDefinition', 'web'],
      ['ecs2eks.dev/v1alpha1', 'Service', 'web'],
    ]);
    expect(crs[1].metadata).to.not.have.property('namespace');
    expect(crs[1].spec).to.include({ serviceName: 'web', taskDefinition: 'web', desiredCount: 1 });
    expect(r.stderr).to.match(/Info\s+Service\s+\(resource\)\s+added by --as service/);
    // The added CR is one the operator (and convert) accept: it parses back with no findings.
    const back = parseInput(r.stdout, 'imported.yaml');
    expect(back.map((b) => b.kind)).to.deep.equal(['TaskDefinition', 'Service']);
    expect(back[1].findings).to.deep.equal([]);
    const converted = await runCli(['convert', '-', '-q'], r.stdout);
    expect(converted.code, converted.stderr).to.equal(0);
    expect(converted.stdout).to.match(/^kind: Deployment$/m);
  });

  it('adds a one-off Task CR (count 1) with --as task, in the namespace given', async () => {
    const r = await runCli(['import', fixture('describe-td.json'), '--as', 'task', '-n', 'batch', '-q']);
    expect(r.code, r.stderr).to.equal(0);
    const [td, task, ...rest] = yaml.loadAll(r.stdout) as CR[];
    expect(rest).to.have.length(0);
    expect(task.kind).to.equal('Task');
    expect(task.metadata).to.deep.equal({ name: td.metadata.name, namespace: 'batch' });
    expect(task.spec).to.deep.equal({ taskDefinition: 'Batch_Job', count: 1 });
  });

  it('registers the task definition only, as before, without --as', async () => {
    const r = await runCli(['import', fixture('web-td.json'), '-q']);
    expect((yaml.loadAll(r.stdout) as CR[]).map((c) => c.kind)).to.deep.equal(['TaskDefinition']);
  });

  it('adds only for the task definitions that no service or task in the input uses', async () => {
    const r = await runCli(['import', fixture('stack.yaml'), '--as', 'service', '-q']);
    expect(r.code, r.stderr).to.equal(0);
    const services = (yaml.loadAll(r.stdout) as CR[]).filter((c) => c.kind === 'Service');
    expect(services.map((s) => [s.metadata.name, s.spec.taskDefinition])).to.deep.equal([
      ['frontend', 'frontend'],
      ['migrate', 'migrate'],
    ]);
  });

  it('is a usage error (exit 2, naming --as) for a bad value, a duplicate, a name clash or no task definition', async () => {
    const clash = [
      'apiVersion: ecs2eks.dev/v1alpha1',
      'kind: TaskDefinition',
      'metadata: {name: web}',
      'spec: {family: web, containerDefinitions: [{name: app, image: nginx, memory: 64}]}',
      '---',
      'apiVersion: ecs2eks.dev/v1alpha1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {serviceName: web, taskDefinition: other, desiredCount: 2}',
    ].join('\n');
    const cases: Array<[string[], string, RegExp]> = [
      [['import', fixture('web-td.json'), '--as', 'pod'], '', /option --as: expected one of service, task, got "pod"/],
      [
        ['import', fixture('web-td.json'), fixture('web-service.json'), '--as', 'service'],
        '',
        /option --as service: every task definition in the input already has a service or task \(service "web-svc" uses "web"\)/,
      ],
      [['import', fixture('crs.yaml'), '--as', 'task'], '', /option --as task: every task definition/],
      [['import', '-', '--as', 'service'], clash, /option --as service: the input already has a Service named "web"/],
      [
        ['import', fixture('web-service.json'), '--as', 'service'],
        '',
        /option --as service: the input has no task definition/,
      ],
    ];
    for (const [argv, stdin, re] of cases) {
      const r = await runCli(argv, stdin);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.match(new RegExp(`^ecs2eks: ${re.source}`));
      expect(r.stdout, argv.join(' ')).to.equal('');
    }
  });

  it('is in --help', async () => {
    const r = await runCli(['import', '--help']);
    expect(r.stdout).to.match(/--as KIND\s+also create a Service .*\(service\|task\)/);
    expect(r.stdout).to.include('ecs2eks import --as service - | kubectl apply -f -');
  });
});
