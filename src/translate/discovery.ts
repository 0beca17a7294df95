/**
 * Load balancers, service registries and Service Connect → core v1 Services (ClusterIP) selecting the
 * service's pods, plus TargetGroupBindings when that integration is on (DESIGN.md §3).
 *
 * Naming decisions:
 * - load balancers and Cloud Map registries expose their ports on one Service named after the ECS
 *   resource (`<name>`): a Cloud Map registry ARN holds only a service id, no name to reuse, and the
 *   Service DNS name `<name>.<namespace>.svc` plays the part of the Cloud Map name. A registry that
 *   names no port (A records only) gets a headless Service, whose per-pod A records are what Cloud
 *   Map publishes.
 * - Service Connect: one Service per `services[]` entry named after `discoveryName` (default
 *   `portName`), and one per client alias `dnsName` (its first DNS label; dotted names need a CoreDNS
 *   rewrite, reported). Same-named Services merge their ports.
 * Ports target the container port by its (sanitized) name, so a port renumbering in a new revision
 * keeps working; Service port names are the container port names (≤15, unique per Service).
 */
import { InputError } from '../ecs/errors.js';
import type { LoadBalancer, NetworkMode, ServiceConnectConfiguration, ServiceRegistry } from '../ecs/schema.gen.js';
import { dns1035Label, dnsLabel, portName as toPortName } from './names.js';
import type { TranslateOptions } from './options.js';
import { reportMembers } from './member-findings.js';
import type { Finding, KubeObject } from './types.js';
import type { PortInfo } from './ports.js';

const unsupportedMembers = (
  findings: Finding[],
  path: string,
  value: unknown,
  message: string,
  level: Finding['level'] = 'Unsupported',
): void => reportMembers(findings, 'Service', path, value, level, message);

/** One container port of the pod template, as the pod template reports it. */
/** A port of the pod template, as the pod translation reports it. */
export type TemplatePort = PortInfo;

export interface DiscoveryInput {
  name: string;
  loadBalancers: LoadBalancer[] | null | undefined;
  serviceRegistries: ServiceRegistry[] | null | undefined;
  serviceConnect: ServiceConnectConfiguration | null | undefined;
  ports: TemplatePort[];
  /** ECS names of every container in the task definition, to tell a missing container from a missing port. */
  containers: string[];
  /** The task's network mode in effect: it decides how ECS registers targets (ip or instance). */
  networkMode: NetworkMode;
  selector: Record<string, string>;
  labels: Record<string, string>;
  options: TranslateOptions;
}

interface ServicePort {
  name: string;
  port: number;
  targetPort: string | number;
  protocol: 'TCP' | 'UDP';
  appProtocol?: string;
}

interface ServiceDraft {
  ports: ServicePort[];
  headless: boolean;
}

