// @ts-check
// ESLint: correctness rules only, type-aware (typescript-eslint). Formatting is Prettier's job
// (eslint-config-prettier, last, turns off every rule that would fight it); import boundaries are
// dependency-cruiser's (.dependency-cruiser.cjs).
//
// Type-aware linting needs TypeScript's JavaScript API, which TypeScript 7 (the native compiler) does not ship:
// package.json installs the TS 6 API as `typescript` (@typescript/typescript6) and TS 7 as `@typescript/native`,
// whose `tsc` is the one `npm run typecheck` runs.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'node_modules/',
    'dist/',
    'console/dist/',
    'coverage/',
    '.tools/',
    'test/screenshots/',
    'docs/screenshots/',
    'bench/results.json',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        // Each file is checked with the nearest tsconfig.json: the root one for the server, tests and scripts,
        // console/tsconfig.json (DOM, JSX, Preact) for the billing console.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The bugs this config is here for: a promise nobody awaits (its rejection is lost, its work races the
      // next line) and a promise handed to something that expects a plain function or a boolean.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // 53 hits, all by convention: Fastify plugins and handlers are `async` without an await, and so are
      // synchronous bodies of async interface methods. It flags style, not bugs.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      // The linter reads types with TypeScript 6 and the build compiles with TypeScript 7, and the two disagree
      // about which casts are needed (TS 7 still needs the ones TS 6 calls unnecessary), so the build decides.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],

      // `_`-prefixed names are deliberately unused (positional parameters, destructuring to leave a key out).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `(...args: any[]) => ...` is how a constraint says "any function"; unknown[] would not accept them all.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      // URLSearchParams and URL come from @types/node here (no DOM lib), so the rule's default `from: 'lib'` misses them.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', package: 'url', name: ['URL', 'URLSearchParams'] },
          ],
        },
      ],
      // `!` is used where a lookup cannot fail by construction (noUncheckedIndexedAccess makes every index a maybe).
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },

  // Tests and their helpers (stubs, fakes, JSON payloads) and the scripts that drive the API over HTTP and read
  // its JSON untyped (demo, bench, chaos, seed): loosely typed on purpose.
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off', // expect(stub.method).toHaveBeenCalled() is the idiom
    },
  },

  // Kysely's own advice: a migration sees the database as `Kysely<any>`, never today's schema types.
  {
    files: ['db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // The sandbox plays QBO on untyped wire JSON: String(field) after a null check (unknown narrowed to `{}`) is
  // how it reads a field, and the rule would flag every one.
  {
    files: ['sandbox/**'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },

  // The billing console runs in the browser.
  {
    files: ['console/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Plain JavaScript (this file, .dependency-cruiser.cjs): no tsconfig covers it, so no type information.
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  prettier,
);
