/**
 * The metrics server's certificate: `tls.crt` and `tls.key` from a directory (a mounted Secret, as
 * cert-manager writes it), or a self-signed one made at start when no directory is given.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate, type ServingCertificate } from './selfsigned.js';

/** Thrown when the certificate directory cannot be read. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

export function servingCertificate(certDir: string | undefined): ServingCertificate {
  if (!certDir)
    return selfSignedCertificate({ commonName: 'ecs2eks-operator', altNames: ['localhost', hostname(), '127.0.0.1'] });
  const read = (f: string): string => {
    try {
      return readFileSync(join(certDir, f), 'utf8');
    } catch (err) {
      throw new CertificateError(`cannot read ${join(certDir, f)}: ${(err as Error).message}`);
    }
  };
  return { cert: read('tls.crt'), key: read('tls.key') };
}
