import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../../src/cli/report/model.js';
import { fixture, runCli } from './run-cli.js';

describe('ecs2eks report', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecs2eks-report-'));
    mkdirSync(join(dir, 'nested'));
    copyFileSync(fixture('web-td.json'), join(dir, 'nested', 'web.json'));
    copyFileSync(fixture('broken.json'), join(dir, 'broken.json'));
    writeFileSync(join(dir, 'notes.txt'), 'not an input');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('grades what the operator runs: a plain task definition, run as a service, is ready (no finding that holds only without the operator)', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'ecs2eks-report-plain-'));
    try {
      writeFileSync(
        join(plain, 'td.json'),
        JSON.stringify({
          family: 'plain',
          containerDefinitions: [{ name: 'app', image: 'registry.example/app:1', memory: 128 }],
        }),
      );
      const rep = JSON.parse((await runCli(['report', plain, '-o', 'json'])).stdout) as {
        files: Array<{ resources: Array<{ kind: string; grade: string; findings: Array<{ message: string }> }> }>;
      };
      const service = rep.files.flatMap((f) => f.resources).find((r) => r.kind === 'Service');
      expect(service?.grade, JSON.stringify(service?.findings)).to.equal('ready');
      expect(JSON.stringify(service?.findings)).to.not.contain('applied without the ecs2eks operator');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('reports a good and a broken file, both rows present, and exits 0', async () => {
    const r = await runCli(['report', dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^# ecs2eks migration report/);
    expect(r.stdout).to.match(/\| broken\.json \| — \| error: broken\.json:5:3: invalid JSON: unexpected "\]" \|/);
    expect(r.stdout).to.match(
      /\| nested\/web\.json \| Service `web` \(from a task definition alone\) \| OK \| needs work \([a-z, ]+\) \| \d+ \| \d+ \| 1 \|/,
    );
    expect(r.stdout).to.not.include('notes.txt');
    // Sorted: broken.json before nested/web.json.
    expect(r.stdout.indexOf('| broken.json')).to.be.lessThan(r.stdout.indexOf('| nested/web.json'));
    expect(r.stdout).to.match(
      /## Findings by field[\s\S]*\| `containerDefinitions\[\]\.ulimits` \| TaskDefinition \| Unsupported \| 1 \| 1 \|/,
    );
  });

  it('collapses list indexes and counts files per field in -o json', async () => {
    writeFileSync(
      join(dir, 'two.json'),
      JSON.stringify({
        family: 'two',
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 64, ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 1 }] },
          { name: 'b', image: 'x', memory: 64, ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 1 }] },
        ],
      }),
    );
    const r = await runCli(['report', dir, '-o', 'json']);
    expect(r.code, r.stderr).to.equal(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.files.map((f) => f.file)).to.deep.equal(['broken.json', 'nested/web.json', 'two.json']);
    expect(rep.totals).to.include({ files: 3, filesFailed: 1, resources: 2, converted: 2, failed: 0 });
    const ulimits = rep.fields.find((f) => f.path === 'containerDefinitions[].ulimits');
    expect(ulimits).to.deep.include({ source: 'TaskDefinition', level: 'Unsupported', files: 2, occurrences: 3 });
  });

  it('pairs a service with a task definition in another file of the directory, and reports a missing one as an error row', async () => {
    copyFileSync(fixture('web-service.json'), join(dir, 'svc.json'));
    copyFileSync(fixture('orphan-service.json'), join(dir, 'orphan.json'));
    const rep = JSON.parse((await runCli(['report', dir, '-o', 'json'])).stdout) as Report;
    const svc = rep.files.find((f) => f.file === 'svc.json')!.resources[0];
    expect(svc).to.include({ kind: 'Service', name: 'web-svc', ok: true, fromTaskDefinition: false });
    const orphan = rep.files.find((f) => f.file === 'orphan.json')!.resources[0];
    expect(orphan.ok).to.equal(false);
    expect(orphan.error).to.match(
      /service "orphan" .* uses task definition family "nowhere", which is not in this file or elsewhere in the directory/,
    );
  });

  it('says when a family is defined in several files and which one it paired, and when two inputs become the same object', async () => {
    // web-service.json's service names family "web"; a second definition of "web" lives in other.json.
    copyFileSync(fixture('web-service.json'), join(dir, 'svc.json'));
    copyFileSync(fixture('web-td.json'), join(dir, 'other.json'));
    const rep = JSON.parse((await runCli(['report', dir, '-o', 'json'])).stdout) as Report;
    const svc = rep.files.find((f) => f.file === 'svc.json')!.resources[0];
    const note = svc.findings.find((f) => f.path === 'taskDefinition' && f.message.startsWith('family "web"'));
    expect(note?.message).to.match(
      /is defined 2 times \(.*nested\/web\.json.*other\.json.*\): paired with the one from /,
    );
    // nested/web.json and other.json both become Service "web" (a task definition alone).
    const lone = rep.files.find((f) => f.file === 'other.json')!.resources[0];
    expect(lone).to.include({ kind: 'Service', name: 'web' });
    expect(
      lone.findings.some((f) => f.level === 'Unsupported' && f.message.includes('also becomes Service "web"')),
    ).to.equal(true);
  });

  it('reports a translation error (policy refusal) as a row and goes on', async () => {
    writeFileSync(
      join(dir, 'priv.json'),
      JSON.stringify({
        family: 'priv',
        containerDefinitions: [{ name: 'c', image: 'x', memory: 64, privileged: true }],
      }),
    );
    const rep = JSON.parse((await runCli(['report', dir, '-o', 'json', '--policy', 'strict'])).stdout) as Report;
    const priv = rep.files.find((f) => f.file === 'priv.json')!.resources[0];
    expect(priv.ok).to.equal(false);
    expect(priv.error).to.match(/privileged/);
    expect(priv.grade).to.equal('blocked');
    expect(priv.reasons.map((g) => g.kind)).to.deep.equal(['policy refusal']);
    expect(rep.files.find((f) => f.file === 'nested/web.json')!.resources[0].ok).to.equal(true);
  });

  it('grades each row in -o json and counts the grades in totals', async () => {
    writeFileSync(
      join(dir, 'plain.json'),
      JSON.stringify({ family: 'plain', containerDefinitions: [{ name: 'c', image: 'x', memory: 64 }] }),
    );
    const rep = JSON.parse((await runCli(['report', dir, '-o', 'json'])).stdout) as Report;
    const web = rep.files.find((f) => f.file === 'nested/web.json')!.resources[0];
    expect(web.grade).to.equal('needs work');
    // web-td.json has ulimits (Unsupported): an "other" reason naming the field.
    const other = web.reasons.find((g) => g.kind === 'other');
    expect(other?.grade).to.equal('needs work');
    expect(other?.reasons.some((x) => x.startsWith('Unsupported: containerDefinitions[0].ulimits: '))).to.equal(true);
    expect(rep.totals.grades['needs work'] + rep.totals.grades.ready + rep.totals.grades.blocked).to.equal(
      rep.totals.resources,
    );
  });

  it('shows the grade and its reason kinds in markdown (-o md is markdown)', async () => {
    const md = await runCli(['report', dir, '-o', 'md']);
    expect(md.code, md.stderr).to.equal(0);
    expect(md.stdout).to.equal((await runCli(['report', dir])).stdout);
    expect(md.stdout).to.match(/- grades: \d+ ready, 1 needs work, 0 blocked/);
    expect(md.stdout).to.match(/Grade: \*\*needs work\*\*\n\n(- [a-z ]+ \(needs work\): \d+ reason\(s\)\n)+/);
  });

  it('writes one RFC 4180 CSV row per service/task and per unreadable file with -o csv', async () => {
    writeFileSync(
      join(dir, 'q.json'),
      JSON.stringify({ family: 'q', containerDefinitions: [{ name: 'c', image: 'x', memory: 64 }] }),
    );
    const r = await runCli(['report', dir, '-o', 'csv']);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.split('\r\n');
    expect(lines.at(-1)).to.equal('');
    expect(lines[0]).to.equal(
      'file,kind,name,origin,converts,grade,Info,Approximated,Unsupported,policy refusal,conversion error,resource,cloudformation,load balancer,secrets,efs,iam role,host access,windows,other,error',
    );
    expect(lines[1]).to.equal(
      'broken.json,,,,false,blocked,,,,,,,,,,,,,,,"broken.json:5:3: invalid JSON: unexpected ""]"""',
    );
    expect(lines[2]).to.match(
      /^nested\/web\.json,Service,web,nested\/web\.json,true,needs work,\d+,\d+,1,0,0,0,0,0,0,0,0,0,0,\d+,$/,
    );
    expect(lines[3]).to.match(/^q\.json,Service,q,q\.json,true,(ready|needs work),/);
    expect(lines).to.have.length(5);
  });

  it('quotes CSV fields with commas, quotes and line breaks', async () => {
    const { csvField } = await import('../../../src/cli/report/csv.js');
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('two\nlines')).to.equal('"two\nlines"');
    expect(csvField('cr\r')).to.equal('"cr\r"');
  });

  it('lists what to create before migrating in -o json and in markdown', async () => {
    writeFileSync(
      join(dir, 'roles.json'),
      JSON.stringify({
        family: 'api',
        taskRoleArn: 'arn:aws:iam::111122223333:role/api-task',
        containerDefinitions: [
          {
            name: 'api',
            image: 'x',
            memory: 64,
            secrets: [
              { name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf:password::' },
            ],
          },
        ],
        volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123' } }],
      }),
    );
    const rep = JSON.parse((await runCli(['report', dir, '-o', 'json'])).stdout) as Report;
    expect(rep.checklist.secrets).to.have.length(1);
    expect(rep.checklist.secrets[0]).to.include({ name: 'sm-db-abcdef-27bf45a8' });
    expect(rep.checklist.secrets[0].keys).to.deep.equal(['password']);
    expect(rep.checklist.iamRoles.map((r) => [r.arn, r.serviceAccounts])).to.deep.equal([
      ['arn:aws:iam::111122223333:role/api-task', ['default:api']],
    ]);
    expect(rep.checklist.efsFileSystems.map((e) => e.fileSystemId)).to.deep.equal(['fs-0123']);
    const md = (await runCli(['report', dir])).stdout;
    expect(md).to.match(
      /## Create before you migrate[\s\S]*### Secrets[\s\S]*\| `sm-db-abcdef-27bf45a8` \| password \| Service api \|/,
    );
    expect(md).to.include('"<OIDC_PROVIDER>:sub": "system:serviceaccount:default:api"');
  });

  it('exits 1 when DIR has no input files or does not exist', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ecs2eks-empty-'));
    try {
      const r = await runCli(['report', empty]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/^ecs2eks: .*: no \.json, \.yaml or \.yml files found\n$/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const missing = await runCli(['report', join(dir, 'nope')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/no such directory/);
  });
  it('refuses a device, an oversized file and a billion-laughs YAML with a row each, and reports the rest', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    writeFileSync(join(dir, 'big.json'), `{"family":"big","pad":"${'x'.repeat(2000)}"}`);
    const lines = ['a: &a [1,1,1,1,1,1,1,1,1]'];
    for (const [p, c] of [...'abcdefgh'].map((x, i) => [x, 'bcdefghi'[i]]))
      lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    writeFileSync(
      join(dir, 'lol.yaml'),
      [...lines, 'family: lol', 'containerDefinitions: [{name: a, image: b, command: *i}]'].join('\n'),
    );
    const r = await runCli(['report', dir, '--max-input-bytes=1000', '-o', 'json']);
    expect(r.code, r.stderr).to.equal(0);
    const rep = JSON.parse(r.stdout) as Report;
    const err = (f: string) => rep.files.find((x) => x.file === f)?.error;
    expect(err('zero.json')).to.equal(
      `${join(dir, 'zero.json')}: not a regular file (a device, FIFO or socket); refused`,
    );
    expect(err('big.json')).to.equal(`${join(dir, 'big.json')}: larger than 1,000 bytes; refused (--max-input-bytes)`);
    expect(err('lol.yaml')).to.contain('lol.yaml: more than 1,000,000 values once YAML aliases are expanded; refused');
    expect(rep.files.find((x) => x.file === 'nested/web.json')?.resources[0]?.ok).to.equal(true);
  });

  it('refuses a bad --max-input-bytes as a usage error', async () => {
    const r = await runCli(['report', dir, '--max-input-bytes=lots']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('--max-input-bytes: expected a positive whole number of bytes, got "lots"');
  });
});
