// kubectl from PATH against $KUBECONFIG (with-cluster.sh puts the harness' kubectl first on PATH).
// Tests assert on API objects through kubectl so that what they check is what a user would see.
import { spawn } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${command} exited ${code}: ${stderr.trim() || stdout.trim()}`);
  }
}

/** Runs a program, optionally feeding `input` on stdin; rejects with its stderr on non-zero exit. */
export function run(
  program: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const command = [program, ...args].join(' ');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(command, code, stdout, stderr));
    });
    child.stdin.end(options.input ?? '');
  });
}

/** kubectl ARGS..., returning stdout. */
export async function kubectl(args: readonly string[], input?: string): Promise<string> {
  const { stdout } = await run('kubectl', args, input === undefined ? {} : { input });
  return stdout;
}

/** kubectl ARGS... -o json, parsed. */
export async function kubectlJson<T>(args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
}

/** kubectl apply -f - of the given manifests (objects are serialised as a JSON List). */
export async function apply(namespace: string, ...objects: object[]): Promise<void> {
  const list = { apiVersion: 'v1', kind: 'List', items: objects };
  await kubectl(['apply', '-n', namespace, '-f', '-'], JSON.stringify(list));
}
