/**
 * Verifies AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 ...`) on a request the ECS API
 * server received. Pure: no I/O, the clock and the secret lookup are passed in.
 *
 * Canonicalization follows the SigV4 specification the AWS SDKs implement (checked against the AWS
 * SigV4 test suite and a real `@aws-sdk/client-ecs` in test/unit/ecsapi/sigv4.test.ts):
 * - canonical URI: the path as received, `.`, `..` and empty segments removed, each segment
 *   URI-encoded once more (so `%20` on the wire is signed as `%2520`: what every non-S3 signer does);
 * - canonical query: pairs decoded, RFC 3986-encoded, sorted by name then value;
 * - canonical headers: the signed ones, lowercase names, values trimmed with inner whitespace runs
 *   collapsed, repeated headers joined with `,` (pass `req.headersDistinct` to keep them apart: Node's
 *   `req.headers` joins repeats with `, ` and drops repeats of some headers);
 * - payload hash: `X-Amz-Content-Sha256` when sent (and then it must be the body's hash, or a signed
 *   header would vouch for a body that was swapped), else the hex SHA-256 of the body.
 *
 * The error `__type`s, HTTP statuses and messages are the ones AWS's JSON-protocol front end (Coral,
 * which serves ECS, ECR and DynamoDB) returns, in the order it checks them. Sources:
 * - mhart/dynalite `index.js` (a DynamoDB emulator whose comments record the real service's
 *   responses): IncompleteSignatureException for missing `Credential`/`Signature`/`SignedHeaders`/date,
 *   a bad date format, an unsupported algorithm or a Credential without 5 parts;
 *   InvalidSignatureException for expiry, an unsigned Host and a wrong credential scope;
 *   UnrecognizedClientException for an unknown key; MissingAuthenticationTokenException when there is
 *   no AWS4 Authorization at all; all with status 400.
 * - Status 400 for InvalidSignatureException and UnrecognizedClientException as reported from real
 *   ECS/ECR calls: teralytics/prometheus-ecs-discovery#7 ("InvalidSignatureException: The request
 *   signature we calculated does not match ... status code: 400"), aws-azure-login#37 (ecs-cli,
 *   "UnrecognizedClientException ... status code: 400"), upmc-enterprises/registry-creds#24 (ECR,
 *   "Signature expired: ... (... - 15 min.) status code: 400"), aws/aws-sdk-js#254 (DynamoDB, same).
 *   REST-JSON services (Lambda, SageMaker runtime, Bedrock) answer the same errors with 403; ECS
 *   speaks AWS JSON 1.1 like ECR and DynamoDB, so 400 is what its clients see.
 * - 403 and "Missing Authentication Token" for MissingAuthenticationTokenException: the AWS API
 *   reference "Common Errors" table (MissingAuthenticationToken, 403) and the message AWS documents
 *   for a missing Authorization header (Alexa Web Information Service, "Authentication Errors").
 *   DynamoDB itself answers 400 "Request is missing Authentication Token" (dynalite).
 * - "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." and the scope
 *   messages: the current wording of that check, as mirrored by SigV4 verifiers such as scratchstack's
 *   aws-sigv4 (Rust) and recorded by dynalite.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The only signing algorithm accepted. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The window either side of now in which `X-Amz-Date` must fall, as on AWS (15 minutes). */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/** Request headers as Node gives them: `req.headers`, or `req.headersDistinct` to keep repeated headers apart. */
export type SigV4Headers = IncomingHttpHeaders | NodeJS.Dict<string[]>;

/** What {@link verifySigV4} needs of a request. */
export interface SigV4Request {
  method: string;
  /** The raw request target as received (`req.url`): path and query, e.g. `/` or `/?a=b`. */
  url: string;
  headers: SigV4Headers;
  body: Buffer;
}

/**
 * An AWS JSON-protocol error: send `{"__type": type, "message": message}` with HTTP `status`. Like
 * AWS's, the message may echo the request's own Authorization header or signed header values (a
 * session token among them): return it to the caller, but log `type` rather than `message`.
 */
export interface SigV4Error {
  type: string;
  status: number;
  message: string;
}

