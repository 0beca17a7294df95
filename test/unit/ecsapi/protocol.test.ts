import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { expect } from 'chai';
import { silentLogger } from '../../../src/base/log.js';
import { InputError } from '../../../src/ecs/errors.js';
import { KubeApi, type LiveObject } from '../../../src/kube/api.js';
import type { KubeRequest } from '../../../src/kube/client.js';
import { API_FIELD_MANAGER, type ApiConfig } from '../../../src/ecsapi/context.js';
import type { Credential } from '../../../src/ecsapi/credentials.js';
import { toEcsError } from '../../../src/ecsapi/errors.js';
import { createEcsApiServer, MAX_BODY_BYTES, TARGET_PREFIX } from '../../../src/ecsapi/server.js';
import { apiError, RecordingTransport } from '../kube/support/recording-transport.js';
import { controllerRevisionFor } from '../../../src/controller/revisions.js';

const CONFIG: ApiConfig = {
  region: 'us-east-1',
  accountId: '123456789012',
  defaultNamespace: 'ecs-default',
  registerTimeoutMs: 1000,
};
const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const T0 = '2026-11-26T10:00:00Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORBIDDEN =
  'namespaces "prod" is forbidden: User "alice" cannot get resource "namespaces" in API group "" at the cluster scope';

const NAMESPACES = '/api/v1/namespaces';
const SERVICES = (ns: string) => `/apis/ecs2eks.dev/v1alpha1/namespaces/${ns}/services`;

function namespace(name: string, labels: Record<string, string> = { 'ecs2eks.dev/cluster': 'true' }): LiveObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, creationTimestamp: T0 } };
}

function list(items: unknown[]) {
  return { items, metadata: {} };
}

/**
 * The apiserver as the server sees it: answers by `METHOD path` from a small map (a function is
 * called, so it may throw), 404 for anything else; every request recorded.
 */
class FakeApiserver {
  readonly world = new Map<string, unknown>();
  readonly transport = new RecordingTransport((req) => this.answer(req));
  /** The credential of each kubeFor call: who the server acted as. */
  readonly actedAs: Array<Credential | undefined> = [];

  private answer(req: KubeRequest): unknown {
    const key = `${req.method} ${req.path}`;
    if (!this.world.has(key)) throw apiError(404, `${req.path} not found`);
    const v = this.world.get(key);
    return typeof v === 'function' ? (v as () => unknown)() : structuredClone(v);
  }

  /** The clusters `default` (the configured namespace, unlabelled) and `prod`. */
  withClusters(): this {
    this.world.set(`GET ${NAMESPACES}`, list([namespace('prod')]));
    this.world.set(`GET ${NAMESPACES}/ecs-default`, namespace('ecs-default', {}));
    this.world.set(`GET ${NAMESPACES}/prod`, namespace('prod'));
    return this;
  }

  kubeFor = (c: Credential | undefined): KubeApi => {
    this.actedAs.push(c);
    return new KubeApi(this.transport, API_FIELD_MANAGER);
  };

