import { expect } from 'chai';
import { readFileSync } from 'node:fs';
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

  it('writes CRs of ecs2eks.dev/v1alpha1 with DNS-1123 names, no nulls and no read-only fields', async () => {
    const r = await runCli(['import', fixture('describe-td.json'), '--namespace', 'batch']);
    expect(r.code, r.stderr).to.equal(0);
    const [cr, ...rest] = yaml.loadAll(r.stdout) as CR[];
    expect(rest).to.have.length(0);
    expect(cr.apiVersion).to.equal('ecs2eks.dev/v1alpha1');
    expect(cr.kind).to.equal('TaskDefinition');
    expect(cr.metadata.name).to.match(/^batch-job-[0-9a-f]{8}$/);
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
