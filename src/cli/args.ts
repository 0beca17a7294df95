/**
 * A small, strict command-line parser: long options (`--name value`, `--name=value`), short
 * aliases (`-o json`), repeatable options, booleans, `--` to end options and `-` as a positional
 * (stdin). Anything unknown is a UsageError naming the option.
 */
import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** string options only: may be given more than once (values kept in order). */
  multiple?: boolean;
  /** string options only: the accepted values. */
  choices?: readonly string[];
  /** Placeholder in help, e.g. `NS`. */
  value?: string;
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  /** Option values by long name: boolean, string, or string[] for `multiple`. Absent options are missing. */
  values: Record<string, boolean | string | string[]>;
  positionals: string[];
}

/** parseArgs parses `argv` against `specs`; `command` names the command in error messages. */
export function parseArgs(argv: readonly string[], specs: OptionSpecs, command: string): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(specs)) if (s.short) byShort.set(s.short, name);
  const hint = `(see '${command} --help')`;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (!(name in specs)) throw new UsageError(`unknown option --${name} ${hint}`);
    } else {
      const short = arg.slice(1, 2);
      name = byShort.get(short);
      if (!name) throw new UsageError(`unknown option ${arg} ${hint}`);
      if (arg.length > 2) inline = arg.slice(2);
    }
    const spec = specs[name];
    const flag = arg.startsWith('--') ? `--${name}` : `-${spec.short}`;
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option ${flag} takes no value ${hint}`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-'))
        throw new UsageError(`option ${flag} needs a value${spec.value ? ` (${spec.value})` : ''} ${hint}`);
      value = next;
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option ${flag}: expected one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
    }
    if (spec.multiple) {
      const prev = values[name];
      values[name] = [...(Array.isArray(prev) ? prev : []), value];
    } else {
      if (name in values) throw new UsageError(`option ${flag} given more than once ${hint}`);
      values[name] = value;
    }
  }
  return { values, positionals };
}

/** optionsHelp renders the options table of a command's --help. */
export function optionsHelp(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
    const choices = s.choices ? ` (${s.choices.join('|')})` : '';
    return [left, `${s.help}${choices}${s.multiple ? '; repeatable' : ''}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n');
}

export function str(values: ParsedArgs['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(values: ParsedArgs['values'], name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(values: ParsedArgs['values'], name: string): boolean {
  return values[name] === true;
}
