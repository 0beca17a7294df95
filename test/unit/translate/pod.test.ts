import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { podSpecOf } from '../../support/pods.js';

function hasNullish(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0 || v.some(hasNullish);
  if (typeof v === 'object') return Object.values(v).some(hasNullish);
  return false;
}

describe('buildPodTemplate', () => {
  it('builds the whole pod for a simple web service', () => {
    const r = buildPodTemplate(
      taskDef(
        container('Web_App', {
          image: 'nginx:1.27',
          entryPoint: ['/docker-entrypoint.sh'],
          command: ['nginx', '-g', 'daemon off;'],
          cpu: 512,
          memory: 1024,
          portMappings: [{ containerPort: 80, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
          environment: [{ name: 'MODE', value: 'prod' }],
          workingDirectory: '/srv',
        }),
        { networkMode: 'awsvpc' },
      ),
      podContext(),
    );
    const name = r.containerNames['Web_App'];
    expect(name).to.match(/^web-app-[0-9a-f]{8}$/);
    expect(r.template).to.deep.equal({
      metadata: {
        // What the operator reads from a pod: its essential containers, and each container's ECS name.
        annotations: {
          'ecs2eks.dev/container-names': '{"web-app-370a31f4":"Web_App"}',
          'ecs2eks.dev/essential-containers': 'web-app-370a31f4',
        },
        labels: { 'ecs2eks.dev/family': 'app' },
      },
      spec: {
        automountServiceAccountToken: false,
        containers: [
          {
            args: ['nginx', '-g', 'daemon off;'],
            command: ['/docker-entrypoint.sh'],
            env: [{ name: 'MODE', value: 'prod' }],
            image: 'nginx:1.27',
            // ECS pulls at every task start: Always for a tag.
            imagePullPolicy: 'Always',
            name,
            ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
            resources: { limits: { memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
            workingDir: '/srv',
          },
        ],
        enableServiceLinks: false,
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
      },
    });
    expect(r.ports).to.deep.equal([
      {
        container: name,
        ecsContainer: 'Web_App',
        name: 'http',
        ecsName: 'http',
        containerPort: 80,
        protocol: 'TCP',
        appProtocol: 'http',
      },
    ]);
    expect(r.findings).to.deep.equal([
      {
        source: 'TaskDefinition',
        path: 'containerDefinitions[0].name',
        level: 'Info',
        message: `container "Web_App" is named "${name}" in Kubernetes (DNS-1123 label)`,
      },
    ]);
  });

  it('is deterministic and never emits null, undefined or empty arrays', () => {
    const td = taskDef(
      container('a', {
        essential: null,
        environment: [],
        mountPoints: [],
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
        healthCheck: { command: ['CMD-SHELL', 'true'], interval: null },
      }),
      container('b', {
        essential: false,
        dependsOn: [{ containerName: 'a', condition: 'START' }],
        linuxParameters: { capabilities: { add: [], drop: null } },
      }),
      { volumes: [], cpu: 256, memory: '512' },
    );
    const one = buildPodTemplate(td, podContext());
    const two = buildPodTemplate(structuredClone(td), podContext());
    expect(JSON.stringify(one)).to.equal(JSON.stringify(two));
    expect(hasNullish(one.template)).to.equal(false);
    expect(one.objects.some(hasNullish)).to.equal(false);
  });

  it('does not mutate its input', () => {
    const td = taskDef(container('job', { environment: [{ name: 'A', value: '1' }] }));
    const before = JSON.stringify(td);
    buildPodTemplate(td, {
      ...podContext({ kind: 'Task' }),
      overrides: { containerOverrides: [{ name: 'job', environment: [{ name: 'A', value: '2' }] }] },
    });
    expect(JSON.stringify(td)).to.equal(before);
  });

  it('requires at least one essential container', () => {
    expect(() => buildPodTemplate(taskDef(container('a', { essential: false })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions');
  });

  it('rejects duplicate container names with the path of the second', () => {
    expect(() => buildPodTemplate(taskDef(container('a'), container('a')), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[1].name');
  });

  it('maps pseudoTerminal and interactive to tty and stdin', () => {
    const r = buildPodTemplate(taskDef(container('sh', { pseudoTerminal: true, interactive: true })), podContext());
    expect(podSpecOf(r).containers[0]).to.include({ tty: true, stdin: true });
  });
});
