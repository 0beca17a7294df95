import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { discoveryObjects, type DiscoveryInput, type TemplatePort } from '../../../src/translate/discovery.js';
import { defaultOptions } from '../../../src/translate/options.js';

const ports: TemplatePort[] = [
  {
    container: 'app',
    ecsContainer: 'App_1',
    name: 'http',
    ecsName: 'http',
    containerPort: 8080,
    protocol: 'TCP',
    appProtocol: 'http',
  },
  {
    container: 'app',
    ecsContainer: 'App_1',
    name: 'metrics',
    ecsName: 'Metrics_Port',
    containerPort: 9090,
    protocol: 'TCP',
  },
];
const selector = { 'ecs2eks.dev/service': 'web' };
function discover(mods: Partial<DiscoveryInput>) {
  return discoveryObjects({
    name: 'web',
    loadBalancers: [],
    serviceRegistries: [],
    serviceConnect: undefined,
    ports,
    containers: [...new Set(ports.map((p) => p.ecsContainer))],
    networkMode: 'awsvpc',
    selector,
    labels: {},
    options: defaultOptions(),
    ...mods,
  });
}
const specOf = (r: ReturnType<typeof discover>, name: string) =>
  r.objects.find((o) => o.kind === 'Service' && o.metadata.name === name)?.spec as Record<string, unknown>;

