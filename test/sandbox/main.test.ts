import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';

it('npm run sandbox entry prints exactly one listening line with the real port and exits on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    env: { ...process.env, QBO_SANDBOX_PORT: '0', QBO_SANDBOX_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
  const match = /^QBO sandbox listening on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(out);
  expect(match).not.toBeNull();
  const port = Number(match?.[1]);
  expect(port).toBeGreaterThan(0);
  const res = await fetch(`http://127.0.0.1:${port}/__sandbox/realms`);
  expect(res.status).toBe(200);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  expect(out.split('\n').filter(Boolean)).toHaveLength(1);
});
