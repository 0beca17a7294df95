import { expect } from 'chai';
import {
  ConfigError,
  durationMs,
  parseAddress,
  parseConfigFile,
  resolveConfig,
  translateOptionsFor,
  type OperatorConfig,
} from '../../../src/controller/config.js';
import { FLAGS, loadOperatorConfig, renderHelp } from '../../../src/controller/flags.js';

function load(argv: string[], files: Record<string, string> = {}): OperatorConfig {
  const r = loadOperatorConfig(argv, {
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p];
    },
  });
  if (r.help) throw new Error('unexpected help');
  return r.config;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('operator configuration', () => {
  it('uses the documented defaults when given nothing', () => {
    const c = load([]);
    expect(c.namespaces).to.deep.equal([]);
    expect(c.workers).to.equal(2);
    expect(c.logFormat).to.equal('auto');
    expect(c.client).to.deep.equal({ qps: 100, burst: 200 });
    expect(c.queue).to.deep.equal({ qps: 10, burst: 100, baseDelayMs: 5, maxDelayMs: 1_000_000 });
    expect(c.leaderElection).to.deep.equal({
      enabled: false,
      namespace: 'ecs2eks-system',
      name: 'ecs2eks-leader',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
    expect(c.metricsAddress).to.deep.equal({ host: '127.0.0.1', port: 8080 });
    expect(c.probeAddress).to.deep.equal({ host: '127.0.0.1', port: 8081 });
    expect(c.resyncPeriodMs).to.equal(600_000);
    expect(c.integrations).to.deep.equal({
      targetGroupBinding: false,
      externalSecrets: false,
      efs: false,
      fargateNodeSelection: false,
      securityGroupPolicy: false,
    });
    expect(c.placementAttributes).to.deep.equal({
      'ecs.availability-zone': 'topology.kubernetes.io/zone',
      'ecs.instance-type': 'node.kubernetes.io/instance-type',
      'ecs.os-type': 'kubernetes.io/os',
      'ecs.cpu-architecture': 'kubernetes.io/arch',
    });
    expect(c.capacityProviders.FARGATE?.nodeSelector).to.deep.equal({ 'eks.amazonaws.com/compute-type': 'fargate' });
    // Strict by default: nothing Pod Security baseline forbids.
    expect(c.policy).to.deep.equal({
      privileged: 'refuse',
      hostNetwork: 'refuse',
      hostPath: 'refuse',
      addedCapabilities: 'refuse',
      hostPorts: 'refuse',
      unconfinedProfiles: 'refuse',
      unsafeSysctls: 'refuse',
    });
  });

  it('reads a complete file and lets flags override it', () => {
    const file = `
namespaces: [team-b, team-a]
workers: 4
client: { qps: 50, burst: 80 }
leaderElection: { enabled: true, namespace: ops, leaseDuration: 30s, renewDeadline: 20s, retryPeriod: 4s }
metricsAddress: "0"
probeAddress: 127.0.0.1:9091
resyncPeriod: 5m
integrations: { efs: true }
placementAttributes: { custom.rack: example.com/rack }
capacityProviders:
  gpu:
    nodeSelector: { example.com/gpu: "true" }
    tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
policy: { preset: strict, hostPath: allow }
`;
    const c = load(['--config', 'op.yaml', '--workers=8', '--enable-target-group-binding', '--namespace', 'team-c'], {
      'op.yaml': file,
    });
    expect(c.namespaces).to.deep.equal(['team-c']); // the flag replaces the file's list
    expect(c.workers).to.equal(8);
    expect(c.client).to.deep.equal({ qps: 50, burst: 80 });
    expect(c.leaderElection).to.include({
      enabled: true,
      namespace: 'ops',
      leaseDurationMs: 30_000,
      renewDeadlineMs: 20_000,
      retryPeriodMs: 4_000,
    });
    expect(c.metricsAddress).to.equal(null);
    expect(c.probeAddress).to.deep.equal({ host: '127.0.0.1', port: 9091 });
    expect(c.resyncPeriodMs).to.equal(300_000);
    expect(c.integrations).to.deep.equal({
      targetGroupBinding: true,
      externalSecrets: false,
      efs: true,
      fargateNodeSelection: false,
      securityGroupPolicy: false,
    });
    expect(c.placementAttributes['custom.rack']).to.equal('example.com/rack');
    expect(c.placementAttributes['ecs.os-type'], 'defaults stay').to.equal('kubernetes.io/os');
    expect(c.capacityProviders.gpu?.tolerations).to.deep.equal([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(c.capacityProviders.FARGATE, 'default providers stay').to.not.equal(undefined);
    expect(c.policy).to.deep.equal({
      privileged: 'refuse',
      hostNetwork: 'refuse',
      hostPath: 'allow',
      addedCapabilities: 'refuse',
      hostPorts: 'refuse',
      unconfinedProfiles: 'refuse',
      unsafeSysctls: 'refuse',
    });
  });

  it('applies the strict preset from a flag, with a per-field override', () => {
    const c = load(['--policy=strict', '--policy-privileged=allow']);
    expect(c.policy).to.deep.equal({
      privileged: 'allow',
      hostNetwork: 'refuse',
      hostPath: 'refuse',
      addedCapabilities: 'refuse',
      hostPorts: 'refuse',
      unconfinedProfiles: 'refuse',
      unsafeSysctls: 'refuse',
    });
  });

  it('applies the local preset with a per-field override for every policy key', () => {
    const c = load([
      '--policy=local',
      '--policy-host-ports=refuse',
      '--policy-unconfined-profiles=refuse',
      '--policy-unsafe-sysctls=refuse',
    ]);
    expect(c.policy).to.deep.equal({
      privileged: 'allow',
      hostNetwork: 'allow',
      hostPath: 'allow',
      addedCapabilities: 'allow',
      hostPorts: 'refuse',
      unconfinedProfiles: 'refuse',
      unsafeSysctls: 'refuse',
    });
  });

  it('accepts comma-separated and repeated namespaces, sorted and deduplicated', () => {
    expect(load(['--namespace=b,a', '--namespace', 'c', '--namespace=a']).namespaces).to.deep.equal(['a', 'b', 'c']);
  });

  it('names the path of every bad value in a file', () => {
    const file = `
workers: 0
client: { qps: -1 }
leaderElection: { namespace: Not_A_Namespace }
placementAttributes: { ecs.zone: "not a label key!" }
capacityProviders: { X: { tolerations: [{ operator: Sometimes }] } }
policy: { privileged: maybe }
metricsAddress: localhost
resyncPeriod: soon
`;
    const err = configError(() => parseConfigFile(file, 'op.yaml'));
    const paths = err.issues.map((i) => i.path);
    expect(paths).to.have.members([
      'workers',
      'client.qps',
      'leaderElection.namespace',
      'placementAttributes.ecs.zone',
      'capacityProviders.X.tolerations[0].operator',
      'policy.privileged',
      'metricsAddress',
      'resyncPeriod',
    ]);
    expect(err.message).to.contain('op.yaml: workers:');
  });

  it('rejects unknown keys, naming them, instead of ignoring typos', () => {
    const err = configError(() => parseConfigFile('leaderElection: { enable: true }\nworkerz: 3\n', 'op.yaml'));
    expect(err.issues).to.deep.equal([
      { path: 'leaderElection.enable', message: 'unknown key' },
      { path: 'workerz', message: 'unknown key' },
    ]);
  });

  it('reports YAML syntax errors and a non-object document', () => {
    expect(configError(() => parseConfigFile('workers: [1', 'op.yaml')).message).to.contain('not valid YAML');
    expect(configError(() => parseConfigFile('- 1\n- 2\n', 'op.yaml')).issues[0].message).to.match(/expected object/i);
  });

  it('accepts an empty file', () => {
    expect(load(['--config=empty.yaml'], { 'empty.yaml': '' }).workers).to.equal(2);
  });

  it('names the flag when a flag value is invalid', () => {
    const err = configError(() => load(['--kube-api-qps=fast']));
    expect(err.issues[0].path).to.equal('--kube-api-qps (client.qps)');
    expect(configError(() => load(['--workers=0'])).issues[0].path).to.equal('--workers (workers)');
  });

  it('takes the log format from the file or the --log-format flag, and names the flag for anything but json, text or auto', () => {
    expect(load(['--config=op.yaml'], { 'op.yaml': 'logFormat: json\n' }).logFormat).to.equal('json');
    expect(load(['--config=op.yaml', '--log-format=text'], { 'op.yaml': 'logFormat: json\n' }).logFormat).to.equal(
      'text',
    );
    const err = configError(() => load(['--log-format=xml']));
    expect(err.issues).to.have.length(1);
    expect(err.issues[0].path).to.equal('--log-format (logFormat)');
    expect(err.message).to.match(/^command line: --log-format \(logFormat\): .*"json"\|"text"\|"auto"/);
    expect(configError(() => parseConfigFile('logFormat: pretty\n', 'op.yaml')).message).to.match(
      /^op\.yaml: logFormat:/,
    );
  });

  it('rejects unknown flags, missing values and positional arguments', () => {
    expect(configError(() => load(['--frobnicate'])).issues[0]).to.deep.equal({
      path: '--frobnicate',
      message: 'unknown flag (see --help)',
    });
    expect(configError(() => load(['--workers'])).issues[0].message).to.equal('needs a value');
    expect(configError(() => load(['stray'])).issues[0].path).to.equal('stray');
    expect(configError(() => load(['--leader-elect=yes'])).issues[0].message).to.contain('true or false');
  });

  it('names the config file when it cannot be read', () => {
    const err = configError(() => load(['--config=missing.yaml']));
    expect(err.message).to.match(/^missing\.yaml: cannot read/);
  });

  it('checks that the renew deadline is shorter than the lease and the retry shorter than the deadline', () => {
    const err = configError(() =>
      resolveConfig({ leaderElection: { leaseDuration: 10, renewDeadline: 10, retryPeriod: 12 } }),
    );
    expect(err.issues.map((i) => i.path)).to.deep.equal(['leaderElection.renewDeadline', 'leaderElection.retryPeriod']);
  });

  it('serves metrics securely by default; secure metrics need an address apart from the plain-HTTP probes', () => {
    expect(load([]).metricsSecure).to.equal(true);
    expect(load([]).metricsCertDir).to.equal(undefined);
    expect(load(['--metrics-secure=false']).metricsSecure).to.equal(false);
    expect(load(['--metrics-cert-dir=/certs']).metricsCertDir).to.equal('/certs');
    const shared = ['--metrics-bind-address=:8443', '--health-probe-bind-address=:8443'];
    const err = configError(() => load(shared));
    expect(err.issues.map((i) => i.path)).to.deep.equal(['probeAddress']);
    expect(load([...shared, '--metrics-secure=false']).probeAddress).to.deep.equal({ host: '0.0.0.0', port: 8443 });
  });

  it('parses durations and addresses', () => {
    expect([durationMs(2), durationMs('500ms'), durationMs('1.5s'), durationMs('10m'), durationMs('1h')]).to.deep.equal(
      [2000, 500, 1500, 600_000, 3_600_000],
    );
    expect(load(['--resync-period=0']).resyncPeriodMs).to.equal(0);
    expect(load(['--resync-period', '90']).resyncPeriodMs).to.equal(90_000);
    expect(parseAddress('[::1]:8080')).to.deep.equal({ host: '::1', port: 8080 });
    expect(parseAddress(':8080')).to.deep.equal({ host: '0.0.0.0', port: 8080 });
    expect(parseAddress('127.0.0.1:70000')).to.equal(undefined);
  });

  it('returns the help text for --help and -h', () => {
    for (const argv of [['--help'], ['-h'], ['--workers=3', '--help']]) {
      const r = loadOperatorConfig(argv);
      expect(r.help).to.equal(true);
    }
  });

  it('documents every flag in the help text, with defaults', () => {
    const help = renderHelp();
    for (const f of FLAGS) expect(help, f.name).to.contain(`--${f.name}`);
    expect(help).to.match(/--kube-api-qps=QPS\s+client-side limit of API requests per second \(default: 100\)/);
    expect(help).to.match(/--leader-elect\s+elect a leader/);
    expect(help).to.match(
      /--log-format=FORMAT\s+json .*, text .* or auto: text when stdout is a terminal.* \(default: auto\)/,
    );
  });

  it('derives translation options from the configuration', () => {
    const c = load(['--policy=strict', '--enable-efs', '--pod-level-resources=auto']);
    const o = translateOptionsFor(c, 'team-a', false);
    expect(o.namespace).to.equal('team-a');
    expect(o.policy.hostPath).to.equal('refuse');
    expect(o.integrations.efs).to.equal(true);
    expect(o.podLevelResources).to.equal(false);
    expect(translateOptionsFor(load(['--pod-level-resources=disabled']), 'x', true).podLevelResources).to.equal(false);
  });
});
