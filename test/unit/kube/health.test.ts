import { expect } from 'chai';
import { Registry } from 'prom-client';
import { HealthServer, ListenError, informersSynced, runChecks } from '../../../src/kube/health.js';
import { createMetrics } from '../../../src/base/metrics.js';

describe('HealthServer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function get(port: number, path: string): Promise<{ status: number; text: string; type: string | null }> {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }

  it('serves /healthz, /readyz (ready only when informers synced) and /metrics on 127.0.0.1', async () => {
    const metrics = createMetrics(new Registry());
    metrics.reconcileTotal.inc({ controller: 'service', result: 'success' });
    const informers = [
      {
        name: 'services.ecs2eks.dev',
        synced: false,
        hasSynced() {
          return this.synced;
        },
      },
      {
        name: 'deployments.apps',
        synced: true,
        hasSynced() {
          return this.synced;
        },
      },
    ];
    server = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: 0 },
      probeAddress: { host: '127.0.0.1', port: 0 },
      registry: metrics.registry,
      readyz: [informersSynced(informers)],
    });
    const addr = await server.start();
    expect(addr.metrics?.address).to.equal('127.0.0.1');
    expect(addr.metrics?.port).to.not.equal(addr.probes?.port);
    const probes = addr.probes!.port;

    expect(await get(probes, '/healthz')).to.include({ status: 200, text: 'ok\n' });
    const notReady = await get(probes, '/readyz');
    expect(notReady.status).to.equal(500);
    expect(notReady.text).to.contain('[-]informers failed: waiting for caches: services.ecs2eks.dev');

    informers[0].synced = true;
    expect(await get(probes, '/readyz')).to.include({ status: 200, text: 'ok\n' });
    expect((await get(probes, '/readyz?verbose')).text).to.equal('[+]informers ok\ncheck passed\n');

    const m = await get(addr.metrics!.port, '/metrics');
    expect(m.status).to.equal(200);
    expect(m.type).to.contain('text/plain');
    expect(m.text).to.contain('controller_runtime_reconcile_total{controller="service",result="success"} 1');
    for (const name of [
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_retries_total',
      'workqueue_queue_duration_seconds',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'ecs2eks_api_requests_total',
      'ecs2eks_informer_relists_total',
    ]) {
      expect(m.text).to.contain(`# TYPE ${name} `);
    }

    expect((await get(probes, '/metrics')).status, 'metrics are not on the probe port').to.equal(404);
    expect((await get(addr.metrics!.port, '/healthz')).status, 'probes are not on the metrics port').to.equal(404);
    expect((await fetch(`http://127.0.0.1:${probes}/healthz`, { method: 'POST' })).status).to.equal(405);
  });

  it('serves everything on one port when both addresses are the same, and nothing when disabled', async () => {
    const probe = new HealthServer({
      metricsAddress: null,
      probeAddress: { host: '127.0.0.1', port: 0 },
      registry: new Registry(),
    });
    const free = (await probe.start()).probes!.port;
    await probe.close();
    server = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: free },
      probeAddress: { host: '127.0.0.1', port: free },
      registry: new Registry(),
    });
    const addr = await server.start();
    expect(addr.metrics?.port).to.equal(free);
    expect((await get(free, '/metrics')).status).to.equal(200);
    expect((await get(free, '/healthz')).status).to.equal(200);
    await server.close();
    server = new HealthServer({ metricsAddress: null, probeAddress: null, registry: new Registry() });
    expect(await server.start()).to.deep.equal({});
  });
});

describe('runChecks', () => {
  it('fails when any check fails or throws, naming each', async () => {
    const r = await runChecks(
      [
        { name: 'a', check: () => true },
        { name: 'b', check: () => false },
        {
          name: 'c',
          check: async () => {
            throw new Error('boom');
          },
        },
      ],
      false,
    );
    expect(r.ok).to.equal(false);
    expect(r.text).to.equal('[+]a ok\n[-]b failed: not ready\n[-]c failed: boom\ncheck failed\n');
  });
});

describe('HealthServer on an address in use', () => {
  it('fails with a ListenError naming the address and what it serves, not a bare EADDRINUSE', async () => {
    const first = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: 0 },
      probeAddress: null,
      registry: new Registry(),
      readyz: [],
    });
    const taken = (await first.start()).metrics!.port;
    const second = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: taken },
      probeAddress: null,
      registry: new Registry(),
      readyz: [],
    });
    try {
      const err = await second.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(ListenError);
      expect((err as ListenError).message).to.equal(`127.0.0.1:${taken} (metrics) is already in use`);
      expect((err as ListenError).serves).to.equal('metrics');
    } finally {
      await second.close();
      await first.close();
    }
  });
});
