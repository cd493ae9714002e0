// `npm run build`: the production build, into dist/ (git-ignored). Development, the demo and the tests keep
// running the TypeScript sources through tsx; this is what `npm run start:*` and the container image run.
//
//   1. tsc -p tsconfig.build.json compiles the server-side code (api, worker, sandbox, db and everything they
//      import) to JavaScript, mirroring the source tree: dist/api/main.js, dist/worker/main.js, ...
//   2. The billing console is built (console/build.ts) and copied to dist/console/dist. The compiled
//      api/plugins/console.js looks for ../../console/dist next to itself, exactly as the source does, so
//      the same relative path holds in both layouts and no code has to know which one it runs from.
//   3. The workflow code is bundled once, with the Temporal SDK's own bundler, into
//      dist/worker/workflow-bundle.js; the compiled worker finds it next to itself and loads it instead of
//      bundling (webpack) at every start.
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { buildConsole } from '../console/build.js';
import { runToEnd } from './child-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** Where the compiled worker (dist/worker/main.js) looks for the pre-built workflow code: next to itself. */
const workflowBundleFile = join(dist, 'worker', 'workflow-bundle.js');

const run = (command: string, args: string[]) => runToEnd(command, args, { cwd: root, stdio: 'inherit' });

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`build: ${name} in ${Math.round(performance.now() - started)} ms`);
  return result;
}

async function main(): Promise<void> {
  // A clean slate, so nothing compiled from a since-deleted source file survives in dist/.
  await rm(dist, { recursive: true, force: true });

  // TypeScript 7 (the native compiler) builds; the package named `typescript` is TypeScript 6, whose JavaScript
  // API the linters still need.
  await step('compiled the server-side code (tsc -p tsconfig.build.json)', () =>
    run(process.execPath, [
      join(root, 'node_modules', '@typescript', 'native', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
    ]),
  );

  await step('built the billing console into dist/console/dist', async () => {
    const built = await buildConsole();
    await cp(built, join(dist, 'console', 'dist'), { recursive: true });
  });

  // Bundled from the sources, as the worker does at start under tsx: the same bundler, the same input, the
  // same code in the workflow sandbox, with its inline source map pointing at the .ts files.
  await step('bundled the workflow code into dist/worker/workflow-bundle.js', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(root, 'workflows', 'index.ts'),
      logger: new DefaultLogger('WARN'), // webpack's module-by-module report is noise here; warnings still show
    });
    await writeFile(workflowBundleFile, code);
  });

  console.log(
    'build: done; run it with npm run migrate:prod, npm run start:worker, npm run start:api (and npm run start:sandbox)',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
