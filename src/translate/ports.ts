/**
 * portMappings → container ports. Protocols are uppercased, names made valid IANA service names
 * (unique per pod), host ports kept only where they mean something (bridge with a fixed host port,
 * host networking), and port ranges expanded up to a cap.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition } from '../ecs/model.js';
import type { NetworkMode } from '../ecs/schema.gen.js';
import { cpath, type FindingSink } from './findings.js';
import { portName } from './names.js';
import { policyRefusal, type Policy } from './options.js';

/** The largest containerPortRange expanded into individual ports. */
export const MAX_PORT_RANGE = 100;

/** A translated port, for the Service-level translation (load balancers, Service Connect refer to it). */
export interface PortInfo {
  container: string;
  ecsContainer: string;
  name: string;
  ecsName?: string;
  containerPort: number;
  hostPort?: number;
  protocol: 'TCP' | 'UDP';
  appProtocol?: string;
}

/** Per-pod state: port names and host ports must be unique across all containers. */
export interface PortState {
  names: Set<string>;
  hostPorts: Map<string, string>;
  infos: PortInfo[];
}

const APP_PROTOCOLS: Record<string, string> = { http: 'http', http2: 'kubernetes.io/h2c', grpc: 'grpc' };

function uniquePortName(preferred: string, fallbackSeed: string, taken: Set<string>): string {
  let name = preferred;
  for (let n = 0; taken.has(name); n++) name = portName(`${fallbackSeed}#${n}`);
  taken.add(name);
  return name;
}

/** containerPorts returns the Kubernetes `ports` of container `i` and records PortInfos in `state`. */
export function containerPorts(
  c: ContainerDefinition,
  i: number,
  k8sName: string,
  mode: NetworkMode,
  state: PortState,
  policy: Policy,
  sink: FindingSink,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  (c.portMappings ?? []).forEach((pm, j) => {
    const path = cpath(i, `.portMappings[${j}]`);
    const protocol = (pm.protocol ?? 'tcp').toUpperCase() as 'TCP' | 'UDP';
    if (pm.containerPortRange) {
      const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(pm.containerPortRange);
      const [start, end] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
      if (!m || start < 1 || end > 65535 || start > end) {
        throw new InputError(
          `${path}.containerPortRange`,
          `"${pm.containerPortRange}" is not a port range "start-end" within 1-65535`,
        );
      }
      if (end - start + 1 > MAX_PORT_RANGE) {
        sink.unsupported(
          `${path}.containerPortRange`,
          `Kubernetes has no port ranges and ${end - start + 1} ports exceed the expansion cap of ${MAX_PORT_RANGE}; not declared (the container can still listen on them)`,
        );
        return;
      }
      for (let p = start; p <= end; p++) {
        if (seen.has(`${p}/${protocol}`)) continue;
        seen.add(`${p}/${protocol}`);
        out.push({ containerPort: p, protocol });
      }
      sink.approximated(
        `${path}.containerPortRange`,
        `expanded into ${end - start + 1} unnamed ports ${start}-${end}/${protocol}; dynamic host port ranges have no equivalent`,
      );
      return;
    }
    const port = pm.containerPort;
    if (port === null || port === undefined)
      throw new InputError(`${path}.containerPort`, 'containerPort (or containerPortRange) is required');
    if (port < 1 || port > 65535)
      throw new InputError(`${path}.containerPort`, `${port} is not a port number (1-65535)`);
    if (seen.has(`${port}/${protocol}`)) {
      sink.info(path, `duplicate of an earlier ${port}/${protocol} mapping of "${c.name}"; declared once`);
      return;
    }
    seen.add(`${port}/${protocol}`);

    let hostPort: number | undefined;
    const hp = pm.hostPort;
    if (mode === 'bridge') {
      if (hp !== null && hp !== undefined && hp > 0) {
        if (policy.hostPorts === 'refuse')
          throw policyRefusal(
            `${path}.hostPort`,
            `host port ${hp} is refused by the operator policy (a port on the node's own address)`,
          );
        hostPort = hp;
      } else if (hp === 0)
        sink.info(
          `${path}.hostPort`,
          'a dynamic host port has no equivalent and is not needed: the pod IP is routable',
        );
    } else if (hp !== null && hp !== undefined && hp !== 0 && hp !== port) {
      sink.approximated(
        `${path}.hostPort`,
        `${mode} networking requires hostPort to equal containerPort; used containerPort ${port}`,
      );
    }
    if (mode === 'host') hostPort = port;
    if (hostPort !== undefined) {
      const key = `${hostPort}/${protocol}`;
      const owner = state.hostPorts.get(key);
      if (owner !== undefined) throw new InputError(`${path}.hostPort`, `host port ${key} is already used by ${owner}`);
      state.hostPorts.set(key, `${c.name}`);
    }

    const preferred = pm.name ? portName(pm.name) : `${protocol.toLowerCase()}-${port}`;
    const name = uniquePortName(preferred, `${c.name}/${port}/${protocol}`, state.names);
    if (pm.name && name !== pm.name)
      sink.info(
        `${path}.name`,
        `port name "${pm.name}" is "${name}" in Kubernetes (at most 15 characters of [a-z0-9-], unique per pod)`,
      );
    const appProtocol = pm.appProtocol ? APP_PROTOCOLS[pm.appProtocol] : undefined;
    out.push({ name, containerPort: port, hostPort, protocol });
    state.infos.push({
      container: k8sName,
      ecsContainer: c.name,
      name,
      ...(pm.name ? { ecsName: pm.name } : {}),
      containerPort: port,
      ...(hostPort !== undefined ? { hostPort } : {}),
      protocol,
      ...(appProtocol ? { appProtocol } : {}),
    });
  });
  return out;
}
