/**
 * Reads and parses one input (file or stdin) into ECS resources. Parse errors propagate as
 * InputErrors whose message already names the file and the line/column or the field path.
 */
import { parseInput, type ParsedResource } from '../ecs/parse/index.js';
import { str, type OptionSpecs, type ParsedArgs } from './args.js';
import { UsageError } from './errors.js';
import { MAX_INPUT_BYTES, readInput, type IO } from './io.js';

export interface LoadedInput {
  origin: string;
  resources: ParsedResource[];
}

/** The flag that bounds each input, shared by the commands that read files. */
export const INPUT_FLAGS: OptionSpecs = {
  'max-input-bytes': {
    type: 'string',
    value: 'N',
    help: `refuse an input file larger than N bytes (default ${MAX_INPUT_BYTES})`,
  },
};

/** The --max-input-bytes value, or the default. */
export function maxInputBytes(values: ParsedArgs['values']): number {
  const raw = str(values, 'max-input-bytes');
  if (raw === undefined) return MAX_INPUT_BYTES;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--max-input-bytes: expected a positive whole number of bytes, got "${raw}"`);
  return n;
}

export async function loadResources(path: string, io: IO, max = MAX_INPUT_BYTES): Promise<LoadedInput> {
  const input = await readInput(path, io, max);
  return { origin: input.origin, resources: parseInput(input.text, input.origin, input.stem) };
}
