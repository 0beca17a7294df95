import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../../../src/ecs/model.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt, podSpecOf } from '../../support/pods.js';

describe('resources', () => {
  it('maps container cpu to a request only, memory to limit and request', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 256, memory: 512 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { memory: '512Mi' },
    });
  });

  it('uses memoryReservation as the request when both are given', () => {
    const r = buildPodTemplate(taskDef(container('web', { memory: 2048, memoryReservation: 1024 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({ requests: { memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  it('sets only a request for memoryReservation alone', () => {
    const r = buildPodTemplate(taskDef(container('web', { memoryReservation: 128 })), podContext());
    expect(containerOf(r, 'web').resources).to.deep.equal({ requests: { memory: '128Mi' } });
  });

  it('leaves resources out for cpu 0 and no memory', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 0 })), podContext());
    expect(containerOf(r, 'web')).to.not.have.property('resources');
  });

  it('rejects a memoryReservation above memory', () => {
    expect(() => buildPodTemplate(taskDef(container('web', { memory: 256, memoryReservation: 512 })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].memoryReservation');
  });

  it('puts task cpu and memory into pod-level resources when the cluster supports them', () => {
    const r = buildPodTemplate(taskDef(container('web'), { cpu: '0.5 vCPU', memory: '1 GB' }), podContext());
    expect(r.template.spec.resources).to.deep.equal({
      limits: { cpu: '500m', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    });
    expect(findingsAt(r, 'cpu')).to.have.length(1);
    expect(findingsAt(r, 'cpu')[0].level).to.equal('Info');
  });

  it('raises pod-level requests to the sum of rounded container requests', () => {
    // 10 units → 10m and 246 units → 241m: 251m, more than the task's 250m.
    const r = buildPodTemplate(
      taskDef(container('a', { cpu: 10 }), container('b', { cpu: 246 }), { cpu: '256' }),
      podContext(),
    );
    expect(podSpecOf(r).resources?.requests?.cpu).to.equal('251m');
  });

  it('divides task cpu and memory over the container limits without pod-level resources', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { cpu: 512, memory: 512 }), container('log', { cpu: 0, memoryReservation: 128 }), {
        cpu: '1024',
        memory: '2048',
      }),
      podContext({ options: { podLevelResources: false } }),
    );
    expect(r.template.spec).to.not.have.property('resources');
    // cpu: 1000m total, web requests 500m; the free 500m is split evenly: web 750m, log 250m.
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '750m', memory: '512Mi' },
    });
    // memory: 2048 - 512 (web limit) - 128 (log reservation) = 1408 free, all to log: 1536Mi.
    expect(containerOf(r, 'log').resources).to.deep.equal({
      requests: { memory: '128Mi' },
      limits: { cpu: '250m', memory: '1536Mi' },
    });
    const [cpu] = findingsAt(r, 'cpu');
    expect(cpu.level).to.equal('Approximated');
    expect(cpu.message).to.contain('"web" 750m').and.contain('"log" 250m');
    expect(findingsAt(r, 'memory')[0].level).to.equal('Approximated');
  });

  it('maps GPU requirements to nvidia.com/gpu limits', () => {
    const r = buildPodTemplate(
      taskDef(container('ml', { resourceRequirements: [{ type: 'GPU', value: '2' }] })),
      podContext(),
    );
    expect(containerOf(r, 'ml').resources).to.deep.equal({ limits: { 'nvidia.com/gpu': '2' } });
  });

  it('reports InferenceAccelerator requirements as unsupported', () => {
    const r = buildPodTemplate(
      taskDef(container('ml', { resourceRequirements: [{ type: 'InferenceAccelerator', value: 'device_1' }] })),
      podContext(),
    );
    expect(findingsAt(r, 'containerDefinitions[0].resourceRequirements[0]')[0].level).to.equal('Unsupported');
    expect(containerOf(r, 'ml')).to.not.have.property('resources');
  });

  it('puts task ephemeral storage on the first essential container', () => {
    const r = buildPodTemplate(
      taskDef(container('side', { essential: false }), container('web'), { ephemeralStorage: { sizeInGiB: 30 } }),
      podContext(),
    );
    expect(containerOf(r, 'web').resources).to.deep.equal({ limits: { 'ephemeral-storage': '30Gi' } });
    expect(findingsAt(r, 'ephemeralStorage')[0].level).to.equal('Approximated');
  });

  it('rejects an unparseable task cpu with its path', () => {
    expect(() => buildPodTemplate(taskDef(container('web'), { cpu: 'lots' }), podContext()))
      .to.throw(InputError)
      .with.property('path', 'cpu');
  });

  it('applies RunTask overrides of container and task resources', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 256 }), { cpu: '256', memory: '512' }), {
      ...podContext({ kind: 'Task' }),
      overrides: { cpu: '1024', memory: '2048', containerOverrides: [{ name: 'web', cpu: 512, memory: 1024 }] },
    });
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '1Gi' },
    });
    expect(r.template.spec.resources).to.deep.equal({
      limits: { cpu: '1', memory: '2Gi' },
      requests: { cpu: '1', memory: '2Gi' },
    });
  });
});

