// examples/ is what a new user applies first: every file must say what it shows, be valid ECS-style
// custom resources, and translate without errors with the default (bare-cluster) options.
import type {
  V1DaemonSetSpec,
  V1DeploymentSpec,
  V1PodSpec,
  V1PodTemplateSpec,
  V1ServiceSpec,
  V2HorizontalPodAutoscalerSpec,
} from '@kubernetes/client-node';
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { isUnitError, pairResources, type Unit } from '../../../src/cli/pairing.js';
import { translateUnit } from '../../../src/cli/translate.js';
import type { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../../../src/ecs/model.js';
import { parseInput } from '../../../src/ecs/parse/index.js';
import { defaultOptions } from '../../../src/translate/options.js';
import type { KubeObject } from '../../../src/translate/types.js';

const DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');

interface Doc<Spec = unknown> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Spec;
}
/** The spec of each custom resource kind, as the parser reads it. */
interface CrSpecs {
  TaskDefinition: TaskDefinitionSpec;
  Service: ServiceSpec;
  Task: TaskSpec;
}
const docs = (f: string) => yaml.loadAll(text(f)) as Doc[];
const docsOf = <K extends keyof CrSpecs>(f: string, kind: K) =>
  docs(f).filter((d) => d.kind === kind) as Doc<CrSpecs[K]>[];

function translate(f: string): { units: Unit[]; objects: KubeObject[] } {
  const planned = pairResources(parseInput(text(f), f));
  for (const u of planned) if (isUnitError(u)) throw new Error(u.error);
  const units = planned as Unit[];
  const objects = units.flatMap((u) => translateUnit(u, defaultOptions()).objects);
  return { units, objects };
}
/** A workload spec whose pod template has a spec, as the translator always writes it. */
type WithPod<S> = S & { template: V1PodTemplateSpec & { spec: V1PodSpec } };
/** The spec of each kind the tests look into. */
interface KubeSpecs {
  Deployment: WithPod<V1DeploymentSpec>;
  DaemonSet: WithPod<V1DaemonSetSpec>;
  Service: V1ServiceSpec;
  HorizontalPodAutoscaler: V2HorizontalPodAutoscalerSpec;
}
const ofKind = <K extends keyof KubeSpecs>(objects: KubeObject[], kind: K) =>
  objects.filter((o) => o.kind === kind) as (KubeObject & { spec: KubeSpecs[K] })[];

