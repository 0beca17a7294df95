#!/usr/bin/env node
/**
 * The `ecs2eks` executable: runs the CLI on the process's arguments and streams.
 */
import { run } from './run.js';

// A closed pipe (`ecs2eks convert x.json | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
