/**
 * The CLI's only contact with the process: three streams passed in, so that tests run commands
 * in-process, and reading one input (a file or `-` for stdin).
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CliError } from './errors.js';

export interface Output {
  write(chunk: string): unknown;
}

export interface IO {
  stdin: AsyncIterable<string | Buffer>;
  stdout: Output;
  stderr: Output;
}

/** One input file's text and how to name it in messages. */
export interface InputText {
  text: string;
  /** Shown in messages and findings: the path as given, or `<stdin>`. */
  origin: string;
  /** Names unnamed resources: the file name without extension (`stdin` for `-`). */
  stem: string;
}

export async function readStdin(stdin: IO['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return Buffer.concat(chunks).toString('utf8');
}

/** stemOf returns the file name without directory and extension. */
export function stemOf(path: string): string {
  const base = basename(path);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** readInput reads `path`, or stdin for `-`. A missing or unreadable file is a CliError (exit 1). */
export async function readInput(path: string, io: IO): Promise<InputText> {
  if (path === '-') return { text: await readStdin(io.stdin), origin: '<stdin>', stem: 'stdin' };
  try {
    return { text: await readFile(path, 'utf8'), origin: path, stem: stemOf(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new CliError(`${path}: cannot read: ${why}`);
  }
}
