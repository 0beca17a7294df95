/**
 * The CLI's only contact with the process: three streams passed in, so that tests run commands
 * in-process, and reading one input (a file or `-` for stdin).
 */
import { open } from 'node:fs/promises';
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

/**
 * The most one input may hold. A real task definition is a few KiB and CloudFormation caps a
 * template at 1 MB; a larger input (a symlink to /dev/zero, a log file named .json) is refused
 * after reading at most this much, instead of filling memory.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

function tooLarge(origin: string, max: number): CliError {
  return new CliError(`${origin}: larger than ${max.toLocaleString('en-US')} bytes; refused (--max-input-bytes)`);
}

export async function readStdin(stdin: IO['stdin'], max = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stdin) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    size += b.length;
    if (size > max) throw tooLarge('<stdin>', max);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * readTextFile reads a regular file (symlinks followed) of at most `max` bytes. Devices, FIFOs and
 * sockets are refused without reading: a FIFO would block and a device never ends. The size is
 * checked again while reading, as files such as those under /proc report 0.
 */
export async function readTextFile(path: string, max = MAX_INPUT_BYTES): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const info = await fh.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new CliError(`${path}: not a regular file (a device, FIFO or socket); refused`);
    if (info.size > max) throw tooLarge(path, max);
    const chunks: Buffer[] = [];
    let used = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      used += bytesRead;
      if (used > max) throw tooLarge(path, max);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, used).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** stemOf returns the file name without directory and extension. */
export function stemOf(path: string): string {
  const base = basename(path);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** readInput reads `path`, or stdin for `-`. A missing or unreadable file is a CliError (exit 1). */
export async function readInput(path: string, io: IO, max = MAX_INPUT_BYTES): Promise<InputText> {
  if (path === '-') return { text: await readStdin(io.stdin, max), origin: '<stdin>', stem: 'stdin' };
  try {
    return { text: await readTextFile(path, max), origin: path, stem: stemOf(path) };
  } catch (e) {
    if (e instanceof CliError) throw e;
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