describe('discoveryObjects', () => {
  it('creates no Service when nothing is exposed', () => {
    expect(discover({}).objects).to.deep.equal([]);
  });

  it('exposes a load balancer container port on a ClusterIP Service named after the resource, targeting the port by name', () => {
    const r = discover({ loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }] });
    expect(specOf(r, 'web')).to.deep.equal({
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
    });
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['loadBalancers[0].targetGroupArn', 'Approximated'],
    ]);
  });

  it('names the core Service as a DNS-1035 label when the ECS name is not one (9lives, 1.web, web.v2), with a finding', () => {
    for (const name of ['9lives', '1.web', 'web.v2']) {
      const r = discover({
        name,
        loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }],
      });
      const svc = r.objects.find((o) => o.kind === 'Service')!;
      expect(svc.metadata.name, name).to.match(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(svc.metadata.name.length).to.be.at.most(63);
      const f = r.findings.find((x) => x.path === 'serviceName');
      expect(f?.message, name).to.contain(`is named "${svc.metadata.name}"`);
    }
    expect(
      discover({
        name: 'web',
        loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }],
      }).findings.some((f) => f.path === 'serviceName'),
    ).to.equal(false);
  });

  it('adds a TargetGroupBinding when the integration is on', () => {
    const options = defaultOptions();
    options.integrations.targetGroupBinding = true;
    const r = discover({
      loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }],
      options,
    });
    const tgb = r.objects.find((o) => o.kind === 'TargetGroupBinding');
    expect(tgb?.apiVersion).to.equal('elbv2.k8s.aws/v1beta1');
    expect(tgb?.spec).to.deep.equal({
      serviceRef: { name: 'web', port: 'http' },
      targetGroupARN: 'arn:tg',
      targetType: 'ip',
    });
  });

  it('binds bridge and host tasks as instance targets through a NodePort Service, as ECS registers them', () => {
    const options = defaultOptions();
    options.integrations.targetGroupBinding = true;
    for (const networkMode of ['bridge', 'host'] as const) {
      const r = discover({
        loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }],
        networkMode,
        options,
      });
      expect(r.objects.find((o) => o.kind === 'TargetGroupBinding')?.spec, networkMode).to.include({
        targetType: 'instance',
      });
      expect(specOf(r, 'web').type, networkMode).to.equal('NodePort');
    }
    // Without the binding, nothing needs a node port.
    const plain = discover({
      loadBalancers: [{ containerName: 'App_1', containerPort: 8080, targetGroupArn: 'arn:tg' }],
      networkMode: 'bridge',
    });
    expect(specOf(plain, 'web').type).to.equal('ClusterIP');
  });

  it('rejects a load balancer port that no container maps, naming the field', () => {
    expect(() => discover({ loadBalancers: [{ containerName: 'App_1', containerPort: 81 }] }))
      .to.throw(InputError)
      .with.property('path', 'loadBalancers[0].containerPort');
  });

  it('reports a classic load balancer as unsupported', () => {
    const r = discover({ loadBalancers: [{ containerName: 'App_1', containerPort: 8080, loadBalancerName: 'clb' }] });
    expect(r.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['loadBalancers[0].loadBalancerName', 'Unsupported'],
    ]);
  });

  it('merges a service registry port into the same Service and makes an A-record-only registry headless', () => {
    const both = discover({
      serviceRegistries: [{ registryArn: 'arn:sd', containerName: 'App_1', containerPort: 9090 }],
    });
    expect((specOf(both, 'web').ports as unknown[]).length).to.equal(1);
    const headless = discover({ serviceRegistries: [{ registryArn: 'arn:sd' }] });
    expect(specOf(headless, 'web')).to.deep.equal({ type: 'ClusterIP', selector, clusterIP: 'None' });
  });

  it('makes a Service Connect Service per discovery name and per client alias, with the alias port', () => {
    const r = discover({
      serviceConnect: {
        enabled: true,
        services: [
          { portName: 'http', discoveryName: 'backend' },
          { portName: 'Metrics_Port', clientAliases: [{ port: 80, dnsName: 'metrics.internal' }] },
        ],
      },
    });
    expect(r.objects.map((o) => o.metadata.name)).to.deep.equal(['backend', 'metrics']);
    expect(specOf(r, 'backend').ports).to.deep.equal([
      { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
    ]);
    expect(specOf(r, 'metrics').ports).to.deep.equal([
      { name: 'metrics', port: 80, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    expect(r.findings.map((f) => f.path)).to.deep.equal([
      'serviceConnectConfiguration.services[1].clientAliases[0].dnsName',
    ]);
  });

  it('rejects a Service Connect port name that no port mapping has', () => {
    expect(() => discover({ serviceConnect: { enabled: true, services: [{ portName: 'grpc' }] } }))
      .to.throw(InputError)
      .with.property('path', 'serviceConnectConfiguration.services[0].portName');
  });

  it('reports Service Connect TLS, timeouts and access logs member by member', () => {
    const r = discover({
      serviceConnect: {
        enabled: true,
        accessLogConfiguration: { format: 'JSON' },
        services: [
          {
            portName: 'http',
            tls: { issuerCertificateAuthority: { awsPcaAuthorityArn: 'arn:pca' }, kmsKey: 'k' },
            timeout: { idleTimeoutSeconds: 5 },
          },
        ],
      },
    });
    expect(r.findings.map((f) => f.path)).to.deep.equal([
      'serviceConnectConfiguration.accessLogConfiguration.format',
      'serviceConnectConfiguration.services[0].timeout.idleTimeoutSeconds',
      'serviceConnectConfiguration.services[0].tls.issuerCertificateAuthority.awsPcaAuthorityArn',
      'serviceConnectConfiguration.services[0].tls.kmsKey',
    ]);
  });

  it('creates nothing for disabled Service Connect', () => {
    expect(discover({ serviceConnect: { enabled: false, services: [{ portName: 'http' }] } }).objects).to.deep.equal(
      [],
    );
  });
});

describe('discovery errors', () => {
  it('names a load balancer container that the task definition does not have', () => {
    expect(() =>
      discoveryObjects({
        name: 'web',
        loadBalancers: [{ containerName: 'java-website', containerPort: 8080 }],
        serviceRegistries: [],
        serviceConnect: undefined,
        ports: [],
        containers: ['web'],
        networkMode: 'awsvpc',
        selector: {},
        labels: {},
        options: defaultOptions(),
      }),
    ).to.throw('loadBalancers[0].containerName: the task definition has no container "java-website" (it has "web")');
  });
});
