/**
 * What every subcommand provides: its flags (the one table that both parsing and --help read),
 * a usage line, a description, and a run function.
 */
import { optionsHelp, type OptionSpecs, type ParsedArgs } from './args.js';
import type { IO } from './io.js';

export interface Command {
  name: string;
  /** One line for the global --help. */
  summary: string;
  /** e.g. `ecs2eks convert [options] FILE|-` */
  usage: string;
  /** Paragraphs after the usage line. */
  description: string;
  flags: OptionSpecs;
  /** Examples shown at the end of --help. */
  examples?: string[];
  run(args: ParsedArgs, io: IO): Promise<number>;
}

export const HELP_FLAG: OptionSpecs = { help: { type: 'boolean', short: 'h', help: 'show this help' } };

/** commandHelp renders `ecs2eks <command> --help`. */
export function commandHelp(c: Command): string {
  const parts = [
    `Usage: ${c.usage}`,
    '',
    c.description.trim(),
    '',
    'Options:',
    optionsHelp({ ...c.flags, ...HELP_FLAG }),
  ];
  if (c.examples?.length) parts.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return `${parts.join('\n')}\n`;
}
