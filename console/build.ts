// Builds the billing console: one bundled script, one stylesheet and the page that loads them, into
// console/dist (served by api/plugins/console.ts). Fast enough to run at every start of the demo and tests.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const consoleDir = dirname(fileURLToPath(import.meta.url));

/** Builds console/dist and returns its absolute path. */
export async function buildConsole(): Promise<string> {
  const dist = join(consoleDir, 'dist');
  const assets = join(dist, 'assets');
  await mkdir(assets, { recursive: true });

  await build({
    entryPoints: [join(consoleDir, 'src', 'main.tsx')],
    outfile: join(assets, 'app.js'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: 'es2022',
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(consoleDir, 'styles.css'), join(assets, 'app.css'));

  // The page names its assets with a content hash, so a browser never runs a stale script after an upgrade.
  const version = async (file: string) =>
    createHash('sha256')
      .update(await readFile(join(assets, file)))
      .digest('hex')
      .slice(0, 12);
  const html = (await readFile(join(consoleDir, 'index.html'), 'utf8'))
    .replace('/assets/app.js', `/assets/app.js?v=${await version('app.js')}`)
    .replace('/assets/app.css', `/assets/app.css?v=${await version('app.css')}`);
  await writeFile(join(dist, 'index.html'), html);
  return dist;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  buildConsole().then(
    (dist) => console.log(`console built in ${Math.round(performance.now() - started)} ms: ${dist}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
