import { expect } from 'chai';
import { parseInput, type ParsedResource, type ParsedTaskDefinition } from '../../../src/ecs/parse/index.js';
import { InputError } from '../../../src/ecs/errors.js';
import { aliasBomb } from '../../support/hostile.js';

const td = (extra: Record<string, unknown> = {}) => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'nginx:1.27', portMappings: [{ containerPort: 80 }] }],
  ...extra,
});

function asTd(r: ParsedResource | undefined): ParsedTaskDefinition {
  expect(r?.kind).to.equal('TaskDefinition');
  return r as ParsedTaskDefinition;
}

function parseError(text: string, origin = 'in.json'): InputError {
  try {
    parseInput(text, origin);
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseInput', () => {
  describe('API/CLI JSON', () => {
    it('reads a register-task-definition input', () => {
      const [r] = parseInput(JSON.stringify(td()), 'td.json');
      expect(r.kind).to.equal('TaskDefinition');
      expect(r.name).to.equal('web');
      expect(r.findings).to.deep.equal([]);
    });

    it('reads a create-service input and names it by serviceName', () => {
      const [r] = parseInput(
        JSON.stringify({ serviceName: 'api', taskDefinition: 'web:3', desiredCount: 2 }),
        'svc.json',
      );
      expect(r.kind).to.equal('Service');
      expect(r.name).to.equal('api');
    });

    it('names a service without serviceName after the file stem, with an Info finding', () => {
      const [r] = parseInput(JSON.stringify({ taskDefinition: 'web', desiredCount: 1 }), 'svc.json', 'svc');
      expect(r.name).to.equal('svc');
      expect(r.findings).to.deep.include({
        source: 'Service',
        path: 'serviceName',
        level: 'Info',
        message: 'no serviceName given: used "svc"',
      });
    });

    it('reads a RunTask input as a Task', () => {
      const [r] = parseInput(JSON.stringify({ taskDefinition: 'web', count: 2 }), 'run.json', 'run');
      expect(r.kind).to.equal('Task');
    });
  });

  describe('describe output', () => {
    it('unwraps describe-task-definition, ignores read-only fields with Info findings and keeps wrapper tags', () => {
      const wrapped = {
        taskDefinition: {
          ...td(),
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/web:4',
          revision: 4,
          status: 'ACTIVE',
          requiresAttributes: [{ name: 'x' }],
          compatibilities: ['EC2'],
        },
        tags: [{ key: 'team', value: 'a' }],
      };
      const [r] = parseInput(JSON.stringify(wrapped), 'd.json');
      expect(r.spec).to.not.have.property('revision');
      expect(r.spec).to.not.have.property('taskDefinitionArn');
      expect(asTd(r).spec.tags).to.deep.equal([{ key: 'team', value: 'a' }]);
      expect(r.findings.map((f) => f.path)).to.have.members([
        'compatibilities',
        'requiresAttributes',
        'revision',
        'status',
        'taskDefinitionArn',
      ]);
      expect(r.findings.every((f) => f.level === 'Info')).to.equal(true);
    });

    it('accepts explicit nulls everywhere and drops them', () => {
      const [r] = parseInput(
        JSON.stringify(
          td({
            cpu: null,
            volumes: null,
            containerDefinitions: [
              { name: 'app', image: 'x', cpu: null, portMappings: null, environment: [{ name: 'A', value: null }] },
            ],
          }),
        ),
        'n.json',
      );
      const c = asTd(r).spec.containerDefinitions[0];
      expect(c).to.not.have.property('cpu');
      expect(c.environment).to.deep.equal([{ name: 'A' }]);
    });

    it('reads every service of describe-services', () => {
      const out = parseInput(
        JSON.stringify({
          services: [
            {
              serviceName: 'a',
              taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/a:1',
              runningCount: 1,
              deployments: [],
            },
            { serviceName: 'b', taskDefinition: 'b' },
          ],
          failures: [],
        }),
        's.json',
      );
      expect(out.map((r) => r.name)).to.deep.equal(['a', 'b']);
      expect(out[0].findings.map((f) => f.path)).to.include('runningCount');
    });

    it('reads create-service output {service: {...}}', () => {
      const [r] = parseInput(
        JSON.stringify({ service: { serviceName: 'a', taskDefinition: 'a', roleArn: 'arn:aws:iam::1:role/x' } }),
        's.json',
      );
      expect(r.kind).to.equal('Service');
      expect(r.findings.map((f) => f.path)).to.deep.equal(['roleArn']);
    });
  });

  describe('small mistakes', () => {
    it('treats launchType "" as absent and says so', () => {
      const [r] = parseInput(JSON.stringify({ serviceName: 'a', taskDefinition: 'a', launchType: '' }), 's.json');
      expect(r.spec).to.not.have.property('launchType');
      expect(r.findings).to.deep.include({
        source: 'Service',
        path: 'launchType',
        level: 'Info',
        message: 'empty value treated as absent',
      });
    });

    it('trims whitespace around identifiers with a finding', () => {
      const [r] = parseInput(JSON.stringify(td({ family: 'web ' })), 't.json');
      expect(asTd(r).spec.family).to.equal('web');
      expect(r.findings[0].path).to.equal('family');
    });

    it('moves valueFrom entries out of environment into secrets', () => {
      const [r] = parseInput(
        JSON.stringify(
          td({
            containerDefinitions: [
              {
                name: 'app',
                image: 'x',
                environment: [
                  { name: 'A', value: '1' },
                  { name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/db' },
                ],
              },
            ],
          }),
        ),
        't.json',
      );
      const c = asTd(r).spec.containerDefinitions[0];
      expect(c.environment).to.deep.equal([{ name: 'A', value: '1' }]);
      expect(c.secrets).to.deep.equal([{ name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/db' }]);
      expect(r.findings[0]).to.include({ path: 'containerDefinitions[0].environment[1]', level: 'Approximated' });
    });

    it('flags unfilled placeholders but keeps them', () => {
      const [r] = parseInput(
        JSON.stringify(
          td({
            containerDefinitions: [
              { name: 'app', image: '{{ must_env `IMAGE` }}', environment: [{ name: 'K', value: '<YOUR_KEY>' }] },
            ],
          }),
        ),
        't.json',
      );
      expect(asTd(r).spec.containerDefinitions[0].image).to.equal('{{ must_env `IMAGE` }}');
      expect(r.findings.map((f) => f.path)).to.deep.equal([
        'containerDefinitions[0].image',
        'containerDefinitions[0].environment[0].value',
      ]);
    });
  });

  describe('errors', () => {
    it('names the field path of a type error', () => {
      const e = parseError(
        JSON.stringify(
          td({
            containerDefinitions: [
              { name: 'a', image: 'x' },
              { name: 'b', image: 'y', portMappings: [{ containerPort: 80, hostPort: '80' }] },
            ],
          }),
        ),
      );
      expect(e.path).to.equal('containerDefinitions[1].portMappings[0].hostPort');
      expect(e.message).to.contain(
        'containerDefinitions[1].portMappings[0].hostPort: expected integer, got string "80"',
      );
    });

    it('rejects unknown fields with their path', () => {
      const e = parseError(
        JSON.stringify(td({ containerDefinitions: [{ name: 'a', image: 'x', imagePullPolicy: 'Always' }] })),
      );
      expect(e.path).to.equal('containerDefinitions[0].imagePullPolicy');
      expect(e.message).to.contain('unknown field');
    });

    it('lists the allowed values of an enum', () => {
      const e = parseError(JSON.stringify(td({ networkMode: 'AWSVPC' })));
      expect(e.message).to.contain('networkMode: expected one of "bridge", "host", "awsvpc", "none"');
    });

    it('reports a missing image as a missing required field', () => {
      const e = parseError(JSON.stringify({ family: 'f', containerDefinitions: [{ name: 'a' }] }));
      expect(e.message).to.contain('containerDefinitions[0].image: required field is missing');
    });

    it('gives file, line and column for broken JSON', () => {
      const e = parseError('{\n  "family": "x",\n  "containerDefinitions": [\n}\n', 'bad.json');
      expect(e.message).to.equal('bad.json:4:1: invalid JSON: unexpected "}"');
    });

    it('gives file, line and column for broken YAML', () => {
      const e = parseError('family: x\ncontainerDefinitions: [a\n b: c\n', 'bad.yaml');
      expect(e.message).to.match(/^bad\.yaml:\d+:\d+: invalid YAML: /);
    });

    it('rejects a document that is no ECS shape', () => {
      expect(parseError(JSON.stringify({ hello: 'world' })).message).to.contain('not an ECS task definition');
    });
  });

  describe('custom resources', () => {
    it('reads several CR documents and defaults family and serviceName to metadata.name', () => {
      const yaml = [
        'apiVersion: ecs2eks.dev/v1alpha1',
        'kind: TaskDefinition',
        'metadata: {name: web}',
        'spec:',
        '  containerDefinitions: [{name: app, image: nginx}]',
        '---',
        'apiVersion: ecs2eks.dev/v1alpha1',
        'kind: Service',
        'metadata: {name: web, namespace: shop}',
        'spec: {taskDefinition: web, desiredCount: 2}',
      ].join('\n');
      const out = parseInput(yaml, 'crs.yaml');
      expect(out.map((r) => [r.kind, r.name])).to.deep.equal([
        ['TaskDefinition', 'web'],
        ['Service', 'web'],
      ]);
      expect(out[0].spec).to.have.property('family', 'web');
      expect(out[1].spec).to.have.property('serviceName', 'web');
      expect(out[1].metadata).to.deep.equal({ name: 'web', namespace: 'shop' });
      expect(out.flatMap((r) => r.findings)).to.deep.equal([]);
    });

    it('rejects a foreign apiVersion', () => {
      const e = parseError(
        'apiVersion: ecs.services.k8s.aws/v1alpha1\nkind: TaskDefinition\nmetadata: {name: a}\nspec: {}\n',
        'x.yaml',
      );
      expect(e.path).to.equal('apiVersion');
    });
  });
});

describe('hostile bytes and keys', () => {
  const td = '{"family":"a","containerDefinitions":[{"name":"app","image":"x","memory":128}]}';

  it('accepts a UTF-8 byte-order mark before JSON and YAML (editors on Windows write it)', () => {
    expect(parseInput(`\uFEFF${td}`, 'bom.json').map((r) => `${r.kind}:${r.name}`)).to.deep.equal(['TaskDefinition:a']);
    const yamlText = '\uFEFFfamily: a\ncontainerDefinitions:\n  - {name: app, image: x, memory: 128}\n';
    expect(parseInput(yamlText, 'bom.yaml').map((r) => r.name)).to.deep.equal(['a']);
  });

  it('refuses a __proto__ key with its path instead of failing inside (JSON and YAML)', () => {
    const json = '{"family":"a","containerDefinitions":[{"name":"app","image":"x","__proto__":{"memory":1}}]}';
    expect(() => parseInput(json, 'p.json'))
      .to.throw(InputError, '"__proto__" is not allowed as a key')
      .with.property('path', 'containerDefinitions[0].__proto__');
    const yamlText =
      'family: a\ncontainerDefinitions:\n  - name: app\n    image: x\n    dockerLabels: {__proto__: {a: b}}\n';
    expect(() => parseInput(yamlText, 'p.yaml'))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].dockerLabels.__proto__');
  });
  it('refuses YAML aliases that expand past the value bound ("billion laughs"), naming the file', () => {
    const text = aliasBomb();
    expect(text.length).to.be.below(500);
    expect(() => parseInput(text, 'lol.yaml'))
      .to.throw(InputError, 'lol.yaml: more than 1,000,000 values once YAML aliases are expanded; refused')
      .with.property('path')
      .that.matches(/^containerDefinitions\[0\]\.command/);
  });

  it('refuses nesting deeper than 100 levels, in JSON and in YAML, instead of exhausting the stack', () => {
    const d = 100_000;
    const json = `{"family":"x","a":${'['.repeat(d)}${']'.repeat(d)}}`;
    expect(() => parseInput(json, 'deep.json')).to.throw(InputError, 'deep.json: nested deeper than 100 levels');
    const yamlText = `family: x\na: ${'['.repeat(d)}${']'.repeat(d)}\n`;
    expect(() => parseInput(yamlText, 'deep.yaml')).to.throw(InputError, 'deep.yaml: nested too deeply to parse');
    const shallow = `family: x\ncontainerDefinitions: [{name: a, image: b, command: ${'['.repeat(101)}${']'.repeat(101)}}]\n`;
    expect(() => parseInput(shallow, 's.yaml')).to.throw(InputError, 's.yaml: nested deeper than 100 levels');
  });

  it('refuses a key that appears twice in one JSON object, with its path (JSON.parse would keep the last)', () => {
    const json = '{"family":"x","containerDefinitions":[{"name":"a","image":"good","ima\\u0067e":"evil"}]}';
    expect(() => parseInput(json, 'dup.json'))
      .to.throw(InputError, 'the key appears twice in one object')
      .with.property('path', 'containerDefinitions[0].image');
    // The same key in different objects, and a string value that looks like a key, are fine.
    const ok =
      '{"family":"x","containerDefinitions":[{"name":"a","image":"b","command":["\\"name\\":", "name"]},{"name":"c","image":"d"}]}';
    expect(parseInput(ok, 'ok.json')).to.have.lengthOf(1);
  });
});