describe('examples/', () => {
  it('has the five examples', () => {
    expect(files).to.deep.equal([
      'daemon-log-agent.yaml',
      'fargate-autoscaled.yaml',
      'one-off-task.yaml',
      'web-alb.yaml',
      'worker-sidecar.yaml',
    ]);
  });

  for (const f of files) {
    describe(f, () => {
      it('starts with a comment saying what it shows', () => {
        const first = text(f).split('\n')[0];
        expect(first).to.match(/^# \S.{20,}/);
      });

      it('holds only ecs2eks.dev/v1alpha1 resources without a namespace (applied where the user chooses)', () => {
        for (const d of docs(f)) {
          expect(d.apiVersion, `${d.kind} ${d.metadata?.name}`).to.equal('ecs2eks.dev/v1alpha1');
          expect(['TaskDefinition', 'Service', 'Task']).to.include(d.kind);
          expect(d.metadata.name).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(d.metadata.namespace).to.equal(undefined);
        }
      });

      it('parses, pairs every Service/Task with its TaskDefinition, and translates', () => {
        const parsed = parseInput(text(f), f);
        expect(parsed.map((r) => r.kind)).to.include('TaskDefinition');
        const { units, objects } = translate(f);
        // Each Service or Task of the file is one unit; no lone task definition is left over.
        expect(units.filter((u) => u.lone)).to.deep.equal([]);
        expect(units.map((u) => `${u.kind} ${u.name}`).sort()).to.deep.equal(
          docs(f)
            .filter((d) => d.kind !== 'TaskDefinition')
            .map((d) => `${d.kind} ${d.metadata.name}`)
            .sort(),
        );
        expect(objects).to.not.be.empty;
      });

      it('uses images pinned by a version tag', () => {
        for (const d of docsOf(f, 'TaskDefinition')) {
          for (const c of d.spec.containerDefinitions) expect(c.image, c.name).to.match(/:v?\d+(\.\d+)+(-[a-z]+)?$/);
        }
      });
    });
  }

  it('web-alb: a Deployment and a Service for the target group port, with health-check probes', () => {
    const { objects } = translate('web-alb.yaml');
    const [svcCr] = docsOf('web-alb.yaml', 'Service');
    expect(svcCr.spec.loadBalancers?.[0].targetGroupArn).to.match(/^arn:aws:elasticloadbalancing:/);
    const [dep] = ofKind(objects, 'Deployment');
    expect(dep.spec.replicas).to.equal(2);
    const container = dep.spec.template.spec.containers[0];
    expect(container.readinessProbe?.exec?.command?.slice(0, 2)).to.deep.equal(['/bin/sh', '-c']);
    expect(container.livenessProbe).to.not.equal(undefined);
    const [svc] = ofKind(objects, 'Service');
    expect(svc.spec.ports?.map((p) => p.port)).to.include(80);
  });

  it('worker-sidecar: non-essential containers become native sidecars before the worker', () => {
    const { objects } = translate('worker-sidecar.yaml');
    const pod = ofKind(objects, 'Deployment')[0].spec.template.spec;
    expect(pod.containers.map((c) => c.name)).to.deep.equal(['worker']);
    const sidecars = (pod.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
    expect(sidecars.map((c) => c.name).sort()).to.deep.equal(['log-router', 'proxy']);
    // HEALTHY → the worker waits for the proxy's startup probe.
    expect(sidecars.find((c) => c.name === 'proxy')?.startupProbe).to.not.equal(undefined);
    const deps = docsOf('worker-sidecar.yaml', 'TaskDefinition')[0]
      .spec.containerDefinitions[0].dependsOn?.map((d) => d.condition)
      .sort();
    expect(deps).to.deep.equal(['HEALTHY', 'START']);
  });

  it('daemon-log-agent: a DaemonSet with read-only hostPath mounts', () => {
    const { objects } = translate('daemon-log-agent.yaml');
    expect(ofKind(objects, 'Deployment')).to.be.empty;
    const pod = ofKind(objects, 'DaemonSet')[0].spec.template.spec;
    const hostPaths = (pod.volumes ?? []).flatMap((v) => (v.hostPath ? [v.hostPath.path] : []));
    expect(hostPaths.sort()).to.deep.equal(['/etc/machine-id', '/var/log']);
    for (const m of pod.containers[0].volumeMounts!) expect(m.readOnly, m.mountPath).to.equal(true);
  });

  it('one-off-task: one Pod that is never restarted and runs the overridden command', () => {
    const { objects } = translate('one-off-task.yaml');
    expect(objects.map((o) => o.kind)).to.deep.equal(['Pod']);
    const pod = (objects[0] as KubeObject & { spec: V1PodSpec }).spec;
    expect(pod.restartPolicy).to.equal('Never');
    // $ is doubled so the container receives the command verbatim (Kubernetes would expand $(VAR) and $$).
    expect(pod.containers[0].args).to.deep.equal(['echo migrating schema to $$TARGET_VERSION; echo done']);
    expect(pod.containers[0].env).to.deep.include({ name: 'TARGET_VERSION', value: '42' });
  });

  it('fargate-autoscaled: task-sized pod, circuit breaker with rollback, and an HPA', () => {
    const { objects, units } = translate('fargate-autoscaled.yaml');
    const svc = units[0];
    expect(svc.kind).to.equal('Service');
    if (svc.kind !== 'Service') return;
    expect(svc.service.launchType).to.equal('FARGATE');
    expect(svc.service.deploymentConfiguration?.deploymentCircuitBreaker).to.deep.equal({
      enable: true,
      rollback: true,
    });
    const [hpa] = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).to.equal(2);
    expect(hpa.spec.maxReplicas).to.equal(10);
    const pod = ofKind(objects, 'Deployment')[0].spec.template.spec;
    expect(pod.resources?.limits).to.deep.equal({ cpu: '250m', memory: '512Mi' });
    expect(pod.topologySpreadConstraints?.[0].topologyKey).to.equal('topology.kubernetes.io/zone');
  });
});
