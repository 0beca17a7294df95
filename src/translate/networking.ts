/**
 * Network mode and the per-container DNS/hosts settings that Kubernetes only has per pod:
 * host networking (policy), dnsServers/dnsSearchDomains → dnsConfig, extraHosts and links →
 * hostAliases, hostname → pod hostname. Differences between containers are reported.
 */
import { InputError } from '../ecs/errors.js';
import type { TaskDefinitionSpec } from '../ecs/model.js';
import type { NetworkMode } from '../ecs/schema.gen.js';
import { cpath, isIp, type FindingSink } from './findings.js';
import { dnsLabel, isDnsSubdomain } from './names.js';
import { policyRefusal, type TranslateOptions } from './options.js';

export const MAX_NAMESERVERS = 3;
export const MAX_SEARCHES = 32;

/** effectiveNetworkMode returns the ECS network mode in effect: awsvpc for Fargate, else bridge, when unset. */
export function effectiveNetworkMode(spec: TaskDefinitionSpec): NetworkMode {
  if (spec.networkMode) return spec.networkMode;
  return spec.requiresCompatibilities?.includes('FARGATE') ? 'awsvpc' : 'bridge';
}

export interface PodNetworking {
  hostNetwork?: boolean;
  dnsPolicy?: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[] };
  hostAliases?: Array<{ ip: string; hostnames: string[] }>;
  hostname?: string;
}

/** podNetworking returns the pod-level network settings of the task. */
export function podNetworking(spec: TaskDefinitionSpec, options: TranslateOptions, sink: FindingSink): PodNetworking {
  const out: PodNetworking = {};
  const mode = effectiveNetworkMode(spec);
  const defs = spec.containerDefinitions;
  if (mode === 'host') {
    if (options.policy.hostNetwork === 'refuse')
      throw policyRefusal('networkMode', 'host networking is refused by the operator policy');
    out.hostNetwork = true;
    out.dnsPolicy = 'ClusterFirstWithHostNet';
  } else if (mode === 'none') {
    sink.unsupported('networkMode', 'a pod always has a network namespace with a pod IP; "none" cannot be expressed');
  } else if (spec.networkMode === 'bridge') {
    sink.approximated(
      'networkMode',
      'bridge: containers share the pod network namespace (they reach each other on localhost and cannot listen on the same port); the pod IP is routable',
    );
  }

  const union = (
    pick: (i: number) => string[],
    norm: (s: string) => string,
  ): { values: string[]; uneven: number | undefined } => {
    const values: string[] = [];
    let uneven: number | undefined;
    defs.forEach((_, i) => pick(i).forEach((v) => values.includes(norm(v)) || values.push(norm(v))));
    if (defs.length > 1)
      defs.forEach((_, i) => (uneven ??= values.every((v) => pick(i).map(norm).includes(v)) ? undefined : i));
    return { values, uneven };
  };

  const servers = union(
    (i) => defs[i].dnsServers ?? [],
    (s) => s.trim(),
  );
  const searches = union(
    (i) => defs[i].dnsSearchDomains ?? [],
    (s) => s.trim().toLowerCase().replace(/\.$/, ''),
  );
  defs.forEach((c, i) =>
    (c.dnsServers ?? []).forEach((s, j) => {
      if (!isIp(s.trim())) throw new InputError(cpath(i, `.dnsServers[${j}]`), `"${s}" is not an IP address`);
    }),
  );
  if (servers.values.length > 0) {
    out.dnsPolicy = 'None';
    if (servers.values.length > MAX_NAMESERVERS) {
      sink.approximated(
        cpath(0, '.dnsServers'),
        `Kubernetes allows ${MAX_NAMESERVERS} name servers: ${servers.values.slice(MAX_NAMESERVERS).join(', ')} dropped`,
      );
    }
    out.dnsConfig = { nameservers: servers.values.slice(0, MAX_NAMESERVERS) };
  }
  if (servers.uneven !== undefined)
    sink.approximated(
      cpath(servers.uneven, '.dnsServers'),
      'DNS servers are pod-wide in Kubernetes: every container uses the union',
    );
  const validSearches = searches.values.filter((s) => isDnsSubdomain(s));
  if (validSearches.length < searches.values.length) {
    sink.unsupported(
      'containerDefinitions',
      `search domains that are not DNS names were dropped: ${searches.values.filter((s) => !isDnsSubdomain(s)).join(', ')}`,
    );
  }
  if (validSearches.length > 0)
    out.dnsConfig = { ...(out.dnsConfig ?? {}), searches: validSearches.slice(0, MAX_SEARCHES) };
  if (searches.uneven !== undefined)
    sink.approximated(
      cpath(searches.uneven, '.dnsSearchDomains'),
      'DNS search domains are pod-wide in Kubernetes: every container uses the union',
    );

  const aliases = new Map<string, string[]>();
  const owner = new Map<string, string>();
  const addAlias = (ip: string, host: string, path: string): void => {
    const h = host.trim().toLowerCase();
    if (!isDnsSubdomain(h)) {
      sink.unsupported(path, `"${host}" is not a valid host name for /etc/hosts in Kubernetes; dropped`);
      return;
    }
    const prev = owner.get(h);
    if (prev !== undefined) {
      if (prev !== ip) sink.approximated(path, `${h} already maps to ${prev} for the pod; ${ip} is dropped`);
      return;
    }
    owner.set(h, ip);
    aliases.set(ip, [...(aliases.get(ip) ?? []), h]);
  };
  defs.forEach((c, i) => {
    (c.extraHosts ?? []).forEach((e, j) => {
      const path = cpath(i, `.extraHosts[${j}]`);
      if (!isIp(e.ipAddress)) throw new InputError(`${path}.ipAddress`, `"${e.ipAddress}" is not an IP address`);
      addAlias(e.ipAddress, e.hostname, path);
    });
  });
  const hostsUneven = defs.length > 1 ? defs.findIndex((c) => (c.extraHosts ?? []).length !== owner.size) : -1;
  if (owner.size > 0 && hostsUneven >= 0)
    sink.approximated(
      cpath(hostsUneven, '.extraHosts'),
      'extra hosts are pod-wide in Kubernetes: every container sees the union',
    );
  defs.forEach((c, i) => {
    if (!c.links?.length) return;
    c.links.forEach((l, j) => l.split(':').forEach((h) => addAlias('127.0.0.1', h, cpath(i, `.links[${j}]`))));
    sink.approximated(
      cpath(i, '.links'),
      'containers of a pod share localhost: linked names resolve to 127.0.0.1 through hostAliases',
    );
  });
  if (aliases.size > 0) out.hostAliases = [...aliases.entries()].map(([ip, hostnames]) => ({ ip, hostnames }));

  const withHost = defs.map((c, i) => ({ c, i })).filter(({ c }) => c.hostname);
  if (withHost.length > 0) {
    const { c, i } = withHost[0];
    const first = c.hostname!.split('.')[0];
    out.hostname = dnsLabel(first);
    if (out.hostname !== c.hostname)
      sink.approximated(cpath(i, '.hostname'), `pod hostname is "${out.hostname}" (a DNS label)`);
    for (const other of withHost.slice(1)) {
      if (other.c.hostname !== c.hostname)
        sink.approximated(
          cpath(other.i, '.hostname'),
          `a pod has one hostname: "${out.hostname}" from "${c.name}" is used`,
        );
    }
  }
  return out;
}