  reset(): void {
    this.world.clear();
    this.transport.requests = [];
    this.actedAs.length = 0;
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown>;
}

/** The envelope every answer has, whatever happened: AWS JSON 1.1 and a request id. */
function expectEnvelope(a: Answer): void {
  expect(a.headers['content-type']).to.equal('application/x-amz-json-1.1');
  expect(a.headers['x-amzn-requestid']).to.match(UUID);
  expect(Number(a.headers['content-length'])).to.equal(Buffer.byteLength(a.text));
}

/** An error answer: its `__type` in the body and in `x-amzn-ErrorType`, and a message. */
function expectError(a: Answer, status: number, type: string): string {
  expectEnvelope(a);
  expect(a.status, a.text).to.equal(status);
  expect(a.body.__type).to.equal(type);
  expect(a.headers['x-amzn-errortype']).to.equal(type);
  expect(Object.keys(a.body).sort()).to.deep.equal(['__type', 'message']);
  expect(a.body.message).to.be.a('string');
  return a.body.message as string;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** One raw HTTP request to 127.0.0.1:port. */
function request(
  port: number,
  opts: { method?: string; target?: string; body?: string; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      ...(opts.target !== undefined ? { 'x-amz-target': opts.target } : {}),
      ...opts.headers,
    };
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: '/', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // left empty: the assertions on body fail and show text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('the ECS API server (AWS JSON 1.1)', () => {
  const kube = new FakeApiserver();
  let server: http.Server;
  let port: number;

  const call = (operation: string, input: unknown = {}) =>
    request(port, { target: `${TARGET_PREFIX}${operation}`, body: JSON.stringify(input) });

  before(async () => {
    server = createEcsApiServer({ config: CONFIG, kubeFor: kube.kubeFor, log: silentLogger });
    port = await listen(server);
  });

  beforeEach(() => kube.reset());

  after(() => close(server));

  describe('answers an operation', () => {
    it('with 200, the output as JSON and the envelope, acting with the kubeconfig identity', async () => {
      kube.withClusters();
      const a = await call('ListClusters');
      expectEnvelope(a);
      expect(a.status).to.equal(200);
      expect(a.headers).to.not.have.property('x-amzn-errortype');
      expect(a.body).to.deep.equal({ clusterArns: [`${ARN}:cluster/default`, `${ARN}:cluster/prod`] });
      expect(kube.actedAs).to.deep.equal([undefined]);
    });

    it('with a different request id each time', async () => {
      kube.withClusters();
      const [a, b] = await Promise.all([call('ListClusters'), call('ListClusters')]);
      expect(a.headers['x-amzn-requestid']).to.not.equal(b.headers['x-amzn-requestid']);
    });

    it('to an empty body as to {}', async () => {
      kube.withClusters();
      const a = await request(port, { target: `${TARGET_PREFIX}ListClusters` });
      expect(a.status).to.equal(200);
      expect(a.body.clusterArns).to.have.length(2);
    });

    it('with a nextToken when there are more clusters than maxResults', async () => {
      kube.withClusters();
      const a = await call('ListClusters', { maxResults: 1 });
      expect(a.body.clusterArns).to.deep.equal([`${ARN}:cluster/default`]);
      const b = await call('ListClusters', { maxResults: 1, nextToken: a.body.nextToken });
      expect(b.body).to.deep.equal({ clusterArns: [`${ARN}:cluster/prod`] });
    });
  });

  describe('refuses a request that is not an ECS operation', () => {
    it('a GET, even with a valid target: 400 UnknownOperationException', async () => {
      const a = await request(port, { method: 'GET', target: `${TARGET_PREFIX}ListClusters` });
      expect(expectError(a, 400, 'UnknownOperationException')).to.include('X-Amz-Target');
      expect(kube.transport.requests).to.deep.equal([]);
    });

    it('a POST without X-Amz-Target: 400 UnknownOperationException', async () => {
      expectError(await request(port, { body: '{}' }), 400, 'UnknownOperationException');
    });

    it("another service's target: 400 UnknownOperationException", async () => {
      const a = await request(port, { target: 'DynamoDB_20120810.ListTables', body: '{}' });
      expectError(a, 400, 'UnknownOperationException');
    });

    it('an operation ECS does not have: 400 UnknownOperationException naming it', async () => {
      const a = await call('LaunchRockets');
      expect(expectError(a, 400, 'UnknownOperationException')).to.equal('LaunchRockets is not an ECS operation');
    });

    it('an ECS operation ecs2eks does not implement: 400 UnsupportedFeatureException naming it', async () => {
      const a = await call('PutAccountSetting', { name: 'awsvpcTrunking', value: 'enabled' });
      const message = expectError(a, 400, 'UnsupportedFeatureException');
      expect(message).to.match(/^ecs2eks does not implement the ECS operation PutAccountSetting; implemented: /);
      expect(message).to.include('DescribeServices');
      expect(kube.transport.requests).to.deep.equal([]);
    });
  });

  describe('refuses a request body it cannot read', () => {
    it('not JSON: 400 SerializationException', async () => {
      const a = await request(port, { target: `${TARGET_PREFIX}ListClusters`, body: '{"maxResults": 1' });
      expect(expectError(a, 400, 'SerializationException')).to.equal('the request body is not valid JSON');
      expect(kube.transport.requests).to.deep.equal([]);
    });

    it('JSON that is not an object: 400 InvalidParameterException', async () => {
      const a = await request(port, { target: `${TARGET_PREFIX}ListClusters`, body: '[1]' });
      expect(expectError(a, 400, 'InvalidParameterException')).to.equal('expected object, got list');
    });

    for (const [label, sizeHeaders] of [
      ['declared length', { 'content-length': String(64 * MAX_BODY_BYTES) }],
      ['chunked', { 'transfer-encoding': 'chunked' }],
    ] as const) {
      it(`larger than MAX_BODY_BYTES (${label}): stops reading it and answers 413 SerializationException`, async () => {
        const total = 64 * MAX_BODY_BYTES;
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const outcome = await new Promise<{ written: number; status?: number; type?: unknown; error?: string }>(
          (resolve) => {
            let written = 0;
            let done = false;
            const finish = (r: { status?: number; type?: unknown; error?: string }) => {
              if (done) return;
              done = true;
              req.destroy();
              resolve({ written, ...r });
            };
            const req = http.request(
              {
                host: '127.0.0.1',
                port,
                method: 'POST',
                path: '/',
                agent: false,
                headers: {
                  'x-amz-target': `${TARGET_PREFIX}RegisterTaskDefinition`,
                  'content-type': 'application/x-amz-json-1.1',
                  ...sizeHeaders,
                },
              },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () => {
                  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { __type?: unknown };
                  finish({ status: res.statusCode, type: body.__type });
                });
                res.on('error', (e) => finish({ error: e.message }));
              },
            );
            req.on('error', (e: NodeJS.ErrnoException) => finish({ error: e.code ?? e.message }));
            const pump = () => {
              while (!done && written < total) {
                written += chunk.length;
                if (!req.write(chunk)) {
                  req.once('drain', pump);
                  return;
                }
              }
              if (!done) req.end();
            };
            pump();
          },
        );
        // The server gave up long before the client could send it all: it did not read 64 MiB.
        expect(outcome.written).to.be.below(total / 2);
        // It answers (413 SerializationException) before closing, so a client does not retry a reset.
        expect([outcome.status, outcome.type]).to.deep.equal([413, 'SerializationException']);
        expect(kube.transport.requests).to.deep.equal([]);
        // And it still serves.
        kube.withClusters();
        expect((await call('ListClusters')).status).to.equal(200);
      });
    }
  });

