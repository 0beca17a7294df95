// ESLint flat config: typescript-eslint's type-aware recommended rules over every TypeScript file,
// plus the few rules below. Generated code (src/ecs/*.gen.ts) is not linted: it is checked for
// staleness against its generator instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.cache/',
      '.stryker-tmp/',
      'reports/',
      'hack/mutation/node_modules/',
      'src/ecs/schema.gen.ts',
      'src/ecs/api-requests.gen.ts',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its rejection: the operator must never drop an error silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Unused code is either dead or a bug; a leading underscore marks a deliberately unused argument.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Type-only imports vanish at runtime, so the layering and load order show in the source.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Off: an `async` function without `await` is still meaningful here. It turns a synchronous throw
      // into a rejection, and many callbacks we pass (waitFor, informer handlers, mocha hooks) are typed
      // to return a promise; dropping `async` to please the rule would change error behaviour.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests only: chai's property assertions (`expect(x).to.be.true`, `.to.be.empty`) are
      // expressions by design, and each one asserts.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
