/**
 * Reads and parses one input (file or stdin) into ECS resources. Parse errors propagate as
 * InputErrors whose message already names the file and the line/column or the field path.
 */
import { parseInput, type ParsedResource } from '../ecs/parse/index.js';
import { readInput, type IO } from './io.js';

export interface LoadedInput {
  origin: string;
  resources: ParsedResource[];
}

export async function loadResources(path: string, io: IO): Promise<LoadedInput> {
  const input = await readInput(path, io);
  return { origin: input.origin, resources: parseInput(input.text, input.origin, input.stem) };
}
