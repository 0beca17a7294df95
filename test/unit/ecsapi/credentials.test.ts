import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import {
  loadCredentials,
  MAX_CREDENTIALS_FILE_BYTES,
  parseCredentials,
  type Credential,
} from '../../../src/ecsapi/credentials.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

const YAML = `
credentials:
  - accessKeyId: AKIAEXAMPLEDEPLOYER
    secretAccessKey: ${SECRET}
    user: ci-deployer
    groups: [team-a, ecs-deployers]
  - accessKeyId: AKIAEXAMPLEREADER
    secretAccessKey: "0123"
    user: reader
`;

const EXPECTED: Credential[] = [
  {
    accessKeyId: 'AKIAEXAMPLEDEPLOYER',
    secretAccessKey: SECRET,
    user: 'ci-deployer',
    groups: ['team-a', 'ecs-deployers'],
  },
  { accessKeyId: 'AKIAEXAMPLEREADER', secretAccessKey: '0123', user: 'reader', groups: [] },
];

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

function yamlOf(entries: string): string {
  return `credentials:\n${entries}`;
}

describe('parseCredentials', () => {
  it('reads a YAML file, with no groups meaning an empty list', () => {
    expect(parseCredentials(YAML, 'creds.yaml')).to.deep.equal(EXPECTED);
  });

  it('reads the same credentials written as JSON', () => {
    expect(parseCredentials(JSON.stringify({ credentials: EXPECTED }), 'creds.json')).to.deep.equal(EXPECTED);
  });

  it('names the field path of a value of the wrong type, without quoting the secret', () => {
    const text = yamlOf(
      '  - {accessKeyId: AKID1, secretAccessKey: s1, user: u1}\n  - {accessKeyId: AKID2, secretAccessKey: 12345678, user: u2}\n',
    );
    const e = inputError(() => parseCredentials(text, 'creds.yaml'));
    expect(e.path).to.equal('credentials[1].secretAccessKey');
    expect(e.message).to.equal('creds.yaml: credentials[1].secretAccessKey: expected string, got number');
    expect(e.message).not.to.include('12345678');
    expect(e.reason).to.equal('InvalidCredentialsFile');
  });

  it('names a missing field and an empty user', () => {
    const missing = inputError(() => parseCredentials(yamlOf('  - {accessKeyId: AKID1, user: u1}\n'), 'c.yaml'));
    expect(missing.message).to.equal(
      'c.yaml: credentials[0].secretAccessKey: required field is missing (expected string)',
    );
    const empty = inputError(() =>
      parseCredentials(yamlOf('  - {accessKeyId: AKID1, secretAccessKey: s, user: ""}\n'), 'c.yaml'),
    );
    expect(empty.path).to.equal('credentials[0].user');
  });

  it('refuses an unknown field, a typo being an error rather than ignored', () => {
    const text = yamlOf('  - {accessKeyId: AKID1, secretAccessKey: s, user: u, group: [a]}\n');
    const e = inputError(() => parseCredentials(text, 'c.yaml'));
    expect(e.message).to.equal(
      'c.yaml: credentials[0].group: unknown field (expected accessKeyId, secretAccessKey, user, groups)',
    );
  });

  it('refuses an access key that could not appear in a SigV4 Credential', () => {
    const e = inputError(() =>
      parseCredentials(yamlOf('  - {accessKeyId: "AKID/1", secretAccessKey: s, user: u}\n'), 'c.yaml'),
    );
    expect(e.path).to.equal('credentials[0].accessKeyId');
    expect(e.message).to.include('letters, digits or underscores');
  });

  it('refuses a duplicated access key, naming both entries', () => {
    const text = yamlOf(
      [
        '  - {accessKeyId: AKID1, secretAccessKey: s1, user: u1}',
        '  - {accessKeyId: AKID2, secretAccessKey: s2, user: u2}',
        '  - {accessKeyId: AKID1, secretAccessKey: s3, user: u3}',
        '',
      ].join('\n'),
    );
    const e = inputError(() => parseCredentials(text, 'c.yaml'));
    expect(e.path).to.equal('credentials[2].accessKeyId');
    expect(e.message).to.equal(
      'c.yaml: credentials[2].accessKeyId: access key AKID1 is already listed at credentials[0]; each key must map to one identity',
    );
  });

  it('refuses an empty list, an empty file and a missing list', () => {
    expect(inputError(() => parseCredentials('credentials: []\n', 'c.yaml')).message).to.equal(
      'c.yaml: credentials: the list is empty: no access key could call the API',
    );
    expect(inputError(() => parseCredentials('  \n', 'c.yaml')).message).to.include('the file is empty');
    expect(inputError(() => parseCredentials('{}', 'c.json')).message).to.equal(
      'c.json: credentials: required field is missing (expected list)',
    );
  });

  it('reports a syntax error with its line and column', () => {
    const e = inputError(() => parseCredentials('credentials:\n  - accessKeyId: [\n', 'c.yaml'));
    expect(e.reason).to.equal('InvalidSyntax');
    expect(e.message).to.match(/^c\.yaml:\d+:\d+: invalid YAML or JSON: /);
  });
});

describe('loadCredentials', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecs2eks-credentials-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and parses the file', () => {
    const file = join(dir, 'creds.yaml');
    writeFileSync(file, YAML);
    expect(loadCredentials(file)).to.deep.equal(EXPECTED);
  });

  it('refuses a file over 1 MiB without parsing it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `${YAML}\n#${'x'.repeat(MAX_CREDENTIALS_FILE_BYTES)}\n`);
    const e = inputError(() => loadCredentials(file));
    expect(e.message).to.match(
      /the credentials file is larger than 1048576 bytes \(1 MiB; it has \d+ bytes\); refusing/,
    );
  });

  it('accepts a file of exactly 1 MiB', () => {
    const file = join(dir, 'limit.yaml');
    const text = `${YAML}#`;
    writeFileSync(file, `${text}${'x'.repeat(MAX_CREDENTIALS_FILE_BYTES - Buffer.byteLength(text))}`);
    expect(loadCredentials(file)).to.deep.equal(EXPECTED);
  });

  it('turns a missing file or a directory into an InputError naming the path', () => {
    const missing = join(dir, 'absent.yaml');
    expect(inputError(() => loadCredentials(missing)).message).to.include(
      `${missing}: cannot read the credentials file`,
    );
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(inputError(() => loadCredentials(sub)).message).to.equal(`${sub}: is a directory, not a credentials file`);
  });
});