  describe('validates the input against the ECS request shape before any Kubernetes call', () => {
    const rows: Array<{ it: string; operation: string; input: unknown; message: string }> = [
      {
        it: 'a missing required member',
        operation: 'DescribeServices',
        input: { cluster: 'prod' },
        message: 'services: required field is missing (expected list)',
      },
      {
        it: 'a number sent as a string',
        operation: 'UpdateService',
        input: { cluster: 'prod', service: 'web', desiredCount: '2' },
        message: 'desiredCount: expected integer, got string "2"',
      },
      {
        it: 'a member the shape does not have',
        operation: 'ListClusters',
        input: { maxResults: 1, pageSize: 5 },
        message: 'pageSize: unknown field (not part of the ECS API shape)',
      },
    ];
    for (const row of rows) {
      it(`answers ${row.it} with 400 InvalidParameterException naming the field path`, async () => {
        const a = await call(row.operation, row.input);
        expect(expectError(a, 400, 'InvalidParameterException')).to.equal(row.message);
        expect(kube.transport.requests).to.deep.equal([]);
        expect(kube.actedAs).to.deep.equal([]);
      });
    }

    it('names the whole path of a nested member', async () => {
      const a = await call('UpdateService', {
        service: 'web',
        deploymentConfiguration: { maximumPercent: 'lots' },
      });
      expect(expectError(a, 400, 'InvalidParameterException')).to.match(/^deploymentConfiguration\.maximumPercent: /);
      expect(kube.transport.requests).to.deep.equal([]);
    });

    it('answers a paging bound the handler checks with 400 InvalidParameterException', async () => {
      kube.withClusters();
      const a = await call('ListClusters', { maxResults: 0 });
      expect(expectError(a, 400, 'InvalidParameterException')).to.equal('maxResults must be between 1 and 100');
    });
  });

