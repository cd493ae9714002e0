import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { throttleXml } from './faults.js';
import type { SandboxState } from './state.js';

const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Form = Record<string, unknown>;

/** Basic auth first (intuit-oauth's way), client_secret_post second, as Intuit's discovery document allows. */
function clientOf(req: FastifyRequest): { id: string; secret: string } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const body = (req.body ?? {}) as Form;
  if (typeof body['client_id'] === 'string' && typeof body['client_secret'] === 'string') {
    return { id: body['client_id'], secret: body['client_secret'] };
  }
  return null;
}

function httpUri(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function registerOAuthRoutes(app: FastifyInstance, state: SandboxState): void {
  const { options } = state;

  const authenticateClient = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const client = clientOf(req);
    if (!client || !safeEqual(client.id, options.clientId) || !safeEqual(client.secret, options.clientSecret)) {
      void reply.code(401).send({ error: 'invalid_client' });
      return false;
    }
    return true;
  };

  /** Token and revoke calls can be faulted too, so tests can exercise intuit-oauth's own retries. */
  const injected = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    for (const f of state.faults.take(req.method, req.url.split('?')[0] ?? req.url, undefined)) {
      if (f.mode === 'delay') await new Promise((r) => setTimeout(r, f.delayMs ?? 1000));
      if (f.mode === 'error500') {
        void reply.code(500).send({ error: 'server_error' });
        return true;
      }
      if (f.mode === 'throttle429') {
        void reply.code(429).type('application/xml').send(throttleXml(state.now()));
        return true;
      }
    }
    return false;
  };

  app.get('/connect/oauth2', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (q['client_id'] !== options.clientId) {
      return reply.code(400).send({ error: 'invalid_client', error_description: 'Unknown client_id' });
    }
    const redirectUri = q['redirect_uri'];
    if (
      !redirectUri ||
      !httpUri(redirectUri) ||
      (options.redirectUri !== undefined && redirectUri !== options.redirectUri)
    ) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description: 'redirect_uri is missing or not registered for this app',
      });
    }
    const target = new URL(redirectUri);
    const redirectWith = (params: Record<string, string | undefined>): FastifyReply => {
      for (const [k, v] of Object.entries(params)) if (v !== undefined) target.searchParams.set(k, v);
      return reply.redirect(target.toString(), 302);
    };
    if (q['response_type'] !== 'code') return redirectWith({ error: 'unsupported_response_type', state: q['state'] });
    const scopes = (q['scope'] ?? '').split(/[\s+]+/).filter(Boolean);
    if (!scopes.includes(ACCOUNTING_SCOPE)) return redirectWith({ error: 'invalid_scope', state: q['state'] });

    let realmId = q['realmId'];
    if (realmId !== undefined && realmId !== '') {
      if (!state.realms.get(realmId))
        return reply.code(400).send({ error: 'invalid_request', error_description: `Unknown realmId ${realmId}` });
    } else {
      realmId = state.createRealm(q['companyName']).realmId;
    }
    const code = state.tokens.issueCode(realmId, options.clientId, redirectUri, state.now());
    return redirectWith({ code, state: q['state'], realmId });
  });

  app.post('/oauth2/v1/tokens/bearer', async (req, reply) => {
    if (await injected(req, reply)) return reply;
    if (!authenticateClient(req, reply)) return reply;
    const body = (req.body ?? {}) as Form;
    const withHard = String(req.headers['x-include-refresh-token-hard-expires-in'] ?? '').toLowerCase() === 'true';
    const grantType = body['grant_type'];
    let result;
    if (grantType === 'authorization_code') {
      if (typeof body['code'] !== 'string' || body['code'] === '') {
        return reply.code(400).send({ error: 'invalid_request', error_description: 'code is required' });
      }
      const redirectUri = typeof body['redirect_uri'] === 'string' ? body['redirect_uri'] : undefined;
      result = state.tokens.exchangeCode(body['code'], options.clientId, redirectUri, state.now(), withHard);
    } else if (grantType === 'refresh_token') {
      if (typeof body['refresh_token'] !== 'string' || body['refresh_token'] === '') {
        return reply.code(400).send({ error: 'invalid_request', error_description: 'refresh_token is required' });
      }
      result = state.tokens.refresh(body['refresh_token'], options.clientId, state.now(), withHard);
    } else if (grantType === undefined) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'grant_type is required' });
    } else {
      return reply.code(400).send({ error: 'unsupported_grant_type' });
    }
    if ('error' in result) return reply.code(400).send(result);
    return reply.header('cache-control', 'no-store').send(result);
  });

  app.post('/v2/oauth2/tokens/revoke', async (req, reply) => {
    if (await injected(req, reply)) return reply;
    if (!authenticateClient(req, reply)) return reply;
    const token = ((req.body ?? {}) as Form)['token'];
    if (typeof token !== 'string' || token === '') {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'token is required' });
    }
    state.tokens.revoke(token, options.clientId);
    return reply.code(200).send('');
  });
}
