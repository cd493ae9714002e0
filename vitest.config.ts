import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running (pure logic, and the sandbox in-process);
// `integration` gets real PostgreSQL, a Temporal dev server, the sandbox and a worker from its global setup.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            '{api,activities,db,domain,observability,qbo-connection,quickbooks,sandbox,scripts,temporal,workflows,worker}/**/*.test.ts',
            'test/sandbox/**/*.test.ts',
            'test/replay/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