  describe('maps what Kubernetes answers', () => {
    it('a missing cluster to ClusterNotFoundException', async () => {
      const a = await call('ListServices', { cluster: 'nope' });
      expect(expectError(a, 400, 'ClusterNotFoundException')).to.equal('Cluster not found.');
      expect(kube.transport.lines()).to.deep.equal([`GET ${NAMESPACES}/nope`]);
    });

    it("a 403 to AccessDeniedException with the apiserver's words", async () => {
      kube.world.set(`GET ${NAMESPACES}/prod`, () => {
        throw apiError(403, FORBIDDEN);
      });
      const a = await call('ListServices', { cluster: 'prod' });
      expect(expectError(a, 400, 'AccessDeniedException')).to.equal(`Kubernetes refused: ${FORBIDDEN}`);
    });

    it('a 422 on create to InvalidParameterException without the spec. prefix', async () => {
      kube.world.set(`POST ${NAMESPACES}`, () => {
        throw apiError(422, 'Namespace "prod" is invalid: spec.finalizers: Invalid value');
      });
      const a = await call('CreateCluster', { clusterName: 'prod' });
      expect(expectError(a, 400, 'InvalidParameterException')).to.equal(
        'Namespace "prod" is invalid: finalizers: Invalid value',
      );
      expect(kube.transport.lines()).to.deep.equal([`GET ${NAMESPACES}/prod`, `POST ${NAMESPACES}`]);
    });

    it('an unexpected exception to 500 ServerException without a stack trace or internals', async () => {
      kube.world.set(`GET ${NAMESPACES}/prod`, () => {
        throw new TypeError("Cannot read properties of undefined (reading 'metadata') at /srv/ecs2eks/src/x.ts");
      });
      const a = await call('ListServices', { cluster: 'prod' });
      expect(expectError(a, 500, 'ServerException')).to.equal('internal error');
      expect(a.text).to.not.match(/TypeError|metadata|\/srv\/|\bat\s/);
    });

    it('an unreachable apiserver to 500 ServerException saying so', async () => {
      kube.world.set(`GET ${NAMESPACES}/prod`, () => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' });
      });
      const a = await call('ListServices', { cluster: 'prod' });
      expect(expectError(a, 500, 'ServerException')).to.equal('cannot reach the Kubernetes API server (ECONNREFUSED)');
      expect(a.text).to.not.include('10.0.0.1');
    });
  });

  describe('through @aws-sdk/client-ecs', () => {
    let client: ECSClient;

    before(() => {
      client = new ECSClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDANYONE', secretAccessKey: 'unchecked' },
        maxAttempts: 1,
      });
    });

    after(() => client.destroy());

    it('DescribeClusters of a missing cluster answers a MISSING failure with its ARN', async () => {
      const out = await client.send(new DescribeClustersCommand({ clusters: ['nope'] }));
      expect(out.clusters).to.deep.equal([]);
      expect(out.failures).to.deep.equal([{ arn: `${ARN}:cluster/nope`, reason: 'MISSING' }]);
    });

    it('ListServices in a missing cluster throws ClusterNotFoundException', async () => {
      let error: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
      try {
        await client.send(new ListServicesCommand({ cluster: 'nope' }));
      } catch (e) {
        error = e as typeof error;
      }
      expect(error?.name).to.equal('ClusterNotFoundException');
      expect(error?.message).to.equal('Cluster not found.');
      expect(error?.$metadata?.httpStatusCode).to.equal(400);
    });

    it('DescribeServices gives times the SDK reads as dates, and a fresh Service only its requested deployment', async () => {
      kube.withClusters();
      kube.world.set(
        `GET ${SERVICES('prod')}`,
        list([
          {
            apiVersion: 'ecs2eks.dev/v1alpha1',
            kind: 'Service',
            metadata: { name: 'web', namespace: 'prod', creationTimestamp: T0 },
            spec: { serviceName: 'web', taskDefinition: 'web:3', desiredCount: 2 },
          },
        ]),
      );
      const out = await client.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'gone'] }));
      const svc = out.services?.[0];
      expect(svc?.createdAt).to.be.instanceOf(Date);
      expect(svc?.createdAt?.toISOString()).to.equal('2026-11-26T10:00:00.000Z');
      expect(svc?.deployments?.map((d) => [d.status, d.rolloutState, d.runningCount])).to.deep.equal([
        ['PRIMARY', 'IN_PROGRESS', 0],
      ]);
      expect(svc?.taskDefinition).to.equal(`${ARN}:task-definition/web:3`);
      expect(out.failures).to.deep.equal([{ arn: `${ARN}:service/prod/gone`, reason: 'MISSING' }]);
    });

    it('names a service it creates readably (Order_Service → order-service), and hashes only when that name is taken', async () => {
      const TDS = '/apis/ecs2eks.dev/v1alpha1/namespaces/prod/taskdefinitions';
      const REVISION = '/apis/apps/v1/namespaces/prod/controllerrevisions/web-1';
      const created = () => {
        const post = kube.transport.requests.filter((r) => r.method === 'POST').pop();
        return (post?.body as { metadata: { name: string } }).metadata.name;
      };
      const setUp = () => {
        kube.withClusters();
        kube.world.set(
          `GET ${TDS}`,
          list([
            {
              apiVersion: 'ecs2eks.dev/v1alpha1',
              kind: 'TaskDefinition',
              metadata: { name: 'web', namespace: 'prod', generation: 1 },
              spec: { family: 'web', containerDefinitions: [{ name: 'app', image: 'registry.example/web:1' }] },
              status: { revision: 1, observedGeneration: 1 },
            },
          ]),
        );
        kube.world.set(`GET ${REVISION}`, {
          ...controllerRevisionFor('web', 'prod', 'web', 1, 'h1', {
            family: 'web',
            containerDefinitions: [{ name: 'app', image: 'registry.example/web:1' }],
          }),
        });
        kube.world.set(`GET ${SERVICES('prod')}`, list([]));
        kube.world.set(`POST ${SERVICES('prod')}`, () => ({
          apiVersion: 'ecs2eks.dev/v1alpha1',
          kind: 'Service',
          metadata: { name: 'x', namespace: 'prod' },
          spec: { serviceName: 'Order_Service', taskDefinition: 'web:1' },
        }));
      };
      setUp();
      const free = await call('CreateService', {
        cluster: 'prod',
        serviceName: 'Order_Service',
        taskDefinition: 'web',
      });
      expect(free.status, free.text).to.equal(200);
      expect(created()).to.equal('order-service');
      kube.reset();
      setUp();
      kube.world.set(`GET ${SERVICES('prod')}/order-service`, { metadata: { name: 'order-service' } });
      const taken = await call('CreateService', {
        cluster: 'prod',
        serviceName: 'Order_Service',
        taskDefinition: 'web',
      });
      expect(taken.status, taken.text).to.equal(200);
      expect(created()).to.match(/^order-service-[0-9a-f]{8}$/);
    });
  });
});

