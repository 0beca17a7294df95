/**
 * A self-signed serving certificate for the metrics endpoint when no certificate directory is
 * given, as controller-runtime's secure metrics server makes one. Node can generate keys and sign
 * but has no X.509 builder, so the few DER structures a certificate needs are encoded here (an
 * ECDSA P-256 key, SHA-256, the names as subjectAltNames). Scrapers that do not pin it verify
 * nothing about it; the point is an encrypted channel for the bearer token that authorises them.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** PEM key and certificate, as `https.createServer` takes them. */
export interface ServingCertificate {
  key: string;
  cert: string;
}

function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const octets = (b: Buffer): Buffer => der(0x04, b);
const bits = (b: Buffer): Buffer => der(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string): Buffer => der(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean): Buffer => der(0x01, Buffer.from([v ? 0xff : 0]));

/** A non-negative INTEGER: a leading zero byte keeps the sign bit clear. */
function unsigned(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  return der(0x02, v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (years 1950-2049), which is what RFC 5280 requires for those years. */
function time(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(s, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function ipBytes(ip: string): Buffer | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return Buffer.from(v4.slice(1).map(Number));
  return undefined;
}

/** The subjectAltName GeneralNames: dNSName [2] or iPAddress [7], both implicit. */
function altNames(names: readonly string[]): Buffer {
  return seq(
    ...names.map((n) => {
      const ip = ipBytes(n);
      return ip ? der(0x87, ip) : der(0x82, Buffer.from(n, 'ascii'));
    }),
  );
}

export interface CertificateRequest {
  commonName: string;
  /** DNS names and IPv4 addresses the certificate is valid for. */
  altNames: readonly string[];
  /** Validity; the start is backdated an hour for clocks slightly behind. */
  now?: Date;
  validDays?: number;
}

/** The DER certificate for `req` with `publicKey`, signed by `privateKey` (itself, as issuer and subject). */
export function selfSignedDer(req: CertificateRequest, publicKey: KeyObject, privateKey: KeyObject): Buffer {
  const now = req.now ?? new Date();
  const notBefore = new Date(now.getTime() - 3_600_000);
  const notAfter = new Date(now.getTime() + (req.validDays ?? 365) * 86_400_000);
  const name = seq(set(seq(oid(OID.commonName), utf8(req.commonName))));
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const extensions = der(
    0xa3,
    seq(
      seq(oid(OID.subjectAltName), octets(altNames(req.altNames))),
      seq(oid(OID.basicConstraints), bool(true), octets(seq())),
      // digitalSignature only (bit 0): an ECDSA serving key signs the handshake.
      seq(oid(OID.keyUsage), bool(true), octets(der(0x03, Buffer.from([7, 0x80])))),
      seq(oid(OID.extKeyUsage), octets(seq(oid(OID.serverAuth)))),
    ),
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))), // v3
    unsigned(randomBytes(16)),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  // Node's ECDSA signature is DER (r, s), which is what X.509 carries in the BIT STRING.
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, bits(signature));
}

/** A fresh P-256 key and its self-signed certificate, as PEM. */
export function selfSignedCertificate(req: CertificateRequest): ServingCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const body = selfSignedDer(req, publicKey, privateKey).toString('base64');
  const cert = `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert };
}