type Resources = Record<string, Record<string, string>> | undefined;
const windows = { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' as const } };
const noPodLevel = () => podContext({ options: { podLevelResources: false } });

describe('resources: one container, as ECS sets it', () => {
  // [sentence, container fields, task fields, the container's Kubernetes resources]
  const cases: Array<[string, Partial<ContainerDefinition>, Partial<TaskDefinitionSpec>, Resources]> = [
    ['cpu 1 unit becomes a 1m request (rounded up, never 0)', { cpu: 1 }, {}, { requests: { cpu: '1m' } }],
    ['cpu 10 units become a 10m request (9.77 rounded up)', { cpu: 10 }, {}, { requests: { cpu: '10m' } }],
    ['cpu 2048 units become a request of 2 whole cores', { cpu: 2048 }, {}, { requests: { cpu: '2' } }],
    [
      'null cpu, memory and memoryReservation mean unset',
      { cpu: null, memory: null, memoryReservation: null },
      {},
      undefined,
    ],
    [
      'memory alone is the limit and the request (ECS reserves it for placement)',
      { memory: 300 },
      {},
      { requests: { memory: '300Mi' }, limits: { memory: '300Mi' } },
    ],
    [
      'memoryReservation equal to memory is accepted: request and limit are the same',
      { memory: 512, memoryReservation: 512 },
      {},
      { requests: { memory: '512Mi' }, limits: { memory: '512Mi' } },
    ],
    [
      'memoryReservation 0 reserves nothing: memory is the request',
      { memory: 512, memoryReservation: 0 },
      {},
      { requests: { memory: '512Mi' }, limits: { memory: '512Mi' } },
    ],
    [
      'memoryReservation with a null memory is a request without a limit',
      { memory: null, memoryReservation: 128 },
      {},
      { requests: { memory: '128Mi' } },
    ],
    [
      'on Windows, container cpu is an absolute cap: request and limit',
      { cpu: 512 },
      windows,
      { requests: { cpu: '500m' }, limits: { cpu: '500m' } },
    ],
    [
      'on Windows, 1.5 vCPU of container cpu cap it at 1500m, next to its memory',
      { cpu: 1536, memory: 1024 },
      windows,
      { requests: { cpu: '1500m', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1Gi' } },
    ],
  ];
  for (const [sentence, fields, task, expected] of cases) {
    it(sentence, () => {
      const r = buildPodTemplate(taskDef(container('web', fields), task), podContext());
      expect(containerOf(r, 'web').resources).to.deep.equal(expected);
    });
  }

  it('rejects a memoryReservation above memory even by 1 MiB', () => {
    expect(() => buildPodTemplate(taskDef(container('web', { memory: 511, memoryReservation: 512 })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].memoryReservation');
  });
});

describe('resources: resourceRequirements', () => {
  // [sentence, requirements, the container's limits (undefined: no resources), finding path suffix, level]
  const cases: Array<
    [string, ContainerDefinition['resourceRequirements'], Record<string, string> | undefined, string, string]
  > = [
    ['GPU "1" is one nvidia.com/gpu', [{ type: 'GPU', value: '1' }], { 'nvidia.com/gpu': '1' }, '', 'Info'],
    ['a GPU count given as a number', [{ type: 'GPU', value: 4 }], { 'nvidia.com/gpu': '4' }, '', 'Info'],
    ['a GPU count with spaces around it', [{ type: 'GPU', value: ' 2 ' }], { 'nvidia.com/gpu': '2' }, '', 'Info'],
    [
      'NeuronDevice "16" is 16 aws.amazon.com/neuron devices',
      [{ type: 'NeuronDevice', value: '16' }],
      { 'aws.amazon.com/neuron': '16' },
      '',
      'Info',
    ],
    ['GPU "ALL" has no count: unsupported', [{ type: 'GPU', value: 'ALL' }], undefined, '.value', 'Unsupported'],
    [
      'NeuronDevice "ALL" (the value ECS requires) has no count: unsupported',
      [{ type: 'NeuronDevice', value: 'ALL' }],
      undefined,
      '.value',
      'Unsupported',
    ],
    ['GPU "0" asks for no device: unsupported', [{ type: 'GPU', value: '0' }], undefined, '.value', 'Unsupported'],
    ['GPU "1.5" is not a device count', [{ type: 'GPU', value: '1.5' }], undefined, '.value', 'Unsupported'],
    ['GPU "2x" is not a device count', [{ type: 'GPU', value: '2x' }], undefined, '.value', 'Unsupported'],
    [
      'InferenceAccelerator is unsupported even with a numeric device name',
      [{ type: 'InferenceAccelerator', value: '1' }],
      undefined,
      '',
      'Unsupported',
    ],
  ];
  for (const [sentence, requirements, limits, suffix, level] of cases) {
    it(sentence, () => {
      const r = buildPodTemplate(taskDef(container('ml', { resourceRequirements: requirements })), podContext());
      expect(containerOf(r, 'ml').resources).to.deep.equal(limits && { limits });
      expect(
        findingsAt(r, `containerDefinitions[0].resourceRequirements[0]${suffix}`).map((f) => f.level),
      ).to.deep.equal([level]);
    });
  }

  it('puts GPUs and Neuron devices of one container side by side, next to its memory', () => {
    const r = buildPodTemplate(
      taskDef(
        container('ml', {
          memory: 2048,
          resourceRequirements: [
            { type: 'GPU', value: '2' },
            { type: 'NeuronDevice', value: '1' },
          ],
        }),
      ),
      podContext(),
    );
    expect(containerOf(r, 'ml').resources).to.deep.equal({
      requests: { memory: '2Gi' },
      limits: { 'nvidia.com/gpu': '2', 'aws.amazon.com/neuron': '1', memory: '2Gi' },
    });
  });
});

describe('resources: task cpu and memory as pod-level resources', () => {
  // Init containers (targets of SUCCESS/COMPLETE) run before the others and alone, so Kubernetes
  // checks pod-level requests against max(sum of running containers, each init container plus the
  // sidecars running beside it).
  const migrate = (props: Partial<ContainerDefinition>) => container('migrate', { essential: false, ...props });
  const proxy = (props: Partial<ContainerDefinition>) => container('proxy', { essential: false, ...props });
  const app = (props: Partial<ContainerDefinition>, ...deps: Array<[string, 'START' | 'SUCCESS']>) =>
    container('app', { ...props, dependsOn: deps.map(([containerName, condition]) => ({ containerName, condition })) });

  // [sentence, containers, task fields, pod-level spec.resources]
  const cases: Array<[string, ContainerDefinition[], Partial<TaskDefinitionSpec>, Resources]> = [
    ['null task cpu and memory mean unset', [container('web', { cpu: 256 })], { cpu: null, memory: null }, undefined],
    [
      'task memory alone gives a memory-only pod request and limit',
      [container('web')],
      { memory: '2048' },
      { limits: { memory: '2Gi' }, requests: { memory: '2Gi' } },
    ],
    [
      'task cpu alone gives a cpu-only pod request and limit',
      [container('web')],
      { cpu: 1536 },
      { limits: { cpu: '1500m' }, requests: { cpu: '1500m' } },
    ],
    [
      'the task values stand when the containers reserve less',
      [container('a', { cpu: 256, memoryReservation: 256 }), container('b', { cpu: 256, memory: 512 })],
      { cpu: '1 vCPU', memory: '1 GB' },
      { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
    ],
    [
      'an init container does not add to the running containers (241m alone, 10m after it)',
      [migrate({ cpu: 246 }), app({ cpu: 10 }, ['migrate', 'SUCCESS'])],
      { cpu: '256' },
      { limits: { cpu: '250m' }, requests: { cpu: '250m' } },
    ],
    [
      'an init container counts with the sidecar started before it (10m + 241m)',
      [proxy({ cpu: 10 }), migrate({ cpu: 246 }), app({}, ['proxy', 'START'], ['migrate', 'SUCCESS'])],
      { cpu: '256' },
      { limits: { cpu: '251m' }, requests: { cpu: '251m' } },
    ],
    [
      'sidecars add to the regular containers (241m + 10m)',
      [proxy({ cpu: 246 }), app({ cpu: 10 }, ['proxy', 'START'])],
      { cpu: '256' },
      { limits: { cpu: '251m' }, requests: { cpu: '251m' } },
    ],
    // ECS refuses the next ones at registration; the pod must still be one Kubernetes accepts.
    [
      'memory reservations above the task memory raise the pod value to their sum',
      [container('a', { memoryReservation: 512 }), container('b', { memoryReservation: 768 })],
      { memory: '1024' },
      { limits: { memory: '1280Mi' }, requests: { memory: '1280Mi' } },
    ],
    [
      'a container memory limit above the task memory raises the pod limit to it',
      [container('a', { memory: 3072, memoryReservation: 256 })],
      { memory: '2048' },
      { limits: { memory: '3Gi' }, requests: { memory: '3Gi' } },
    ],
    [
      'an init container memory limit above the task memory raises the pod limit to it',
      [migrate({ memory: 3072, memoryReservation: 256 }), app({ memoryReservation: 256 }, ['migrate', 'SUCCESS'])],
      { memory: '2048' },
      { limits: { memory: '3Gi' }, requests: { memory: '3Gi' } },
    ],
  ];
  for (const [sentence, containers, task, expected] of cases) {
    it(sentence, () => {
      const r = buildPodTemplate(taskDef(...containers, task), podContext());
      expect(podSpecOf(r).resources).to.deep.equal(expected);
    });
  }

  it('reports task memory at its path as Info with the pod value', () => {
    const r = buildPodTemplate(taskDef(container('web'), { memory: '0.5GB' }), podContext());
    expect(findingsAt(r, 'memory').map((f) => [f.level, f.message])).to.deep.equal([
      ['Info', 'task memory 512 MiB is the pod-level memory request and limit (512Mi)'],
    ]);
    expect(findingsAt(r, 'cpu')).to.deep.equal([]);
  });

  it('rejects an unparseable task memory with its path', () => {
    expect(() => buildPodTemplate(taskDef(container('web'), { memory: '2 TB' }), podContext()))
      .to.throw(InputError)
      .with.property('path', 'memory');
  });
});

describe('resources: Windows tasks', () => {
  it('ignores task cpu and memory, as ECS does, and says so once', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { cpu: 512 }), { ...windows, cpu: '2048', memory: '4096' }),
      podContext(),
    );
    expect(podSpecOf(r).resources).to.equal(undefined);
    expect(containerOf(r, 'web').resources).to.deep.equal({ requests: { cpu: '500m' }, limits: { cpu: '500m' } });
    expect(findingsAt(r, 'cpu').map((f) => f.level)).to.deep.equal(['Info']);
    expect(findingsAt(r, 'memory')).to.deep.equal([]);
  });

  it('ignores a task memory given alone and reports it at memory', () => {
    const r = buildPodTemplate(taskDef(container('web'), { ...windows, memory: '4096' }), podContext());
    expect(podSpecOf(r).resources).to.equal(undefined);
    expect(containerOf(r, 'web')).to.not.have.property('resources');
    expect(findingsAt(r, 'memory').map((f) => f.level)).to.deep.equal(['Info']);
    expect(findingsAt(r, 'cpu')).to.deep.equal([]);
  });

  it('ignores a task cpu given alone', () => {
    const r = buildPodTemplate(taskDef(container('web'), { ...windows, cpu: '1024' }), podContext());
    expect(podSpecOf(r).resources).to.equal(undefined);
    expect(findingsAt(r, 'cpu').map((f) => f.level)).to.deep.equal(['Info']);
  });

  it('reports nothing about task resources when there are none', () => {
    const r = buildPodTemplate(taskDef(container('web', { cpu: 256 }), windows), podContext());
    expect(findingsAt(r, 'cpu')).to.deep.equal([]);
    expect(findingsAt(r, 'memory')).to.deep.equal([]);
  });

  it('does not divide task cpu and memory over the containers without pod-level resources either', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { cpu: 512, memoryReservation: 256 }), { ...windows, cpu: '2048', memory: '4096' }),
      noPodLevel(),
    );
    expect(containerOf(r, 'web').resources).to.deep.equal({
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { cpu: '500m' },
    });
  });
});

