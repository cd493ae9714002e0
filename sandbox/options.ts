import type { Clock } from './clock.js';

export type WebhookFormat = 'classic' | 'cloudevents';

export interface SandboxOptions {
  /** Intuit app credentials the token endpoint accepts. Defaults: quickbooks-sync-local / quickbooks-sync-local-secret. */
  clientId?: string;
  clientSecret?: string;
  /** When set, the only redirect_uri accepted; otherwise any http(s) URI. */
  redirectUri?: string;
  /** Signs webhooks (`intuit-signature`). */
  webhookVerifierToken?: string;
  /** Where webhooks go; none are sent without it (it can also be set through POST /__sandbox/webhooks). */
  webhookUrl?: string;
  webhookFormat?: WebhookFormat;
  /** Per-realm data-API requests per sliding minute (default 500; 0 = off). */
  ratePerMinute?: number;
  /** Per-realm requests in flight (default 10; 0 = off). */
  maxConcurrent?: number;
  /** Per-realm batch requests per sliding minute (default 40, QBO's per company and app; 0 = off). */
  batchRatePerMinute?: number;
  /** Access token lifetime, `expires_in` (default 3600). */
  accessTokenTtlSeconds?: number;
  /** Authorization code lifetime (default 300). */
  authCodeTtlSeconds?: number;
  /** Multiplies Intuit's webhook retry schedule (10 s, 20 s, 30 s, 5 min, ...); default 0.01. */
  webhookRetryScale?: number;
  /** Milliseconds since the epoch; tests inject a fake clock to age tokens. */
  now?: Clock;
}

export interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string | undefined;
  webhookVerifierToken: string;
  webhookUrl: string | undefined;
  webhookFormat: WebhookFormat;
  ratePerMinute: number;
  maxConcurrent: number;
  batchRatePerMinute: number;
  accessTokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  webhookRetryScale: number;
  now: Clock;
}

export function resolveOptions(o: SandboxOptions): ResolvedOptions {
  return {
    clientId: o.clientId ?? 'quickbooks-sync-local',
    clientSecret: o.clientSecret ?? 'quickbooks-sync-local-secret',
    redirectUri: o.redirectUri || undefined,
    webhookVerifierToken: o.webhookVerifierToken ?? 'quickbooks-sync-local-verifier',
    webhookUrl: o.webhookUrl || undefined,
    webhookFormat: o.webhookFormat ?? 'classic',
    ratePerMinute: o.ratePerMinute ?? 500,
    maxConcurrent: o.maxConcurrent ?? 10,
    batchRatePerMinute: o.batchRatePerMinute ?? 40,
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 3600,
    authCodeTtlSeconds: o.authCodeTtlSeconds ?? 300,
    webhookRetryScale: o.webhookRetryScale ?? 0.01,
    now: o.now ?? Date.now,
  };
}

function intEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${value}`);
  return n;
}

/** The sandbox's options from the process environment, as `npm run sandbox` reads them. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const format = env['QBO_WEBHOOK_FORMAT'];
  return {
    clientId: env['QBO_CLIENT_ID'] || undefined,
    clientSecret: env['QBO_CLIENT_SECRET'] || undefined,
    redirectUri: env['QBO_REDIRECT_URI'] || undefined,
    webhookVerifierToken: env['QBO_WEBHOOK_VERIFIER_TOKEN'] || undefined,
    webhookUrl: env['QBO_WEBHOOK_URL'] || undefined,
    webhookFormat: format === 'cloudevents' || format === 'classic' ? format : undefined,
    ratePerMinute: intEnv(env['QBO_SANDBOX_RATE_PER_MIN'], 500),
    maxConcurrent: intEnv(env['QBO_SANDBOX_MAX_CONCURRENT'], 10),
    batchRatePerMinute: intEnv(env['QBO_SANDBOX_BATCH_RATE_PER_MIN'], 40),
  };
}