/** discoveryObjects returns the Services (and TargetGroupBindings) of one ECS service. */
export function discoveryObjects(input: DiscoveryInput): { objects: KubeObject[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const drafts = new Map<string, ServiceDraft>();
  const renamed = new Set<string>();
  // Core Service names are DNS-1035 labels: `web.v2` or `9lives` (valid ECS resource names) are renamed.
  const draft = (ecsName: string): ServiceDraft => {
    const name = dns1035Label(ecsName);
    if (name !== ecsName && !renamed.has(ecsName)) {
      renamed.add(ecsName);
      findings.push({
        source: 'Service',
        path: ecsName === input.name ? 'serviceName' : 'serviceConnectConfiguration',
        level: 'Info',
        message: `the Kubernetes Service for "${ecsName}" is named "${name}" (a Service name must start with a letter and have no dots); clients use ${name}.${input.options.namespace}.svc`,
      });
    }
    let d = drafts.get(name);
    if (!d) drafts.set(name, (d = { ports: [], headless: false }));
    return d;
  };
  const addPort = (svc: string, port: number, tp: TemplatePort, path: string): ServicePort => {
    const d = draft(svc);
    const existing = d.ports.find((p) => p.port === port && p.protocol === tp.protocol);
    if (existing) {
      if (existing.targetPort !== tp.name) {
        findings.push({
          source: 'Service',
          path,
          level: 'Approximated',
          message: `Service ${svc} already maps port ${port}/${tp.protocol} to ${existing.targetPort}; this mapping is dropped`,
        });
      }
      return existing;
    }
    let name = toPortName(tp.name);
    for (let n = 2; d.ports.some((p) => p.name === name); n++) name = toPortName(`${tp.name}-${n}`);
    const sp: ServicePort = { name, port, targetPort: tp.name, protocol: tp.protocol };
    if (tp.appProtocol) sp.appProtocol = tp.appProtocol;
    d.ports.push(sp);
    return sp;
  };
  const findPort = (
    containerName: string | null | undefined,
    containerPort: number | null | undefined,
    path: string,
  ): TemplatePort => {
    const match = input.ports.filter(
      (p) => (containerName == null || p.ecsContainer === containerName) && p.containerPort === containerPort,
    );
    if (match.length === 0) {
      if (containerName != null && !input.containers.includes(containerName)) {
        const known = input.containers.map((c) => JSON.stringify(c)).join(', ');
        throw new InputError(
          path.replace(/\.(containerPort|port)$/, '.containerName'),
          `the task definition has no container "${containerName}" (it has ${known})`,
          'InvalidSpec',
          'Service',
        );
      }
      const where = containerName ? `container "${containerName}"` : 'any container';
      throw new InputError(
        path,
        `${where} has no port mapping for container port ${containerPort}`,
        'InvalidSpec',
        'Service',
      );
    }
    return match.sort((a, b) => (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0))[0];
  };

  const tgbs: Array<{ arn: string; port: ServicePort; i: number }> = [];
  // ECS registers an awsvpc task by its IP (target type ip) and a bridge or host task by its instance
  // and host port (target type instance); the target group was made for one of them, and the binding
  // must say the same. The AWS Load Balancer Controller registers instance targets through a NodePort.
  const targetType = input.networkMode === 'awsvpc' ? 'ip' : 'instance';
  (input.loadBalancers ?? []).forEach((lb, i) => {
    const path = `loadBalancers[${i}]`;
    if (lb.containerName == null || lb.containerPort == null) {
      throw new InputError(
        `${path}.containerName`,
        'a load balancer needs containerName and containerPort',
        'InvalidSpec',
        'Service',
      );
    }
    const tp = findPort(lb.containerName, lb.containerPort, `${path}.containerPort`);
    const sp = addPort(input.name, lb.containerPort, tp, path);
    if (lb.targetGroupArn) {
      if (input.options.integrations.targetGroupBinding) {
        tgbs.push({ arn: lb.targetGroupArn, port: sp, i });
        findings.push({
          source: 'Service',
          path: `${path}.targetGroupArn`,
          level: 'Info',
          message: `registered through a TargetGroupBinding (AWS Load Balancer Controller) with target type ${targetType}${targetType === 'instance' ? ` (${input.networkMode} mode: the Kubernetes Service is a NodePort, as the controller needs for instance targets)` : ''}`,
        });
      } else {
        findings.push({
          source: 'Service',
          path: `${path}.targetGroupArn`,
          level: 'Approximated',
          message: `pods are reachable through Service ${dns1035Label(input.name)} but not registered with the target group (enable the targetGroupBinding integration)`,
        });
      }
    }
    if (lb.loadBalancerName) {
      findings.push({
        source: 'Service',
        path: `${path}.loadBalancerName`,
        level: 'Unsupported',
        message: 'a Classic Load Balancer cannot be attached; a Service of type LoadBalancer would create a new one',
      });
    }
    unsupportedMembers(
      findings,
      `${path}.advancedConfiguration`,
      lb.advancedConfiguration,
      'blue/green load balancer settings have no Kubernetes equivalent',
    );
  });

  (input.serviceRegistries ?? []).forEach((r, i) => {
    const path = `serviceRegistries[${i}]`;
    if (r.registryArn) {
      findings.push({
        source: 'Service',
        path: `${path}.registryArn`,
        level: 'Approximated',
        message: `not registered in Cloud Map; clients resolve ${dns1035Label(input.name)}.${input.options.namespace}.svc through cluster DNS`,
      });
    }
    if (r.containerPort != null) {
      const tp = findPort(r.containerName, r.containerPort, `${path}.containerPort`);
      addPort(input.name, r.port ?? r.containerPort, tp, path);
    } else if (r.port != null) {
      addPort(input.name, r.port, findPort(r.containerName, r.port, `${path}.port`), path);
    } else {
      draft(input.name).headless = true;
    }
  });

  const sc = input.serviceConnect;
  if (sc?.enabled) {
    if (sc.namespace) {
      findings.push({
        source: 'Service',
        path: 'serviceConnectConfiguration.namespace',
        level: 'Approximated',
        message: `Services are created in the Kubernetes namespace ${input.options.namespace}, which plays the Cloud Map namespace's part`,
      });
    }
    unsupportedMembers(
      findings,
      'serviceConnectConfiguration.logConfiguration',
      sc.logConfiguration,
      'there is no Service Connect proxy whose logs could be configured',
      'Info',
    );
    unsupportedMembers(
      findings,
      'serviceConnectConfiguration.accessLogConfiguration',
      sc.accessLogConfiguration,
      'there is no Service Connect proxy to write access logs',
    );
    if (!sc.services?.length) {
      findings.push({
        source: 'Service',
        path: 'serviceConnectConfiguration.enabled',
        level: 'Info',
        message: 'client-only Service Connect: clients reach other services by their Service names in this namespace',
      });
    }
    (sc.services ?? []).forEach((s, i) => {
      const path = `serviceConnectConfiguration.services[${i}]`;
      const tp = input.ports.find((p) => p.ecsName === s.portName);
      if (!tp)
        throw new InputError(`${path}.portName`, `no port mapping is named "${s.portName}"`, 'InvalidSpec', 'Service');
      const discovery = s.discoveryName || s.portName;
      const discoveryService = dnsLabel(discovery);
      const aliases = s.clientAliases ?? [];
      if (aliases.length === 0) {
        // Without aliases the discovery name is the endpoint; with them, clients use the aliases only.
        if (discoveryService !== discovery) {
          const namePath = s.discoveryName ? `${path}.discoveryName` : `${path}.portName`;
          findings.push({
            source: 'Service',
            path: namePath,
            level: 'Approximated',
            message: `"${discovery}" is not a DNS label; the Service is named ${discoveryService}`,
          });
        }
        addPort(discoveryService, tp.containerPort, tp, path);
      }
      aliases.forEach((a, j) => {
        const aPath = `${path}.clientAliases[${j}]`;
        let svc = discoveryService;
        if (a.dnsName) {
          const first = a.dnsName.split('.')[0];
          svc = dnsLabel(first);
          if (svc !== a.dnsName) {
            findings.push({
              source: 'Service',
              path: `${aPath}.dnsName`,
              level: 'Approximated',
              message: `clients must use ${svc} (or ${svc}.${input.options.namespace}.svc); "${a.dnsName}" itself needs a CoreDNS rewrite`,
            });
          }
        }
        addPort(svc, a.port, tp, aPath);
        unsupportedMembers(
          findings,
          `${aPath}.testTrafficRules`,
          a.testTrafficRules,
          'blue/green test traffic routing has no Kubernetes equivalent',
        );
      });
      if (s.ingressPortOverride != null) {
        findings.push({
          source: 'Service',
          path: `${path}.ingressPortOverride`,
          level: 'Unsupported',
          message: 'there is no Service Connect proxy listener to move',
        });
      }
      unsupportedMembers(findings, `${path}.timeout`, s.timeout, 'Service timeouts need a mesh or Gateway API routes');
      unsupportedMembers(findings, `${path}.tls`, s.tls, 'Service Connect TLS needs a mesh (mTLS) or cert-manager');
    });
  } else if (sc) {
    unsupportedMembers(
      findings,
      'serviceConnectConfiguration',
      { ...sc, enabled: undefined },
      'Service Connect is disabled; ignored',
      'Info',
    );
  }

  const objects: KubeObject[] = [];
  for (const name of [...drafts.keys()].sort()) {
    const d = drafts.get(name)!;
    const ports = [...d.ports].sort(
      (a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0),
    );
    // Instance targets reach the pods through a node port: only the Service a binding refers to needs one.
    const nodePort = targetType === 'instance' && tgbs.length > 0 && name === dns1035Label(input.name);
    const spec: Record<string, unknown> = {
      type: nodePort ? 'NodePort' : 'ClusterIP',
      selector: { ...input.selector },
    };
    if (ports.length === 0) spec.clusterIP = 'None';
    else spec.ports = ports;
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: input.options.namespace, labels: { ...input.labels } },
      spec,
    });
  }
  for (const t of tgbs) {
    objects.push({
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: {
        name: dnsLabel(`${input.name}-tg-${t.i}`),
        namespace: input.options.namespace,
        labels: { ...input.labels },
      },
      spec: {
        serviceRef: { name: dns1035Label(input.name), port: t.port.name },
        targetGroupARN: t.arn,
        targetType,
      },
    });
  }
  return { objects, findings };
}
