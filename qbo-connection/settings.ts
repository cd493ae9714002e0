// Where QBO lives for this deployment. `local` is the project's own sandbox; `sandbox` and `production`
// are Intuit's. QBO_API_BASE_URL / QBO_OAUTH_BASE_URL override either, for any QBO-compatible server.

export type QboEnvironment = 'local' | 'sandbox' | 'production';

export interface QboSettings {
  environment: QboEnvironment;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  apiBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** How long a realm is left alone after a first 429 when QBO does not say (each 429 in a row doubles it). */
  throttleFirstPauseMs: number;
  /**
   * The longest pause after 429s in a row. QBO advises a minute, but it counts a sliding minute whose room
   * frees as its oldest calls age out: looking again every few seconds costs one refused call, where a
   * minute's wait would leave most of that room unused.
   */
  throttlePauseMs: number;
  /** The most objects QBO puts in one CDC answer (1,000); a full answer may have been cut. Tests lower it with the sandbox's. */
  cdcMaxObjects: number;
}

export const LOCAL_CLIENT_ID = 'quickbooks-sync-local';
export const LOCAL_CLIENT_SECRET = 'quickbooks-sync-local-secret';

const INTUIT = {
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  sandboxApi: 'https://sandbox-quickbooks.api.intuit.com',
  productionApi: 'https://quickbooks.api.intuit.com',
};

export function qboSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): QboSettings {
  const environment = (env.QBO_ENVIRONMENT ?? 'local') as QboEnvironment;
  if (!['local', 'sandbox', 'production'].includes(environment)) {
    throw new Error(`QBO_ENVIRONMENT must be local, sandbox or production, not ${environment}`);
  }
  const local = `http://127.0.0.1:${env.QBO_SANDBOX_PORT ?? '4010'}`;
  const apiBaseUrl =
    env.QBO_API_BASE_URL ??
    (environment === 'local' ? local : environment === 'sandbox' ? INTUIT.sandboxApi : INTUIT.productionApi);
  const oauthBase = env.QBO_OAUTH_BASE_URL ?? (environment === 'local' ? local : undefined);
  const clientId = env.QBO_CLIENT_ID ?? (environment === 'local' ? LOCAL_CLIENT_ID : undefined);
  const clientSecret = env.QBO_CLIENT_SECRET ?? (environment === 'local' ? LOCAL_CLIENT_SECRET : undefined);
  if (!clientId || !clientSecret)
    throw new Error(`QBO_CLIENT_ID and QBO_CLIENT_SECRET are required when QBO_ENVIRONMENT is ${environment}`);
  return {
    environment,
    clientId,
    clientSecret,
    redirectUri: env.QBO_REDIRECT_URI ?? `http://127.0.0.1:${env.PORT ?? '3000'}/v1/quickbooks/callback`,
    apiBaseUrl,
    authorizeUrl: oauthBase ? `${oauthBase}/connect/oauth2` : INTUIT.authorizeUrl,
    tokenUrl: oauthBase ? `${oauthBase}/oauth2/v1/tokens/bearer` : INTUIT.tokenUrl,
    revokeUrl: oauthBase ? `${oauthBase}/v2/oauth2/tokens/revoke` : INTUIT.revokeUrl,
    throttleFirstPauseMs: Number(env.QBO_THROTTLE_FIRST_PAUSE_MS ?? 1_000),
    throttlePauseMs: Number(env.QBO_THROTTLE_PAUSE_MS ?? 8_000),
    cdcMaxObjects: Number(env.QBO_CDC_MAX_OBJECTS ?? 1000),
  };
}
