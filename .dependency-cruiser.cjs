// dependency-cruiser: the architecture's import rules, checked by `npm run lint:deps`.
// Type-only imports (`import type`, `import { type X }` alone) are seen as such (tsPreCompilationDeps), and most
// rules let them through: they vanish from the compiled JavaScript, so they couple nothing at run time.

/** Tests (colocated *.test.ts, and everything in test/) and scripts drive the whole system and may import anything. */
const TESTS_AND_SCRIPTS = ['\\.test\\.tsx?$', '^test/', '^scripts/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'workflows-deterministic',
      severity: 'error',
      comment:
        'Workflow code runs in the Temporal workflow sandbox and must stay deterministic: it may import only ' +
        '@temporalio/workflow, @temporalio/common and other workflow files. Anything else (activities, db, ' +
        'domain, Node built-ins, npm packages) only with `import type`.',
      from: { path: '^workflows/', pathNot: ['\\.test\\.ts$', '^test/workflow-env\\.ts$'] },
      to: {
        pathNot: ['^workflows/', '^node_modules/@temporalio/(workflow|common)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'sandbox-stands-alone',
      severity: 'error',
      comment:
        'The QBO sandbox is deployed and run on its own: it may import Node built-ins, npm packages, other sandbox ' +
        'files and, for the wire shapes it shares with the real client, quickbooks/wire-types.ts.',
      from: { path: '^sandbox/' },
      to: {
        dependencyTypes: ['local', 'aliased'],
        pathNot: ['^sandbox/', '^quickbooks/wire-types\\.ts$'],
      },
    },
    {
      name: 'sandbox-wire-types-type-only',
      severity: 'error',
      comment: 'The sandbox takes only types from quickbooks/wire-types.ts, never code.',
      from: { path: '^sandbox/' },
      to: { path: '^quickbooks/wire-types\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'temporal-client-only-in-temporal',
      severity: 'error',
      comment:
        'Calls to the Temporal service (@temporalio/client) go through temporal/ only; tests and scripts drive ' +
        'Temporal directly. Elsewhere, types only.',
      from: { pathNot: ['^temporal/', ...TESTS_AND_SCRIPTS] },
      to: { path: '^node_modules/@temporalio/client/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-only-in-db',
      severity: 'error',
      comment:
        'SQL lives in db/: kysely and pg are imported only there (and by tests and scripts); elsewhere, types ' +
        'only. Exception: the realm gate (qbo-connection/realm-gate.ts, quickbooks/realm-gate.ts before its move) ' +
        "builds rate-limiter-flexible's PostgreSQL limiter, which needs the pg pool itself.",
      from: {
        pathNot: ['^db/', '^(qbo-connection|quickbooks)/realm-gate\\.ts$', ...TESTS_AND_SCRIPTS],
      },
      to: { path: '^node_modules/(kysely|pg)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'api-is-a-leaf',
      severity: 'error',
      comment:
        'Nothing depends on the API (api/) but its entry point, tests and scripts. The billing console may take ' +
        "types from the API's schemas (console/src/types.ts), nothing else.",
      from: { pathNot: ['^api/', '^console/src/', ...TESTS_AND_SCRIPTS] },
      to: { path: '^api/' },
    },
    {
      name: 'console-takes-only-api-types',
      severity: 'error',
      comment: 'The billing console is a browser bundle: from api/ it imports types only.',
      from: { path: '^console/src/' },
      to: { path: '^api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: a cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file (a moved or misspelled module, a package not installed).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'An npm package that package.json does not list: it is there only by chance (hoisted from another).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Code that ships (the Docker image installs with --omit=dev) must not need a devDependency at run time. ' +
        'console/ is bundled at build time, so it may.',
      from: {
        path: '^(activities|api|db|domain|observability|qbo-connection|quickbooks|sandbox|temporal|worker|workflows)/',
        pathNot: ['\\.test\\.tsx?$'],
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^console/dist/', '^coverage/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
