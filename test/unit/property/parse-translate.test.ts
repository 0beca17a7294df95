/**
 * Property: whatever definition comes in — random, or a valid one mutated field by field — parsing
 * and translating either succeed with valid Kubernetes names everywhere, or fail with our typed
 * InputError that names a field. Never a TypeError, never a stack trace for the user.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { isInputError } from '../../../src/ecs/errors.js';
import { parseInput, type ParsedTaskDefinition } from '../../../src/ecs/parse/index.js';
import { isDnsLabel, isDnsSubdomain, isPortName } from '../../../src/translate/names.js';
import { defaultOptions, translateService, translateTask } from '../../../src/translate/index.js';
import type { KubeObject } from '../../../src/translate/types.js';

const NAME_CHARS = fc.constantFrom(...'aZ9_-. /:x'.split(''));
const ecsName = fc.string({ unit: NAME_CHARS, minLength: 1, maxLength: 80 });

const container = fc.record(
  {
    name: ecsName,
    image: fc.constantFrom('nginx:1.27', 'busybox', 'registry.example.com/a/b:fail', ''),
    essential: fc.boolean(),
    cpu: fc.integer({ min: 0, max: 4096 }),
    memory: fc.integer({ min: 6, max: 70000 }),
    memoryReservation: fc.integer({ min: 0, max: 4096 }),
    command: fc.array(fc.string(), { maxLength: 3 }),
    entryPoint: fc.array(fc.string(), { maxLength: 2 }),
    portMappings: fc.array(
      fc.record(
        {
          containerPort: fc.integer({ min: -1, max: 70000 }),
          hostPort: fc.integer({ min: 0, max: 70000 }),
          protocol: fc.constantFrom('tcp', 'udp'),
          name: ecsName,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    environment: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), value: fc.string({ maxLength: 10 }) }), {
      maxLength: 3,
    }),
    healthCheck: fc.record(
      {
        command: fc.array(fc.constantFrom('CMD', 'CMD-SHELL', 'curl -f localhost', 'true'), {
          minLength: 1,
          maxLength: 3,
        }),
        interval: fc.integer({ min: 0, max: 300 }),
        startPeriod: fc.integer({ min: 0, max: 300 }),
      },
      { requiredKeys: ['command'] },
    ),
    // Mostly none: a random dependency graph is almost never valid, and valid graphs are the interesting part.
    dependsOn: fc.oneof(
      { weight: 5, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(
          fc.record({ containerName: ecsName, condition: fc.constantFrom('START', 'COMPLETE', 'SUCCESS', 'HEALTHY') }),
          { maxLength: 2 },
        ),
      },
    ),
    stopTimeout: fc.integer({ min: 0, max: 200 }),
    user: fc.constantFrom('1000', '1000:1000', 'nginx', '0'),
  },
  { requiredKeys: ['name', 'image'] },
);

const taskDefinition = fc.record(
  {
    family: ecsName,
    containerDefinitions: fc.array(container, { minLength: 1, maxLength: 4 }),
    cpu: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(4096, '4096', '4 vCPU', '8 vcpu') },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 20000 }), fc.constantFrom('0.25 vCPU', 'lots')) },
    ),
    memory: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(131072, '131072', '128GB') },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.constantFrom('512', '0.5 gb', 'huge')) },
    ),
    networkMode: fc.constantFrom('awsvpc', 'bridge', 'host', 'none'),
    volumes: fc.array(
      fc.record(
        { name: ecsName, host: fc.record({ sourcePath: fc.constantFrom('/var/log', '/data') }, { requiredKeys: [] }) },
        { requiredKeys: ['name'] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['family', 'containerDefinitions'] },
);

const service = fc.record(
  {
    desiredCount: fc.integer({ min: 0, max: 50 }),
    schedulingStrategy: fc.constantFrom('REPLICA', 'DAEMON'),
    deploymentConfiguration: fc.record(
      { maximumPercent: fc.integer({ min: 90, max: 300 }), minimumHealthyPercent: fc.integer({ min: 0, max: 105 }) },
      { requiredKeys: [] },
    ),
    placementConstraints: fc.array(
      fc.record(
        {
          type: fc.constantFrom('memberOf', 'distinctInstance'),
          expression: fc.constantFrom(
            'attribute:ecs.availability-zone in [a, b]',
            'attribute:ecs.instance-type =~ t2.*',
            'not (',
            'task:group == service:x',
          ),
        },
        { requiredKeys: ['type'] },
      ),
      { maxLength: 2 },
    ),
    placementStrategy: fc.array(
      fc.record(
        {
          type: fc.constantFrom('spread', 'binpack', 'random'),
          field: fc.constantFrom('attribute:ecs.availability-zone', 'instanceId', 'memory'),
        },
        { requiredKeys: ['type'] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

/** Every `name`-like value a generated object carries must be valid for the API. */
function checkNames(objects: KubeObject[]): void {
  for (const o of objects) {
    expect(isDnsSubdomain(o.metadata.name), `${o.kind} name ${o.metadata.name}`).to.equal(true);
    const podSpec = (
      o.kind === 'Pod'
        ? o['spec']
        : ((o['spec'] as Record<string, unknown> | undefined)?.template as Record<string, unknown> | undefined)?.spec
    ) as
      | {
          containers?: Array<{ name: string; ports?: Array<{ name?: string }> }>;
          initContainers?: Array<{ name: string; ports?: Array<{ name?: string }> }>;
          volumes?: Array<{ name: string }>;
        }
      | undefined;
    if (!podSpec) continue;
    const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
    const names = containers.map((c) => c.name);
    expect(new Set(names).size, 'container names are unique').to.equal(names.length);
    for (const c of containers) {
      expect(isDnsLabel(c.name), `container name ${c.name}`).to.equal(true);
      for (const p of c.ports ?? [])
        if (p.name !== undefined) expect(isPortName(p.name), `port name ${p.name}`).to.equal(true);
    }
    for (const v of podSpec.volumes ?? []) expect(isDnsLabel(v.name), `volume name ${v.name}`).to.equal(true);
  }
}

