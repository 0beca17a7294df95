/**
 * ECS secret references (Secrets Manager and SSM Parameter Store) → Kubernetes Secret names and
 * keys, and optionally the External Secrets Operator objects that fill them. A Secret is named
 * deterministically from the referenced secret (and version), so two containers or two workloads
 * that use the same AWS secret share it; a Secrets Manager JSON key becomes the Secret key.
 */
import { InputError } from '../ecs/errors.js';
import { dnsLabel, stableHash } from './names.js';
import type { TranslateOptions } from './options.js';
import type { KubeObject } from './types.js';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';

/** Where a secret value comes from and where it lands in Kubernetes. */
export interface SecretSource {
  provider: 'SecretsManager' | 'ParameterStore';
  /** The remote id the ExternalSecret asks for (ARN or parameter name, without JSON key/version suffix). */
  remoteKey: string;
  /** Secrets Manager JSON key. */
  property?: string;
  /** Secrets Manager version: the stage, or `uuid/<versionId>` (External Secrets convention). */
  version?: string;
  /** Kubernetes Secret name. */
  secretName: string;
  /** Key inside the Kubernetes Secret. */
  secretKey: string;
}

const SM_ARN = /^arn:(aws[a-z-]*):secretsmanager:([^:]*):([^:]*):secret:(.+)$/;
const SSM_ARN = /^arn:(aws[a-z-]*):ssm:([^:]*):([^:]*):parameter(\/.+)$/;

/** secretKeyName returns `key` when it is a valid Secret data key, else a sanitized key with a hash suffix. */
export function secretKeyName(key: string): string {
  if (/^[-._a-zA-Z0-9]+$/.test(key) && key.length <= 253) return key;
  const base = key.replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 200);
  return `${base}-${stableHash(key)}`;
}

/**
 * parseSecretRef parses a `valueFrom` (Secrets Manager ARN with optional
 * `:json-key:version-stage:version-id`, SSM parameter ARN, or parameter name) into a SecretSource.
 * Throws InputError at `path` for other ARNs.
 */
export function parseSecretRef(valueFrom: string, path: string): SecretSource {
  const sm = SM_ARN.exec(valueFrom);
  if (sm) {
    const [id = '', jsonKey = '', stage = '', versionId = ''] = sm[4].split(':');
    if (!id) throw new InputError(path, `"${valueFrom}" names no secret`);
    if (stage && versionId) throw new InputError(path, 'specify either a version stage or a version id, not both');
    const remoteKey = `arn:${sm[1]}:secretsmanager:${sm[2]}:${sm[3]}:secret:${id}`;
    const version = stage ? stage : versionId ? `uuid/${versionId}` : undefined;
    const secretName = dnsLabel(['sm', id, stage, versionId].filter(Boolean).join('-'));
    return {
      provider: 'SecretsManager',
      remoteKey,
      ...(jsonKey ? { property: jsonKey } : {}),
      ...(version ? { version } : {}),
      secretName,
      secretKey: secretKeyName(jsonKey || 'value'),
    };
  }
  const ssm = SSM_ARN.exec(valueFrom);
  let parameter: string;
  if (ssm) parameter = ssm[4]!;
  else if (valueFrom.startsWith('arn:'))
    throw new InputError(path, `"${valueFrom}" is neither a Secrets Manager secret nor an SSM parameter ARN`);
  else if (valueFrom.trim() === '') throw new InputError(path, 'valueFrom must not be empty');
  else parameter = valueFrom;
  const normalized = parameter.replace(/^\/+/, '');
  return {
    provider: 'ParameterStore',
    remoteKey: valueFrom,
    secretName: dnsLabel(`ssm-${normalized}`),
    secretKey: 'value',
  };
}

/** describeSource returns a short human description of where a secret comes from. */
export function describeSource(s: SecretSource): string {
  const what =
    s.provider === 'SecretsManager' ? `Secrets Manager secret ${s.remoteKey}` : `SSM parameter ${s.remoteKey}`;
  return [what, s.property ? `JSON key "${s.property}"` : '', s.version ? `version ${s.version}` : '']
    .filter(Boolean)
    .join(', ');
}

/**
 * externalSecrets returns one ExternalSecret per Kubernetes Secret in `sources`, each filling the
 * keys the pod uses, sorted by name and key.
 */
export function externalSecrets(sources: SecretSource[], options: TranslateOptions): KubeObject[] {
  const byName = new Map<string, Map<string, SecretSource>>();
  for (const s of sources) {
    const keys = byName.get(s.secretName) ?? new Map<string, SecretSource>();
    keys.set(s.secretKey, s);
    byName.set(s.secretName, keys);
  }
  return [...byName.keys()].sort().map((name) => {
    const keys = byName.get(name)!;
    return {
      apiVersion: EXTERNAL_SECRET_API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name, namespace: options.namespace },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'SecretStore', name: options.secretStoreName },
        target: { name, creationPolicy: 'Owner' },
        data: [...keys.keys()].sort().map((key) => {
          const s = keys.get(key)!;
          return {
            secretKey: key,
            remoteRef: {
              key: s.remoteKey,
              ...(s.property ? { property: s.property } : {}),
              ...(s.version ? { version: s.version } : {}),
            },
          };
        }),
      },
    };
  });
}
