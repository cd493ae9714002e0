import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The seeded small chaos run, so `npm run chaos` never rots: it starts its own stack (the suite's shared parts
// are not used), and its verdict is its exit code and the table it prints.

const root = fileURLToPath(new URL('../..', import.meta.url));

function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/chaos/main.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const countOf = (output: string, label: string) =>
  Number(new RegExp(`\\|\\s*${label}\\s*\\|\\s*(\\d+)\\s*\\|`).exec(output)?.[1]);

describe('npm run chaos --quick', () => {
  it('loses, doubles, alters and strands nothing through worker kills, a Temporal restart, dropped database connections, QBO faults, companies that do not help against duplicates or take fewer requests at once, and lost webhooks', async () => {
    const { code, output } = await runChaos(['--quick', '--seed', '7']);
    expect(code, output).toBe(0);
    for (const label of [
      'missing invoices',
      'duplicated invoices',
      'mismatched invoices',
      'stuck jobs or invoices',
      'Model 2 payments missing',
      'Model 2 payments doubled',
    ]) {
      expect(countOf(output, label), `${label}\n${output}`).toBe(0);
    }
    expect(output, output).toMatch(
      /worker SIGKILLed and restarted 2 times; Temporal server restarted 1 time; [1-9]\d* database connections dropped/,
    );
    expect(output, output).toMatch(/duplicate numbers: allow, requestid replay: ignored/);
    expect(output, output).toMatch(
      /2 requests at once where the product allows \d+: [1-9]\d* refused\): job completed/,
    );
    expect(output, output).not.toMatch(/never fired/);
  }, 240_000);
});
