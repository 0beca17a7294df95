// The ECS API server as a user runs it (`ecs2eks ecs-api --listen 127.0.0.1:0 ...`, a child process
// with the test cluster's kubeconfig) and the real AWS CLI v2 pointed at it with --endpoint-url.
// The CLI never looks further than that endpoint: credentials and the Region come from the
// environment, and its config files and the instance metadata service are switched off.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/env.js';
import { CommandError, run } from '../support/kubectl.js';

/** Debian's AWS CLI v2 (package awscli, installed by .ci/run); a pyenv AWS CLI v1 may shadow it on PATH. */
export const AWS_CLI = '/usr/bin/aws';

export interface EcsApiProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed (the ready line on stderr, pino JSON lines on stdout). */
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `ecs2eks ecs-api` on a free loopback port; resolves once it says where it serves. */
export async function startEcsApi(args: string[]): Promise<EcsApiProcess> {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBECONFIG is not set: run through test/cluster/with-cluster.sh');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'src/cli/main.ts'),
      'ecs-api',
      `--kubeconfig=${kubeconfig}`,
      '--listen=127.0.0.1:0',
      ...args,
    ],
    { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ecs2eks ecs-api did not start within 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /serving the ECS API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ecs2eks ecs-api exited ${code} before serving:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      live.delete(child);
    },
  };
}

/** Fails with the reason when the AWS CLI v2 is missing: the ECS API tests need the real client. */
export function requireAwsCli(): void {
  if (!existsSync(AWS_CLI))
    throw new Error(`${AWS_CLI} is missing: install Debian's awscli package (the AWS CLI v2); .ci/run does`);
}

const emptyDir = mkdtempSync(join(tmpdir(), 'ecs2eks-aws-'));
const noConfig = join(emptyDir, 'none');
writeFileSync(noConfig, '');

/** The environment of every AWS CLI run: fixed test credentials and Region, nothing read from $HOME. */
export function awsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: emptyDir,
    AWS_ACCESS_KEY_ID: 'AKIDECS2EKSTEST',
    AWS_SECRET_ACCESS_KEY: 'ecs2eks-test-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: noConfig,
    AWS_SHARED_CREDENTIALS_FILE: noConfig,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_DEFAULT_OUTPUT: 'json',
    ...extra,
  };
}

export interface AwsFailure {
  code: number | null;
  stderr: string;
}

/** `aws ecs ARGS --endpoint-url URL`, parsed JSON stdout (undefined when it prints nothing). */
export async function awsEcs<T = Record<string, unknown>>(
  url: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const { stdout } = await run(AWS_CLI, ['ecs', ...args, '--endpoint-url', url], {
    env: awsEnv(env),
    timeoutMs: 300_000,
  });
  return (stdout.trim() ? JSON.parse(stdout) : undefined) as T;
}

/** The same, for a call that must fail: its exit code and stderr. */
export async function awsEcsFails(url: string, args: string[], env: Record<string, string> = {}): Promise<AwsFailure> {
  try {
    await awsEcs(url, args, env);
  } catch (e) {
    if (e instanceof CommandError) return { code: e.code, stderr: e.stderr };
    throw e;
  }
  throw new Error(`aws ecs ${args.join(' ')} succeeded; it was expected to fail`);
}
