// StrykerJS configuration for `make mutation` (run from the repository root:
//   hack/mutation/node_modules/.bin/stryker run hack/mutation/stryker.config.mjs).
//
// Environment (set by the Makefile's `mutation` target):
//   MUTATE_FILES            space- or comma-separated files or globs to mutate instead of the default set
//   MUTATION_IGNORE_STATIC  1 to skip static mutants (see below)
//   STRYKER_CONCURRENCY     number of test-runner processes (default 2: the machines have 2 cores)
//
// Stryker 9.6 and its mocha runner live in hack/mutation/node_modules with mocha 11 (the runner does
// not work with mocha 12, which the project's own tests use). The tests run under tsx
// (testRunnerNodeArgs) and import chai, fast-check and the sources' dependencies from the root
// node_modules, which Stryker symlinks into its sandbox.

const DEFAULT_MUTATE = [
  'src/translate/**/*.ts',
  '!src/translate/coverage/**', // declarative data: which ECS field is handled how
  'src/ecs/units.ts',
  'src/controller/service-status.ts',
  'src/controller/task-status.ts',
];

// Only the tests that exercise the mutated files; none of them needs a cluster. The other unit tests
// (kube/, cli/, packaging/, ...) would only make every mutant run slower. The golden cases and the
// property tests go through the whole translation (parse, pair, translate), so they cover all of
// src/translate/ and src/ecs/units.ts as well.
const SPEC = [
  'test/unit/translate/**/*.test.ts',
  'test/unit/ecs/units.test.ts',
  'test/unit/controller/service-status.test.ts',
  'test/unit/controller/task-status.test.ts',
  'test/unit/property/**/*.test.ts',
  'test/golden/**/*.test.ts',
];

const requested = (process.env.MUTATE_FILES ?? '')
  .split(/[\s,]+/)
  .map((f) => f.replace(/^\.\//, ''))
  .filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  plugins: ['@stryker-mutator/mocha-runner'],
  testRunner: 'mocha',
  testRunnerNodeArgs: ['--import', 'tsx'],
  mochaOptions: {
    // Replaces the spec of the root .mocharc.json (whose other settings still load).
    spec: SPEC,
    extension: ['ts'],
  },
  // perTest works with ESM and the mocha runner: the dry run records which test covers which mutant
  // (by test full title), and each mutant then runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  // Static mutants (in code run when a module loads: top-level constants, regexes, tables) each need
  // a fresh test process and the whole suite. MUTATION_IGNORE_STATIC=1 skips them (reported as
  // Ignored, outside the score) for faster iterations; the full run keeps them.
  ignoreStatic: process.env.MUTATION_IGNORE_STATIC === '1',
  mutate: requested.length > 0 ? requested : DEFAULT_MUTATE,
  // The sandbox is a copy of the repository; leave out what the tests do not read.
  ignorePatterns: ['dist', '.cache', 'reports', 'bench', 'test/e2e', 'test/cluster', '*.log', '*.cpuprofile'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 10000,
  timeoutFactor: 2,
  reporters: ['progress', 'clear-text', 'json', 'html'],
  clearTextReporter: {
    allowColor: false,
    logTests: false,
    reportTests: false,
    reportMutants: false,
    reportScoreTable: true,
  },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // The score gate (85 % without message text, on the target files) is in score.ts.
  thresholds: { high: 85, low: 70, break: null },
};