describe('the ECS API server with credentials', () => {
  const kube = new FakeApiserver();
  const deployer: Credential = {
    accessKeyId: 'AKIDECS2EKSDEPLOYER',
    secretAccessKey: 'ecs2eks-test-secret/with+special=chars',
    user: 'ci-deployer',
    groups: ['deployers'],
  };
  let server: http.Server;
  let port: number;
  const clients: ECSClient[] = [];

  const client = (accessKeyId: string, secretAccessKey: string) => {
    const c = new ECSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    server = createEcsApiServer({
      config: CONFIG,
      kubeFor: kube.kubeFor,
      credentials: [deployer],
      log: silentLogger,
    });
    port = await listen(server);
  });

  beforeEach(() => kube.reset());

  after(async () => {
    for (const c of clients) c.destroy();
    await close(server);
  });

  it('answers an unsigned request with 403 MissingAuthenticationTokenException, before anything else', async () => {
    const a = await request(port, { target: `${TARGET_PREFIX}ListClusters`, body: '{}' });
    expect(expectError(a, 403, 'MissingAuthenticationTokenException')).to.equal('Missing Authentication Token');
    expect(kube.actedAs).to.deep.equal([]);
    expect(kube.transport.requests).to.deep.equal([]);
  });

  it('checks the signature before the operation: an unsigned unknown operation is still 403', async () => {
    const a = await request(port, { target: `${TARGET_PREFIX}LaunchRockets`, body: '{}' });
    expectError(a, 403, 'MissingAuthenticationTokenException');
  });

  it("answers a request the SDK signed with a known key, acting as that key's user", async () => {
    kube.withClusters();
    const out = await client(deployer.accessKeyId, deployer.secretAccessKey).send(new ListClustersCommand({}));
    expect(out.clusterArns).to.deep.equal([`${ARN}:cluster/default`, `${ARN}:cluster/prod`]);
    expect(kube.actedAs).to.deep.equal([deployer]);
  });

  it('refuses a key it does not know with UnrecognizedClientException, making no Kubernetes call', async () => {
    let name: string | undefined;
    try {
      await client('AKIDNOBODY', 'whatever').send(new ListClustersCommand({}));
    } catch (e) {
      name = (e as Error).name;
    }
    expect(name).to.equal('UnrecognizedClientException');
    expect(kube.transport.requests).to.deep.equal([]);
  });
});

