/** Runs the CLI in-process and captures its streams and exit code. */
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(
    argv,
    {
      stdin: Readable.from([Buffer.from(stdin, 'utf8')]),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    },
    { env },
  );
  return { code, stdout, stderr };
}

/** fixture returns the path of a file under test/fixtures/cli. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/cli/${name}`, import.meta.url));
}