/** How many inputs translated successfully: the property must not hold only vacuously. */
const outcomes = { translated: 0, rejected: 0 };

function run(input: unknown, svc: unknown, asTask: boolean): void {
  try {
    const [td] = parseInput(JSON.stringify(input), 'fuzz.json', 'fuzz') as ParsedTaskDefinition[];
    if (!td || td.kind !== 'TaskDefinition') return;
    const resolved = { family: td.spec.family, revision: 1, spec: td.spec };
    const out = asTask
      ? translateTask(
          { name: 'fuzz', task: { taskDefinition: td.spec.family, count: 2 }, taskDefinition: resolved },
          defaultOptions(),
        )
      : translateService(
          {
            name: 'fuzz',
            service: { serviceName: 'fuzz', taskDefinition: td.spec.family, ...(svc as object) },
            taskDefinition: resolved,
          },
          defaultOptions(),
        );
    checkNames(out.objects);
    for (const f of out.findings) expect(['Info', 'Approximated', 'Unsupported']).to.include(f.level);
    outcomes.translated++;
  } catch (e) {
    if (isInputError(e)) {
      outcomes.rejected++;
      expect(e.message.length).to.be.greaterThan(0);
      return;
    }
    throw e;
  }
}

describe('parse + translate never fail except with a typed input error (property)', () => {
  beforeEach(() => {
    outcomes.translated = 0;
    outcomes.rejected = 0;
  });
  afterEach(function () {
    // Both branches must be exercised, or the generators drifted into all-valid or all-invalid input.
    if (this.currentTest?.state === 'passed') {
      expect(outcomes.translated, 'inputs that translated').to.be.greaterThan(10);
      expect(outcomes.rejected, 'inputs rejected with an InputError').to.be.greaterThan(10);
    }
  });

  it('holds for random task definitions translated as services', () => {
    fc.assert(
      fc.property(taskDefinition, service, (td, svc) => run(td, svc, false)),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('holds for random task definitions translated as one-off tasks', () => {
    fc.assert(
      fc.property(taskDefinition, (td) => run(td, {}, true)),
      { numRuns: 200, seed: 7 },
    );
  });

  it('holds when one field of a valid definition is replaced by a value of the wrong type', () => {
    const valid = {
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
    };
    const paths = [
      'family',
      'containerDefinitions',
      'containerDefinitions.0',
      'containerDefinitions.0.name',
      'containerDefinitions.0.portMappings',
      'containerDefinitions.0.portMappings.0.containerPort',
    ];
    const junk = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), junk, (path, value) => {
        const copy = structuredClone(valid) as Record<string, unknown>;
        const keys = path.split('.');
        let cur: Record<string, unknown> = copy;
        for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[keys[keys.length - 1]] = value;
        run(copy, {}, false);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
