/**
 * environment, secrets and environmentFiles → `env` and `envFrom`. ECS order is kept; values are
 * passed verbatim (verbatim.ts: Kubernetes would expand `$(VAR)` and `$$`); a repeated name keeps its first position and its last
 * value, as Docker does. Secrets become `secretKeyRef`s (see secrets.ts).
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition } from '../ecs/model.js';
import { cpath, type FindingSink } from './findings.js';
import { dnsLabel } from './names.js';
import { verbatim } from './verbatim.js';
import { describeSource, parseSecretRef, type SecretSource } from './secrets.js';

export interface EnvResult {
  env: Array<Record<string, unknown>>;
  envFrom: Array<Record<string, unknown>>;
}

/**
 * The names Kubernetes accepts for environment variables (relaxed validation, GA in 1.34): printable
 * ASCII other than `=`. Refused here, at the ECS path, so that the TaskDefinition says so instead of
 * the apiserver rejecting the generated workload later.
 */
function checkEnvName(name: string, path: string): void {
  if (name.includes('=')) throw new InputError(path, `"${name}" must not contain "="`);
  const bad = [...name].find((c) => c < ' ' || c > '~');
  if (bad !== undefined)
    throw new InputError(
      path,
      `${JSON.stringify(name)} has ${JSON.stringify(bad)}: Kubernetes accepts only printable ASCII in environment variable names`,
    );
}

/** envFileConfigMapName returns the ConfigMap name for an S3 environment file ARN. */
export function envFileConfigMapName(s3Arn: string): string {
  return dnsLabel(`envfile-${s3Arn.replace(/^arn:[^:]*:s3:::/, '')}`);
}

/**
 * containerEnv returns env and envFrom of container `i`, appending every secret it references to
 * `sources`. `externalSecrets` says whether ExternalSecrets will fill the Secrets.
 */
export function containerEnv(
  c: ContainerDefinition,
  i: number,
  sources: SecretSource[],
  externalSecrets: boolean,
  sink: FindingSink,
): EnvResult {
  const env: Array<Record<string, unknown>> = [];
  const at = new Map<string, number>();
  const put = (name: string, entry: Record<string, unknown>, path: string): void => {
    const existing = at.get(name);
    if (existing !== undefined) {
      env[existing] = entry;
      sink.info(path, `"${name}" is set more than once; the last value wins, as in ECS`);
    } else {
      at.set(name, env.length);
      env.push(entry);
    }
  };
  (c.environment ?? []).forEach((kv, j) => {
    const path = cpath(i, `.environment[${j}]`);
    if (!kv.name) throw new InputError(`${path}.name`, 'an environment variable needs a name');
    checkEnvName(kv.name, `${path}.name`);
    put(kv.name, { name: kv.name, value: verbatim(kv.value ?? '') }, path);
  });
  (c.secrets ?? []).forEach((s, j) => {
    const path = cpath(i, `.secrets[${j}]`);
    if (!s.name) throw new InputError(`${path}.name`, 'a secret needs a name');
    checkEnvName(s.name, `${path}.name`);
    const src = parseSecretRef(s.valueFrom, `${path}.valueFrom`);
    sources.push(src);
    put(s.name, { name: s.name, valueFrom: { secretKeyRef: { name: src.secretName, key: src.secretKey } } }, path);
    const where = `Secret "${src.secretName}" key "${src.secretKey}" (${describeSource(src)})`;
    if (externalSecrets) {
      sink.info(
        `${path}.valueFrom`,
        `read from ${where}, kept in sync by an ExternalSecret; ECS reads the value at task start, Kubernetes at container start from the synced copy`,
      );
    } else {
      sink.approximated(
        `${path}.valueFrom`,
        `read from ${where}; create that Secret (or enable the External Secrets integration)`,
      );
    }
  });
  const envFrom: Array<Record<string, unknown>> = [];
  (c.environmentFiles ?? []).forEach((f, j) => {
    const path = cpath(i, `.environmentFiles[${j}]`);
    const name = envFileConfigMapName(f.value);
    envFrom.push({ configMapRef: { name, optional: true } });
    sink.approximated(
      path,
      `Kubernetes cannot read ${f.type} environment files: the pod reads optional ConfigMap "${name}"; create it from ${f.value} (explicit environment entries still win)`,
    );
  });
  return { env, envFrom };
}
