/**
 * run: the whole CLI as a function of argv and three streams, returning the exit code, so tests
 * run it in-process. Exit codes: 0 success, 1 invalid input, 2 usage error. Every error is one
 * `ecs2eks: <message>` line on stderr; a stack trace only with ECS2EKS_DEBUG=1.
 */
import { isInputError } from '../ecs/errors.js';
import { parseArgs } from './args.js';
import { commandHelp, HELP_FLAG, type Command } from './command.js';
import { convert } from './commands/convert.js';
import { crds } from './commands/crds.js';
import { ecsApi } from './commands/ecs-api.js';
import { importCommand } from './commands/import.js';
import { operator, runOperatorCommand } from './commands/operator.js';
import { report } from './commands/report.js';
import { CliError, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import type { IO } from './io.js';
import { packageVersion } from './version.js';

export type { IO } from './io.js';

const COMMANDS: Command[] = [convert, importCommand, report, crds, ecsApi];

function globalHelp(): string {
  const all = [...COMMANDS, operator];
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    'ecs2eks: run Amazon ECS task definitions and services on Kubernetes.',
    '',
    'Usage: ecs2eks <command> [options]',
    '',
    'Commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: ecs2eks <command> --help)',
    '      --version  print the version',
    '',
    'Exit status: 0 success, 1 invalid input, 2 usage error.',
    '',
  ].join('\n');
}

/** wantsHelp: --help or -h anywhere before a `--`. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

async function dispatch(argv: string[], io: IO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(globalHelp());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(globalHelp());
    return EXIT_OK;
  }
  if (first === '--version') {
    io.stdout.write(`ecs2eks ${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const target = rest[0];
    if (target === undefined) {
      io.stdout.write(globalHelp());
      return EXIT_OK;
    }
    if (target === 'operator') return runOperatorCommand(['--help'], io);
    const c = COMMANDS.find((x) => x.name === target);
    if (!c) throw new UsageError(`unknown command ${JSON.stringify(target)} (see 'ecs2eks --help')`);
    io.stdout.write(commandHelp(c));
    return EXIT_OK;
  }
  if (first === 'operator') return runOperatorCommand(rest, io);
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    throw new UsageError(
      first.startsWith('-')
        ? `unknown option ${first} (see 'ecs2eks --help')`
        : `unknown command ${JSON.stringify(first)} (see 'ecs2eks --help')`,
    );
  }
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  const args = parseArgs(rest, { ...command.flags, ...HELP_FLAG }, `ecs2eks ${command.name}`);
  return command.run(args, io);
}

export interface RunEnv {
  /** ECS2EKS_DEBUG=1 prints stack traces of unexpected errors. Defaults to process.env. */
  env?: Record<string, string | undefined>;
}

/** run executes the CLI; it never throws, and returns the exit code. */
export async function run(argv: string[], io: IO, opts: RunEnv = {}): Promise<number> {
  const env = opts.env ?? process.env;
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`ecs2eks: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      io.stderr.write(`ecs2eks: ${e.message}\n`);
      return e.exitCode;
    }
    if (isInputError(e)) {
      io.stderr.write(`ecs2eks: ${e.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.stderr.write(`ecs2eks: internal error: ${message} (this is a bug; ECS2EKS_DEBUG=1 shows the stack trace)\n`);
    if (env.ECS2EKS_DEBUG === '1' && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return EXIT_INVALID_INPUT;
  }
}