describe('resources: task cpu and memory divided over the containers (no pod-level resources)', () => {
  // [sentence, containers, task fields, each container's resources by name]
  const cases: Array<[string, ContainerDefinition[], Partial<TaskDefinitionSpec>, Record<string, Resources>]> = [
    [
      'task memory is split evenly over the containers without a limit, on top of their reservations',
      [container('a'), container('b', { memoryReservation: 256 })],
      { memory: '2048' },
      // 2048 - 256 reserved = 1792 free, 896 each.
      { a: { limits: { memory: '896Mi' } }, b: { requests: { memory: '256Mi' }, limits: { memory: '1152Mi' } } },
    ],
    [
      'containers with a hard limit keep it and leave the rest to the others',
      [container('a', { memory: 1024 }), container('b'), container('c')],
      { memory: '3 GB' },
      {
        a: { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } },
        b: { limits: { memory: '1Gi' } },
        c: { limits: { memory: '1Gi' } },
      },
    ],
    [
      'the memory share is rounded down so the limits stay within the task',
      [container('a'), container('b'), container('c')],
      { memory: '1000' },
      { a: { limits: { memory: '333Mi' } }, b: { limits: { memory: '333Mi' } }, c: { limits: { memory: '333Mi' } } },
    ],
    [
      'task cpu is split evenly over the containers, on top of their requests, rounded down',
      [container('a'), container('b'), container('c', { cpu: 256 })],
      { cpu: '1024' },
      // 1000m - 250m requested = 750m free, 250m each.
      {
        a: { limits: { cpu: '250m' } },
        b: { limits: { cpu: '250m' } },
        c: { requests: { cpu: '250m' }, limits: { cpu: '500m' } },
      },
    ],
    [
      'the cpu share is rounded down to whole millicores',
      [container('a'), container('b'), container('c')],
      { cpu: '1 vCPU' },
      { a: { limits: { cpu: '333m' } }, b: { limits: { cpu: '333m' } }, c: { limits: { cpu: '333m' } } },
    ],
    [
      'an init container without resources may use the whole task while it runs alone',
      [
        container('migrate', { essential: false }),
        container('app', { cpu: 256, dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
      ],
      { cpu: '1024', memory: '1024' },
      {
        migrate: { limits: { cpu: '1', memory: '1Gi' } },
        app: { requests: { cpu: '250m' }, limits: { cpu: '1', memory: '1Gi' } },
      },
    ],
    [
      'an init container keeps its own memory limit and gets the task cpu as its cpu limit',
      [
        container('migrate', { essential: false, cpu: 512, memory: 256 }),
        container('app', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
      ],
      { cpu: '1024', memory: '1024' },
      {
        migrate: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } },
        app: { limits: { cpu: '1', memory: '1Gi' } },
      },
    ],
  ];
  for (const [sentence, containers, task, expected] of cases) {
    it(sentence, () => {
      const r = buildPodTemplate(taskDef(...containers, task), noPodLevel());
      expect(podSpecOf(r).resources).to.equal(undefined);
      for (const [name, resources] of Object.entries(expected)) {
        expect(containerOf(r, name).resources, name).to.deep.equal(resources);
      }
    });
  }

  it('lists every container limit in the memory finding', () => {
    const r = buildPodTemplate(
      taskDef(container('a'), container('b', { memoryReservation: 256 }), { memory: '2048' }),
      noPodLevel(),
    );
    expect(findingsAt(r, 'memory').map((f) => [f.level, f.message])).to.deep.equal([
      [
        'Approximated',
        'no pod-level resources on this cluster: task memory (2Gi) divided over the container limits: "a" 896Mi, "b" 1152Mi',
      ],
    ]);
  });

  it('lists every container limit in the cpu finding', () => {
    const r = buildPodTemplate(taskDef(container('a'), container('b', { cpu: 512 }), { cpu: '1024' }), noPodLevel());
    expect(findingsAt(r, 'cpu').map((f) => [f.level, f.message])).to.deep.equal([
      [
        'Approximated',
        'no pod-level resources on this cluster: task cpu (1) divided over the container limits: "a" 250m, "b" 750m',
      ],
    ]);
  });
});

describe('negative container resources', () => {
  for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
    it(`refuses a negative ${field} with the field path, as ECS does`, () => {
      expect(() => buildPodTemplate(taskDef(container('web', { [field]: -5 })), podContext()))
        .to.throw(InputError, `${field} -5 is negative; ECS refuses it`)
        .with.property('path', `containerDefinitions[0].${field}`);
    });
  }
});