/** The outcome: who signed (and for which region), or the error to answer with. */
export type SigV4Result = { ok: true; accessKeyId: string; region: string } | { ok: false; error: SigV4Error };

/** Options of {@link verifySigV4}. */
export interface SigV4Options {
  /** The service name the credential scope must name (default `ecs`). */
  service?: string;
  /** How far `X-Amz-Date` may be from `now`, either way (default 15 minutes). */
  maxSkewMs?: number;
}

const MISSING_TOKEN = 'MissingAuthenticationTokenException';
const INCOMPLETE = 'IncompleteSignatureException';
const INVALID = 'InvalidSignatureException';
const UNRECOGNIZED = 'UnrecognizedClientException';

/** The message AWS gives for a signature that does not match, before its canonical-request detail. */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function fail(type: string, message: string): SigV4Result {
  const status = type === MISSING_TOKEN ? 403 : 400;
  return { ok: false, error: { type, status, message } };
}

/**
 * verifySigV4 checks the request's SigV4 Authorization header against the secret `lookupSecret`
 * returns for its access key, at time `now`. Query-string (presigned) signatures are refused.
 */
export function verifySigV4(
  req: SigV4Request,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date,
  opts: SigV4Options = {},
): SigV4Result {
  const service = opts.service ?? 'ecs';
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const { path, query } = splitTarget(req.url);
  const presigned = queryNames(query).some((n) => n.toLowerCase() === 'x-amz-algorithm');
  const authValues = headerValues(req.headers, 'authorization');

  if (authValues.length > 0 && presigned)
    return fail(INVALID, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  if (presigned)
    return fail(
      INCOMPLETE,
      'Query-string (presigned URL) authentication is not supported by this endpoint: sign the request with an Authorization header.',
    );
  if (authValues.length > 1) return fail(INCOMPLETE, 'The request has more than one Authorization header.');
  const authorization = authValues[0]?.trim() ?? '';
  // Coral answers "missing token" to anything that is not an AWS4 signature (no header, Basic, Bearer...).
  if (!authorization.startsWith('AWS4-')) return fail(MISSING_TOKEN, 'Missing Authentication Token');

  const parsed = parseAuthorization(authorization);
  if ('error' in parsed) return fail(INCOMPLETE, parsed.error);
  const { algorithm, params } = parsed;

  const amzDates = headerValues(req.headers, 'x-amz-date');
  let missing = '';
  for (const p of ['Credential', 'Signature', 'SignedHeaders'])
    if (!params.get(p)) missing += `Authorization header requires '${p}' parameter. `;
  // The Date header is not accepted in its place: every SDK sends X-Amz-Date, and RFC 1123 dates
  // would need a second, lossy, timestamp format.
  if (amzDates.length === 0) missing += "Authorization header requires existence of a 'X-Amz-Date' header. ";
  if (missing) return fail(INCOMPLETE, `${missing}Authorization=${authorization}`);

  const amzDate = amzDates.length === 1 ? amzDates[0].trim() : amzDates.join(',');
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined)
    return fail(
      INCOMPLETE,
      `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  const skew = checkSkew(amzDate, signedAt, now, maxSkewMs);
  if (skew) return fail(INVALID, skew);

  const signedHeaders = params
    .get('SignedHeaders')!
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .sort();
  if (!signedHeaders.includes('host'))
    return fail(INVALID, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (algorithm !== SIGV4_ALGORITHM)
    return fail(INCOMPLETE, `Unsupported AWS 'algorithm': '${algorithm}' (only ${SIGV4_ALGORITHM} for now). `);

  const credential = params.get('Credential')!.replace(/\/+$/, '');
  const parts = credential.split('/');
  if (parts.length !== 5)
    return fail(
      INCOMPLETE,
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  const [accessKeyId, scopeDate, region, scopeService, terminator] = parts;
  let scopeErrors = '';
  if (!/^[a-z0-9-]+$/.test(region)) scopeErrors += `Credential should be scoped to a valid region, not '${region}'. `;
  if (scopeService !== service) scopeErrors += `Credential should be scoped to correct service: '${service}'. `;
  if (terminator !== 'aws4_request')
    scopeErrors += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  if (scopeDate !== amzDate.slice(0, 8))
    scopeErrors += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'. `;
  if (scopeErrors) return fail(INVALID, scopeErrors.trimEnd());

  const secret = accessKeyId ? lookupSecret(accessKeyId) : undefined;
  if (secret === undefined) return fail(UNRECOGNIZED, 'The security token included in the request is invalid.');

  const bodyHash = sha256Hex(req.body);
  const declared = headerValues(req.headers, 'x-amz-content-sha256');
  if (declared.length > 0) {
    const value = declared.join(',').trim();
    if (!/^[0-9a-f]{64}$/.test(value))
      return fail(
        INCOMPLETE,
        `x-amz-content-sha256 must be the hex SHA-256 of the body here (unsigned and streaming payloads are not accepted), got '${value}'.`,
      );
    if (value !== bodyHash)
      return fail(INVALID, "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    signedHeaders.map((h) => `${h}:${canonicalHeaderValue(req.headers, h)}\n`).join(''),
    signedHeaders.join(';'),
    bodyHash,
  ].join('\n');
  const scope = `${scopeDate}/${region}/${scopeService}/${terminator}`;
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(secret, scopeDate, region, scopeService);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();

  const provided = params.get('Signature')!;
  const matches = /^[0-9a-fA-F]{64}$/.test(provided) && timingSafeEqual(expected, Buffer.from(provided, 'hex'));
  if (!matches)
    // AWS adds what it computed: it is all from the request itself, and it is how a signer bug is found.
    return fail(
      INVALID,
      `${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  return { ok: true, accessKeyId, region };
}

// ---------------------------------------------------------------------------------------------
// Parsing

function parseAuthorization(value: string): { algorithm: string; params: Map<string, string> } | { error: string } {
  const space = value.search(/\s/);
  const algorithm = space < 0 ? value : value.slice(0, space);
  const params = new Map<string, string>();
  const rest = space < 0 ? '' : value.slice(space);
  for (const item of rest.split(/[,\s]+/)) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0)
      return {
        error: `'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`,
      };
    params.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return { algorithm, params };
}

/** The instant of an `X-Amz-Date` (`20150830T123600Z`), or undefined when it is not one. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20150231 over into March: such a date is not one.
  return basicFormat(date) === value ? date : undefined;
}

/** `2015-08-30T12:36:00.000Z` as `20150830T123600Z`. */
function basicFormat(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function checkSkew(amzDate: string, signedAt: Date, now: Date, maxSkewMs: number): string | undefined {
  const minutes = `${maxSkewMs / 60000} min.`;
  const earliest = new Date(now.getTime() - maxSkewMs);
  const latest = new Date(now.getTime() + maxSkewMs);
  if (signedAt < earliest)
    return `Signature expired: ${amzDate} is now earlier than ${basicFormat(earliest)} (${basicFormat(now)} - ${minutes})`;
  if (signedAt > latest)
    return `Signature not yet current: ${amzDate} is still later than ${basicFormat(latest)} (${basicFormat(now)} + ${minutes})`;
  return undefined;
}

/** The values of a header, one per occurrence when the caller kept them apart. */
function headerValues(headers: SigV4Headers, name: string): string[] {
  const v = (headers as NodeJS.Dict<string | string[]>)[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function splitTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  const target = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1).replace(/#.*$/, '');
  // An absolute-form target (`http://host/path`, sent to proxies) signs only its path.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  return { path: absolute ? target.slice(absolute[0].length) || '/' : target, query };
}

function queryNames(query: string): string[] {
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => safeDecode(p.split('=')[0]));
}

// ---------------------------------------------------------------------------------------------
// Canonicalization

/** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
function uriEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decoding that leaves a malformed escape as written (the signature then decides). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The normalized path, each segment encoded once more (non-S3 signers encode the wire path again). */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [uriEncode(safeDecode(name)), uriEncode(safeDecode(value))] as const;
    });
  pairs.sort(([an, av], [bn, bv]) => (an !== bn ? (an < bn ? -1 : 1) : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

function canonicalHeaderValue(headers: SigV4Headers, name: string): string {
  return headerValues(headers, name)
    .map((v) => v.trim().replace(/\s+/g, ' '))
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// Crypto

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}
