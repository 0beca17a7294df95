import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt } from '../../support/pods.js';
import { POLICY_PRESETS } from '../../../src/translate/options.js';

describe('networking', () => {
  it('names ports, uppercases protocols and keeps fixed bridge host ports', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          portMappings: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 53, protocol: 'udp', name: 'dns_port' },
          ],
        }),
        { networkMode: 'bridge' },
      ),
      podContext(),
    );
    const dnsName = r.ports[1].name;
    expect(containerOf(r, 'web').ports).to.deep.equal([
      { name: 'tcp-80', containerPort: 80, hostPort: 8080, protocol: 'TCP' },
      { name: dnsName, containerPort: 53, protocol: 'UDP' },
    ]);
    expect(dnsName).to.match(/^dns-port-[0-9a-f]{5}$/);
    expect(r.ports).to.deep.equal([
      { container: 'web', ecsContainer: 'web', name: 'tcp-80', containerPort: 80, hostPort: 8080, protocol: 'TCP' },
      { container: 'web', ecsContainer: 'web', name: dnsName, ecsName: 'dns_port', containerPort: 53, protocol: 'UDP' },
    ]);
  });

  it('uses containerPort when awsvpc hostPort differs, with a finding', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { portMappings: [{ containerPort: 80, hostPort: 81 }] }), { networkMode: 'awsvpc' }),
      podContext(),
    );
    expect(containerOf(r, 'web').ports).to.deep.equal([{ name: 'tcp-80', containerPort: 80, protocol: 'TCP' }]);
    expect(findingsAt(r, 'containerDefinitions[0].portMappings[0].hostPort')[0].message).to.contain(
      'used containerPort 80',
    );
  });

  it('keeps port names unique across containers', () => {
    const r = buildPodTemplate(
      taskDef(
        container('a', { portMappings: [{ containerPort: 80, hostPort: 8080 }] }),
        container('b', { portMappings: [{ containerPort: 80, hostPort: 8081 }] }),
      ),
      podContext(),
    );
    const names = r.ports.map((p) => p.name);
    expect(new Set(names).size).to.equal(2);
    expect(names[0]).to.equal('tcp-80');
  });

  it('expands a small containerPortRange and reports it', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { portMappings: [{ containerPortRange: '7000-7002' }] }), { networkMode: 'awsvpc' }),
      podContext(),
    );
    expect(containerOf(r, 'web').ports).to.deep.equal(
      [7000, 7001, 7002].map((p) => ({ containerPort: p, protocol: 'TCP' })),
    );
    expect(findingsAt(r, 'containerDefinitions[0].portMappings[0].containerPortRange')[0].level).to.equal(
      'Approximated',
    );
  });

  it('maps host networking to hostNetwork with host DNS policy, and refuses it by policy', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { portMappings: [{ containerPort: 80 }] }), { networkMode: 'host' }),
      podContext(),
    );
    expect([r.template.spec.hostNetwork, r.template.spec.dnsPolicy]).to.deep.equal([true, 'ClusterFirstWithHostNet']);
    expect(containerOf(r, 'web').ports).to.deep.equal([
      { name: 'tcp-80', containerPort: 80, hostPort: 80, protocol: 'TCP' },
    ]);
    expect(() =>
      buildPodTemplate(
        taskDef(container('web'), { networkMode: 'host' }),
        podContext({
          options: {
            policy: { ...POLICY_PRESETS.local, hostNetwork: 'refuse' },
          },
        }),
      ),
    )
      .to.throw(InputError)
      .with.property('path', 'networkMode');
  });

  it('turns dnsServers and dnsSearchDomains into a pod dnsConfig with policy None', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { dnsServers: ['10.0.0.2'], dnsSearchDomains: ['Corp.Example.com'] })),
      podContext(),
    );
    expect(r.template.spec.dnsPolicy).to.equal('None');
    expect(r.template.spec.dnsConfig).to.deep.equal({ nameservers: ['10.0.0.2'], searches: ['corp.example.com'] });
  });

  it('turns extraHosts and links into hostAliases grouped by IP', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          extraHosts: [
            { hostname: 'db', ipAddress: '10.0.0.5' },
            { hostname: 'cache', ipAddress: '10.0.0.5' },
          ],
          links: ['api:backend'],
        }),
        container('api'),
      ),
      podContext(),
    );
    expect(r.template.spec.hostAliases).to.deep.equal([
      { ip: '10.0.0.5', hostnames: ['db', 'cache'] },
      { ip: '127.0.0.1', hostnames: ['api', 'backend'] },
    ]);
    expect(findingsAt(r, 'containerDefinitions[0].links')[0].level).to.equal('Approximated');
  });

  it('rejects an extra host with a bad IP', () => {
    expect(() =>
      buildPodTemplate(
        taskDef(container('web', { extraHosts: [{ hostname: 'db', ipAddress: 'not-an-ip' }] })),
        podContext(),
      ),
    )
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].extraHosts[0].ipAddress');
  });

  it('uses the first label of a container hostname as pod hostname', () => {
    const r = buildPodTemplate(taskDef(container('web', { hostname: 'web.internal' })), podContext());
    expect(r.template.spec.hostname).to.equal('web');
  });

  it('reports network mode none as unsupported', () => {
    const r = buildPodTemplate(taskDef(container('web'), { networkMode: 'none' }), podContext());
    expect(findingsAt(r, 'networkMode')[0].level).to.equal('Unsupported');
  });
});
