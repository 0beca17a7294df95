/**
 * Container and pod security settings: user, privileged, read-only root, capabilities (policy),
 * docker security options, Linux parameters without an equivalent; pod-level PID/IPC namespaces
 * (policy: host namespaces follow the hostNetwork decision) and sysctls.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../ecs/model.js';
import { gmsaCredentialSpecName } from './windows.js';
import { cpath, type FindingSink } from './findings.js';
import { policyRefusal, type TranslateOptions } from './options.js';

/** Sysctls the kubelet allows without `--allowed-unsafe-sysctls`. */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_wmem',
]);
/** Sysctls of the IPC namespace, which the apiserver refuses beside hostIPC (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*). */
const IPC_SYSCTL_RE = /^(kernel\.(shm|msg)|kernel\.sem$|fs\.mqueue\.)/;
const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

const capName = (s: string): string => s.trim().toUpperCase().replace(/^CAP_/, '');

/** Every Linux capability name (capabilities(7), Linux 6.x) plus ECS's ALL. */
export const LINUX_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYSLOG',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'WAKE_ALARM',
]);

/** Capabilities the Pod Security baseline level lets a container add (the container runtimes' defaults). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** SELinux types the Pod Security baseline level allows (besides none). */
export const BASELINE_SELINUX_TYPES: ReadonlySet<string> = new Set([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/** Refuses a name in `raw` that is not a capability, before it reaches the runtime (which would fail the container). */
function checkCapabilityNames(raw: readonly string[], path: string): void {
  raw.forEach((name, j) => {
    if (!LINUX_CAPABILITIES.has(capName(name)))
      throw new InputError(`${path}[${j}]`, `"${name}" is not a Linux capability (e.g. NET_ADMIN, SYS_PTRACE)`);
  });
}

/** containerSecurityContext returns the securityContext of container `i` (undefined when empty). */
export function containerSecurityContext(
  c: ContainerDefinition,
  i: number,
  options: TranslateOptions,
  sink: FindingSink,
): Record<string, unknown> | undefined {
  const sc: Record<string, unknown> = {};
  if (c.privileged) {
    if (options.policy.privileged === 'refuse')
      throw policyRefusal(cpath(i, '.privileged'), 'privileged containers are refused by the operator policy');
    sc.privileged = true;
  }
  if (c.readonlyRootFilesystem) sc.readOnlyRootFilesystem = true;
  if (c.user) {
    const m = /^(\d+)(?::(.+))?$/.exec(c.user.trim());
    if (!m) {
      sink.unsupported(
        cpath(i, '.user'),
        `user "${c.user}" is a name; Kubernetes only takes numeric ids (runAsUser): the image's default user runs`,
      );
    } else {
      sc.runAsUser = Number(m[1]);
      if (m[2] !== undefined) {
        if (/^\d+$/.test(m[2])) sc.runAsGroup = Number(m[2]);
        else
          sink.unsupported(
            cpath(i, '.user'),
            `group "${m[2]}" is a name; Kubernetes only takes numeric ids: runAsUser ${m[1]} without runAsGroup`,
          );
      }
    }
  }
  const lp = c.linuxParameters;
  checkCapabilityNames(lp?.capabilities?.add ?? [], cpath(i, '.linuxParameters.capabilities.add'));
  checkCapabilityNames(lp?.capabilities?.drop ?? [], cpath(i, '.linuxParameters.capabilities.drop'));
  const add = (lp?.capabilities?.add ?? []).map(capName);
  const drop = (lp?.capabilities?.drop ?? []).map(capName);
  const beyondBaseline = add.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
  if (beyondBaseline.length > 0 && options.policy.addedCapabilities === 'refuse') {
    throw policyRefusal(
      cpath(i, '.linuxParameters.capabilities.add'),
      `capabilities ${beyondBaseline.join(', ')} are refused by the operator policy (allowed: ${[...BASELINE_CAPABILITIES].join(', ')})`,
    );
  }
  if (add.length > 0 || drop.length > 0) sc.capabilities = { add, drop };
  (c.dockerSecurityOptions ?? []).forEach((opt, j) =>
    applySecurityOption(opt, cpath(i, `.dockerSecurityOptions[${j}]`), sc, options, sink),
  );
  (c.credentialSpecs ?? []).forEach((spec, j) => credentialSpec(spec, cpath(i, `.credentialSpecs[${j}]`), sc, sink));
  if (lp?.initProcessEnabled) {
    sink.unsupported(
      cpath(i, '.linuxParameters.initProcessEnabled'),
      'Kubernetes has no per-container init process: the entry point is PID 1 (use tini or dumb-init in the image to reap zombies and forward signals)',
    );
  }
  (lp?.devices ?? []).forEach((_, j) => {
    sink.unsupported(
      cpath(i, `.linuxParameters.devices[${j}]`),
      'host devices need a device plugin or a privileged hostPath mount; not exposed',
    );
  });
  if (lp?.maxSwap !== null && lp?.maxSwap !== undefined)
    sink.unsupported(cpath(i, '.linuxParameters.maxSwap'), 'swap is a node setting in Kubernetes (NodeSwap); ignored');
  if (lp?.swappiness !== null && lp?.swappiness !== undefined)
    sink.unsupported(cpath(i, '.linuxParameters.swappiness'), 'swappiness cannot be set per container; ignored');
  if (c.ulimits?.length)
    sink.unsupported(cpath(i, '.ulimits'), 'Kubernetes has no ulimit setting: the container runtime defaults apply');
  if (c.disableNetworking)
    sink.unsupported(
      cpath(i, '.disableNetworking'),
      'containers of a pod share one network namespace: networking stays on',
    );
  return Object.keys(sc).length > 0 ? sc : undefined;
}

/**
 * A gMSA credential spec (`credentialspec:...`) → `windowsOptions.gmsaCredentialSpecName`: Kubernetes
 * reads the spec from a GMSACredentialSpec resource (the Windows gMSA webhook), which must exist.
 */
function credentialSpec(spec: string, path: string, sc: Record<string, unknown>, sink: FindingSink): void {
  const name = gmsaCredentialSpecName(spec);
  sc.windowsOptions = { gmsaCredentialSpecName: name };
  sink.approximated(
    path,
    `gMSA: create a GMSACredentialSpec named "${name}" from ${spec.replace(/^credentialspec:/, '')} and let the pod's ServiceAccount use it (the Windows gMSA admission webhook must be installed)`,
  );
}

function applySecurityOption(
  opt: string,
  path: string,
  sc: Record<string, unknown>,
  options: TranslateOptions,
  sink: FindingSink,
): void {
  const [kind = '', ...restParts] = opt.split(/[:=]/);
  const rest = restParts.join(':');
  const refuseUnconfined = (what: string): void => {
    if (options.policy.unconfinedProfiles === 'refuse')
      throw policyRefusal(path, `${what} is refused by the operator policy`);
  };
  if (kind === 'credentialspec') {
    credentialSpec(opt, path, sc, sink);
    return;
  }
  if (kind === 'no-new-privileges' && (rest === '' || rest === 'true')) {
    if (sc.privileged)
      sink.unsupported(path, 'no-new-privileges cannot be combined with privileged in Kubernetes; ignored');
    else sc.allowPrivilegeEscalation = false;
    return;
  }
  if (kind === 'apparmor' && rest) {
    if (rest === 'unconfined') refuseUnconfined('an unconfined AppArmor profile');
    sc.appArmorProfile =
      rest === 'unconfined'
        ? { type: 'Unconfined' }
        : rest === 'runtime/default' || rest === 'docker-default'
          ? { type: 'RuntimeDefault' }
          : { type: 'Localhost', localhostProfile: rest };
    return;
  }
  if (kind === 'seccomp' && rest === 'unconfined') {
    refuseUnconfined('an unconfined seccomp profile');
    sc.seccompProfile = { type: 'Unconfined' };
    return;
  }
  const label = /^label[:=](user|role|type|level):(.+)$/.exec(opt);
  if (label) {
    if (label[1] === 'user' || label[1] === 'role') refuseUnconfined(`setting the SELinux ${label[1]}`);
    if (label[1] === 'type' && !BASELINE_SELINUX_TYPES.has(label[2]))
      refuseUnconfined(`the SELinux type ${label[2]} (allowed: ${[...BASELINE_SELINUX_TYPES].join(', ')})`);
    sc.seLinuxOptions = { ...(sc.seLinuxOptions ?? {}), [label[1]]: label[2] };
    return;
  }
  sink.unsupported(path, `security option "${opt}" has no Kubernetes equivalent; ignored`);
}

export interface PodSecurity {
  hostPID?: boolean;
  hostIPC?: boolean;
  shareProcessNamespace?: boolean;
  sysctls?: Array<{ name: string; value: string }>;
}

/** podSecurity returns pod-level process/IPC namespace settings and the union of the containers' sysctls. */
export function podSecurity(
  spec: TaskDefinitionSpec,
  hostNetwork: boolean,
  options: TranslateOptions,
  sink: FindingSink,
): PodSecurity {
  const out: PodSecurity = {};
  const refuseHost = (path: string, what: string): void => {
    if (options.policy.hostNetwork === 'refuse')
      throw policyRefusal(path, `${what} is refused by the operator policy (host namespaces)`);
  };
  if (spec.pidMode === 'host') {
    refuseHost('pidMode', 'the host PID namespace');
    out.hostPID = true;
  } else if (spec.pidMode === 'task') out.shareProcessNamespace = true;
  if (spec.ipcMode === 'host') {
    refuseHost('ipcMode', 'the host IPC namespace');
    out.hostIPC = true;
  } else if (spec.ipcMode === 'none') {
    sink.unsupported('ipcMode', 'containers of a pod always share an IPC namespace; "none" cannot be expressed');
  }
  const sysctls = new Map<string, { value: string; from: string }>();
  spec.containerDefinitions.forEach((c, i) => {
    (c.systemControls ?? []).forEach((s, j) => {
      const path = cpath(i, `.systemControls[${j}]`);
      if (!s.namespace || !SYSCTL_RE.test(s.namespace))
        throw new InputError(`${path}.namespace`, `"${s.namespace ?? ''}" is not a sysctl name`);
      const value = s.value ?? '';
      const prev = sysctls.get(s.namespace);
      if (prev) {
        if (prev.value !== value)
          sink.approximated(
            path,
            `sysctls are pod-wide in Kubernetes: ${s.namespace}=${prev.value} from ${prev.from} is kept, ${value} is dropped`,
          );
        return;
      }
      if (hostNetwork && s.namespace.startsWith('net.')) {
        sink.unsupported(path, `${s.namespace} cannot be set with host networking; ignored`);
        return;
      }
      if (out.hostIPC && IPC_SYSCTL_RE.test(s.namespace)) {
        sink.unsupported(
          path,
          `${s.namespace} belongs to the IPC namespace and cannot be set with ipcMode host; ignored`,
        );
        return;
      }
      if (!SAFE_SYSCTLS.has(s.namespace)) {
        if (options.policy.unsafeSysctls === 'refuse')
          throw policyRefusal(
            `${path}.namespace`,
            `${s.namespace} is not a safe sysctl; unsafe sysctls are refused by the operator policy`,
          );
        sink.approximated(
          path,
          `${s.namespace} is not a safe sysctl: a default kubelet refuses the pod (SysctlForbidden) unless its allowedUnsafeSysctls (--allowed-unsafe-sysctls) lists it`,
        );
      }
      sysctls.set(s.namespace, { value, from: `"${c.name}"` });
    });
  });
  if (sysctls.size > 0)
    out.sysctls = [...sysctls.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([name, v]) => ({ name, value: v.value }));
  return out;
}
