import type { V1DeploymentSpec, V1PodSpec } from '@kubernetes/client-node';
import { expect } from 'chai';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { fixture, runCli } from './run-cli.js';

interface Obj<Spec = unknown> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Spec;
}
/** The spec of each kind the tests look into. */
interface Specs {
  Deployment: V1DeploymentSpec;
  Pod: V1PodSpec;
}

function docs(text: string): Obj[] {
  return yaml.loadAll(text).filter((d) => d !== null) as Obj[];
}

function ofKind<K extends keyof Specs>(objs: Obj[], kind: K): Obj<Specs[K]>[] {
  return objs.filter((o) => o.kind === kind) as Obj<Specs[K]>[];
}

describe('ecs2eks convert', () => {
  it('converts a task definition alone into a one-replica Deployment named after the family, with an Info finding', async () => {
    const r = await runCli(['convert', fixture('web-td.json')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.startsWith('---\n')).to.equal(true);
    const [dep] = ofKind(docs(r.stdout), 'Deployment');
    expect(dep?.metadata.name).to.equal('web');
    expect(dep?.metadata).to.not.have.property('namespace');
    expect(dep?.spec?.replicas).to.equal(1);
    expect(r.stderr).to.match(/^LEVEL\s+SOURCE\s+PATH\s+MESSAGE/);
    expect(r.stderr).to.match(
      /Info\s+Service\s+\(resource\)\s+no service given: task definition "web" converted as a REPLICA service/,
    );
    expect(r.stderr).to.match(/Unsupported\s+TaskDefinition\s+containerDefinitions\[0\]\.ulimits/);
  });

  it('is deterministic: the same input gives byte-identical output', async () => {
    const a = await runCli(['convert', fixture('stack.yaml')]);
    const b = await runCli(['convert', fixture('stack.yaml')]);
    expect(a.stdout).to.equal(b.stdout);
    expect(a.stderr).to.equal(b.stderr);
  });

  it('converts a task definition as a one-off task with --as task', async () => {
    const r = await runCli(['convert', fixture('web-td.json'), '--as', 'task', '-q']);
    expect(r.code, r.stderr).to.equal(0);
    const objs = docs(r.stdout);
    expect(ofKind(objs, 'Deployment')).to.have.length(0);
    const pods = ofKind(objs, 'Pod');
    expect(pods).to.have.length(1);
    expect(pods[0].spec?.restartPolicy).to.equal('Never');
    expect(r.stderr).to.equal('');
  });

  it('pairs --service with the task definition in FILE and uses the service name and desiredCount', async () => {
    const r = await runCli(['convert', fixture('web-td.json'), '--service', fixture('web-service.json'), '-n', 'apps']);
    expect(r.code, r.stderr).to.equal(0);
    const [dep, ...more] = ofKind(docs(r.stdout), 'Deployment');
    expect(more).to.have.length(0);
    expect(dep?.metadata.name).to.equal('web-svc');
    expect(dep?.metadata.namespace).to.equal('apps');
    expect(dep?.spec?.replicas).to.equal(2);
    expect(dep?.metadata.labels?.['ecs2eks.dev/revision']).to.equal('3');
    expect(r.stderr).to.not.include('no service given');
  });

  it('pairs --service with the only task definition in FILE even when the service names another family', async () => {
    const r = await runCli(['convert', fixture('web-td.json'), '--service', fixture('api-service.json')]);
    expect(r.code, r.stderr).to.equal(0);
    const [dep] = ofKind(docs(r.stdout), 'Deployment');
    expect(dep?.metadata.name).to.equal('api');
    expect(dep?.spec?.replicas).to.equal(3);
    expect(r.stderr).to.match(
      /Info\s+Service\s+taskDefinition\s+task definition "arn:aws:ecs:.*api-backend:7" is not in the inputs: paired with "web"/,
    );
  });

  it('prints a v1 List with -o json', async () => {
    const r = await runCli(['convert', fixture('web-td.json'), '-o', 'json', '--quiet']);
    expect(r.code, r.stderr).to.equal(0);
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: Obj[] };
    expect(list.apiVersion).to.equal('v1');
    expect(list.kind).to.equal('List');
    const yamlRun = await runCli(['convert', fixture('web-td.json'), '--quiet']);
    expect(list.items).to.deep.equal(docs(yamlRun.stdout));
  });

  it('prints findings as JSON with --findings json', async () => {
    const r = await runCli(['convert', fixture('web-td.json'), '--findings', 'json']);
    const rows = JSON.parse(r.stderr) as Array<{
      resource: { kind: string; name: string };
      level: string;
      path: string;
    }>;
    expect(
      rows.some(
        (f) => f.path === 'containerDefinitions[0].ulimits' && f.level === 'Unsupported' && f.resource.name === 'web',
      ),
    ).to.equal(true);
  });

  it('pairs Service and Task CRs with the TaskDefinition CR in the same input by family (revision as given)', async () => {
    const r = await runCli(['convert', fixture('crs.yaml')]);
    expect(r.code, r.stderr).to.equal(0);
    const objs = docs(r.stdout);
    const deps = ofKind(objs, 'Deployment');
    expect(deps.map((d) => d.metadata.name)).to.deep.equal(['worker-svc']);
    expect(deps[0].spec?.replicas).to.equal(4);
    expect(deps[0].metadata.labels?.['ecs2eks.dev/revision']).to.equal('2');
    const pods = ofKind(objs, 'Pod');
    expect(pods.length).to.equal(1);
    expect(pods[0].metadata.labels?.['ecs2eks.dev/revision']).to.equal('1');
    // The task definition is used, so it is not converted a second time as a one-replica service.
    expect(r.stderr).to.not.include('no service given');
  });

  it('reads stdin with -', async () => {
    const r = await runCli(['convert', '-', '-q'], readFileSync(fixture('crs.yaml'), 'utf8'));
    expect(r.code, r.stderr).to.equal(0);
    expect(ofKind(docs(r.stdout), 'Deployment')).to.have.length(1);
  });

  it('converts every service of a CloudFormation template and every unused task definition as a one-replica service', async () => {
    const r = await runCli(['convert', fixture('stack.yaml')]);
    expect(r.code, r.stderr).to.equal(0);
    const deps = ofKind(docs(r.stdout), 'Deployment');
    expect(deps.map((d) => [d.metadata.name, d.spec?.replicas])).to.deep.equal([
      ['frontend', 2],
      ['migrate', 1],
    ]);
    expect(r.stderr).to.include('task definition "migrate" converted as a REPLICA service');
    expect(r.stderr).to.not.include('task definition "frontend" converted');
  });

  it('fails with exit 1 naming the service and the missing family when the task definition is not in the inputs', async () => {
    const r = await runCli(['convert', fixture('orphan-service.json')]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(
      /^ecs2eks: service "orphan" .* uses task definition family "nowhere", which is not in the inputs/,
    );
  });

  it('fails with exit 1 and `path: message` for a schema error', async () => {
    const r = await runCli(['convert', fixture('bad-hostport.json')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(
      /^ecs2eks: .*bad-hostport\.json: containerDefinitions\[0\]\.portMappings\[0\]\.hostPort: expected integer, got string "eighty"\n$/,
    );
  });

  it('fails with exit 1 and file:line:column for broken JSON', async () => {
    const r = await runCli(['convert', fixture('broken.json')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^ecs2eks: .*broken\.json:5:3: invalid JSON/);
    expect(r.stderr.split('\n').filter(Boolean)).to.have.length(1);
  });

  it('fails with exit 1 for a file that does not exist', async () => {
    const r = await runCli(['convert', fixture('no-such-file.json')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^ecs2eks: .*no-such-file\.json: cannot read: no such file\n$/);
  });

  it('refuses a privileged container with --policy strict (exit 1)', async () => {
    const td = JSON.stringify({
      family: 'p',
      containerDefinitions: [{ name: 'c', image: 'x', memory: 64, privileged: true }],
    });
    const local = await runCli(['convert', '-', '-q'], td);
    expect(local.code, local.stderr).to.equal(0);
    const strict = await runCli(['convert', '-', '--policy', 'strict'], td);
    expect(strict.code).to.equal(1);
    expect(strict.stderr).to.match(/^ecs2eks: service "p" .*privileged/);
  });

  it('divides task resources over containers with --no-pod-level-resources', async () => {
    const withPod = docs((await runCli(['convert', fixture('web-td.json'), '-q'])).stdout);
    const without = docs((await runCli(['convert', fixture('web-td.json'), '-q', '--no-pod-level-resources'])).stdout);
    expect(ofKind(withPod, 'Deployment')[0].spec?.template.spec!.resources).to.not.equal(undefined);
    expect(ofKind(without, 'Deployment')[0].spec?.template.spec!.resources).to.equal(undefined);
  });

  it('exits 2 for an unknown flag, a bad flag value or a missing FILE', async () => {
    for (const argv of [
      ['convert', fixture('web-td.json'), '--frobnicate'],
      ['convert', fixture('web-td.json'), '-o', 'xml'],
      ['convert', fixture('web-td.json'), '--enable', 'istio'],
      ['convert', fixture('web-td.json'), '--namespace', 'Not_A_Namespace'],
      ['convert'],
    ]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.match(/^ecs2eks: /);
      expect(r.stdout).to.equal('');
    }
  });
});

/** A task definition whose role (IRSA advice) and EFS volume (with --enable efs) depend on the namespace. */
const EFS_TD = JSON.stringify({
  family: 'files',
  taskRoleArn: 'arn:aws:iam::123456789012:role/files',
  containerDefinitions: [
    { name: 'app', image: 'busybox:1.36', memory: 64, mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] },
  ],
  volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0' } }],
});

describe('ecs2eks convert: namespace', () => {
  it('writes no metadata.namespace without --namespace, so that kubectl apply -n NS decides', async () => {
    const r = await runCli(['convert', fixture('stack.yaml'), '-q']);
    expect(r.code, r.stderr).to.equal(0);
    const objs = docs(r.stdout);
    expect(objs.length).to.be.greaterThan(2);
    for (const o of objs) expect(o.metadata, `${o.kind} ${o.metadata.name}`).to.not.have.property('namespace');
    expect(r.stdout).to.not.include('namespace');
    const json = JSON.parse((await runCli(['convert', fixture('stack.yaml'), '-q', '-o', 'json'])).stdout) as {
      items: Obj[];
    };
    for (const o of json.items) expect(o.metadata).to.not.have.property('namespace');
  });

  it('puts every object in the namespace given with --namespace or -n', async () => {
    for (const flag of ['--namespace', '-n']) {
      const r = await runCli(['convert', fixture('stack.yaml'), '-q', flag, 'apps']);
      expect(r.code, r.stderr).to.equal(0);
      const objs = docs(r.stdout);
      expect(objs.map((o) => o.metadata.namespace)).to.deep.equal(objs.map(() => 'apps'));
    }
  });

  it('says <namespace> in findings that depend on it, and the namespace when given', async () => {
    const without = await runCli(['convert', '-'], EFS_TD);
    expect(without.code, without.stderr).to.equal(0);
    expect(without.stderr).to.include('system:serviceaccount:<namespace>:files');
    expect(without.stderr).to.not.include('ecs2eks-namespace');
    const given = await runCli(['convert', '-', '-n', 'apps'], EFS_TD);
    expect(given.stderr).to.include('system:serviceaccount:apps:files');
  });

  it('needs --namespace when a cluster-scoped object names it (an EFS PersistentVolume binds its claim by namespace)', async () => {
    const without = await runCli(['convert', '-', '--enable', 'efs', '-q'], EFS_TD);
    expect(without.code).to.equal(2);
    expect(without.stdout).to.equal('');
    expect(without.stderr).to.match(/^ecs2eks: service "files" .*PersistentVolume.*--namespace \(-n\)\n$/);
    const given = await runCli(['convert', '-', '--enable', 'efs', '-q', '-n', 'apps'], EFS_TD);
    expect(given.code, given.stderr).to.equal(0);
    const pv = docs(given.stdout).find((o) => o.kind === 'PersistentVolume') as Obj<{
      claimRef: { namespace: string };
    }>;
    expect(pv.spec?.claimRef.namespace).to.equal('apps');
  });
});

describe('ecs2eks convert --output-dir', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ecs2eks-convert-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  const args = (dir: string, ...more: string[]) => [
    'convert',
    fixture('web-td.json'),
    '--service',
    fixture('web-service.json'),
    '--output-dir',
    dir,
    ...more,
  ];

  it('writes <kind>-<name>.yaml per object and a kustomization.yaml listing exactly them, sorted', async () => {
    const dir = join(tmp, 'apps', 'web');
    const r = await runCli(args(dir));
    expect(r.code, r.stderr).to.equal(0);
    const files = readdirSync(dir).sort();
    expect(files).to.include('kustomization.yaml');
    const resources = files.filter((f) => f !== 'kustomization.yaml');
    expect(resources).to.deep.equal(['deployment-web-svc.yaml', 'poddisruptionbudget-web-svc.yaml']);
    const k = yaml.load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
    expect(k).to.deep.equal({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
    });
    // The files hold exactly the objects convert prints, one each, and nothing goes to stdout but the paths.
    const printed = docs((await runCli(args(dir).slice(0, 4))).stdout);
    const written = resources.map((f) => {
      const [o, ...more] = docs(readFileSync(join(dir, f), 'utf8'));
      expect(more, f).to.have.length(0);
      expect(f).to.equal(`${o.kind.toLowerCase()}-${o.metadata.name}.yaml`);
      return o;
    });
    expect(written).to.have.deep.members(printed);
    expect(r.stdout).to.equal([...resources, 'kustomization.yaml'].map((f) => `${join(dir, f)}\n`).join(''));
    // Findings still go to stderr, as without --output-dir.
    expect(r.stderr).to.equal((await runCli(args(dir).slice(0, 4))).stderr);
    expect(r.stderr).to.match(/Unsupported\s+TaskDefinition\s+containerDefinitions\[0\]\.ulimits/);
  });

  it('is deterministic: the same input gives the same file names and bytes', async () => {
    await runCli(args(join(tmp, 'a'), '-q'));
    await runCli(args(join(tmp, 'b'), '-q'));
    const a = readdirSync(join(tmp, 'a')).sort();
    expect(readdirSync(join(tmp, 'b')).sort()).to.deep.equal(a);
    for (const f of a)
      expect(readFileSync(join(tmp, 'b', f), 'utf8'), f).to.equal(readFileSync(join(tmp, 'a', f), 'utf8'));
  });

  it('refuses a non-empty DIR (exit 2) without writing anything; --force writes only its own files', async () => {
    const dir = join(tmp, 'repo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), 'ours\n');
    const refused = await runCli(args(dir, '-q'));
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/^ecs2eks: .*repo: --output-dir is not empty .*--force/);
    expect(readdirSync(dir)).to.deep.equal(['README.md']);

    writeFileSync(join(dir, 'deployment-web-svc.yaml'), 'stale\n');
    const forced = await runCli(args(dir, '-q', '--force'));
    expect(forced.code, forced.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).to.equal('ours\n');
    expect(readFileSync(join(dir, 'deployment-web-svc.yaml'), 'utf8')).to.match(
      /^apiVersion: apps\/v1\nkind: Deployment\n/,
    );
    const k = yaml.load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(k.resources).to.deep.equal(['deployment-web-svc.yaml', 'poddisruptionbudget-web-svc.yaml']);
  });

  it('does not write through a symlink with --force', async () => {
    const dir = join(tmp, 'repo');
    mkdirSync(dir);
    writeFileSync(join(tmp, 'elsewhere'), 'keep\n');
    symlinkSync(join(tmp, 'elsewhere'), join(dir, 'deployment-web-svc.yaml'));
    const r = await runCli(args(dir, '-q', '--force'));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/deployment-web-svc\.yaml: exists and is not a regular file/);
    expect(readFileSync(join(tmp, 'elsewhere'), 'utf8')).to.equal('keep\n');
    expect(readdirSync(dir)).to.deep.equal(['deployment-web-svc.yaml']);
  });

  it('refuses a DIR that is a file, --force without --output-dir, and --output-dir with -o json (exit 2)', async () => {
    const file = join(tmp, 'file');
    writeFileSync(file, '');
    for (const argv of [
      args(file),
      ['convert', fixture('web-td.json'), '--force'],
      args(join(tmp, 'out'), '-o', 'json'),
    ]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.match(/^ecs2eks: .*(--output-dir|--force)/);
    }
    expect(existsSync(join(tmp, 'out'))).to.equal(false);
  });

  it('writes nothing when the input is invalid', async () => {
    const r = await runCli(['convert', fixture('bad-hostport.json'), '--output-dir', join(tmp, 'out')]);
    expect(r.code).to.equal(1);
    expect(existsSync(join(tmp, 'out'))).to.equal(false);
  });

  it('is in --help, with the namespace default', async () => {
    const r = await runCli(['convert', '--help']);
    expect(r.stdout).to.match(/--output-dir DIR\s+write <kind>-<name>\.yaml per object and a kustomization\.yaml/);
    expect(r.stdout).to.match(/--force\s+with --output-dir/);
    expect(r.stdout).to.match(
      /-n, --namespace NS\s+metadata\.namespace of every object \(default: none, kubectl decides\)/,
    );
  });
});
