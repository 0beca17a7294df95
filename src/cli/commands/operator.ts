/**
 * `ecs2eks operator`: runs the controller. The operator lives in src/cli/operator.ts (runOperator);
 * this command only loads it, so a build without it still has a working converter.
 */
import { EXIT_USAGE } from '../errors.js';
import type { IO } from '../io.js';

type RunOperator = (argv: string[]) => unknown;

/** loadOperator imports ../operator.js, or returns undefined when this build has none. */
async function loadOperator(): Promise<RunOperator | undefined> {
  const specifier = '../operator.js';
  try {
    const mod = (await import(specifier)) as { runOperator?: RunOperator };
    return typeof mod.runOperator === 'function' ? mod.runOperator : undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Only the operator module itself missing means "not in this build"; a broken import inside it is a bug.
    if (
      err.code === 'ERR_MODULE_NOT_FOUND' &&
      /[\\/]cli[\\/]operator\.(js|ts)\b/.test(err.message.split(' imported from ')[0] ?? '')
    )
      return undefined;
    throw e;
  }
}

const NOT_AVAILABLE = 'operator: not available in this build';

/** runOperatorCommand passes all arguments (including --help) to the operator. */
export async function runOperatorCommand(argv: string[], io: IO): Promise<number> {
  const runOperator = await loadOperator();
  if (!runOperator) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(`Usage: ${operator.usage}\n\n${operator.description.trim()}\n\n(${NOT_AVAILABLE})\n`);
      return 0;
    }
    io.stderr.write(`ecs2eks: ${NOT_AVAILABLE}\n`);
    return EXIT_USAGE;
  }
  const code = await runOperator(argv);
  return typeof code === 'number' ? code : 0;
}

export const operator = {
  name: 'operator',
  summary: 'run the ecs2eks operator (the controller) against the current cluster',
  usage: 'ecs2eks operator [flags]',
  description:
    'Runs the controller that turns TaskDefinition, Service and Task resources into Kubernetes workloads.\nSee `ecs2eks operator --help` for its flags.',
};