describe('toEcsError', () => {
  const kubeError = (code: number, message: string) => ({ code, body: { message } });
  const rows: Array<{ it: string; error: unknown; type: string; status: number; message: string }> = [
    {
      it: 'an input error to InvalidParameterException with its field path',
      error: new InputError('containerDefinitions[0].memory', 'expected integer'),
      type: 'InvalidParameterException',
      status: 400,
      message: new InputError('containerDefinitions[0].memory', 'expected integer').message,
    },
    {
      it: 'a 401 to AccessDeniedException',
      error: kubeError(401, 'Unauthorized'),
      type: 'AccessDeniedException',
      status: 400,
      message: 'Kubernetes refused: Unauthorized',
    },
    {
      it: 'a 400 to InvalidParameterException, spec. removed',
      error: kubeError(400, 'spec.desiredCount: Invalid value'),
      type: 'InvalidParameterException',
      status: 400,
      message: 'desiredCount: Invalid value',
    },
    {
      it: 'a 409 to ClientException asking to retry',
      error: kubeError(409, 'the object has been modified'),
      type: 'ClientException',
      status: 400,
      message: 'conflicting change, retry: the object has been modified',
    },
    {
      it: 'a 404 to ResourceNotFoundException',
      error: kubeError(404, 'services.ecs2eks.dev "web" not found'),
      type: 'ResourceNotFoundException',
      status: 400,
      message: 'services.ecs2eks.dev "web" not found',
    },
    {
      it: 'a 503 to ServerException with the status',
      error: kubeError(503, 'etcdserver: leader changed'),
      type: 'ServerException',
      status: 500,
      message: 'Kubernetes API error 503: etcdserver: leader changed',
    },
    {
      it: 'a Kubernetes error without a Status body to its own message',
      error: { code: 403, body: 'forbidden', message: 'HTTP 403: Forbidden' },
      type: 'AccessDeniedException',
      status: 400,
      message: 'Kubernetes refused: HTTP 403: Forbidden',
    },
    {
      it: 'a thrown non-error to ServerException "internal error"',
      error: undefined,
      type: 'ServerException',
      status: 500,
      message: 'internal error',
    },
  ];
  for (const row of rows) {
    it(`maps ${row.it}`, () => {
      const e = toEcsError(row.error);
      expect({ type: e.type, status: e.status, message: e.message }).to.deep.equal({
        type: row.type,
        status: row.status,
        message: row.message,
      });
    });
  }
});
