import type { FastifyServerOptions } from 'fastify';

// Structured logs (pino) that never carry a credential: the Authorization, Cookie and CSRF headers and the
// webhook signature are redacted, and the OAuth callback's one-time code and state and a set-password
// link's token are masked in logged URLs.

const SECRET_PARAMS = /([?&](?:code|state|token)=)[^&]*/g;

export const maskUrl = (url: string): string => url.replace(SECRET_PARAMS, '$1[redacted]');

export function logOptions(
  level = process.env.LOG_LEVEL ?? 'info',
  stream?: NodeJS.WritableStream,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream && { stream }),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["intuit-signature"]',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: req.method,
        url: maskUrl(req.url),
        hostname: req.hostname,
        remoteAddress: req.ip,
      }),
    },
  };
}
