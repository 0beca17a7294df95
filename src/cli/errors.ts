/**
 * Errors the CLI turns into exit codes: a UsageError (bad flags or arguments, exit 2) and a
 * CliError (bad input that is not an InputError from the parsing layer, exit 1).
 */

export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;

/** UsageError: the command line itself is wrong; the message says how to get help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** CliError: the input is wrong in a way only the CLI can see (e.g. a service without its task definition). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_INVALID_INPUT,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
