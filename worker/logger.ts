import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { pino, type Logger as Pino } from 'pino';

// The worker's logs, SDK and activities alike, as structured pino lines. Activities log ids, codes and
// intuit_tid only; the redaction below is the backstop should a token-shaped field ever be passed along.

const REDACT = [
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.clientSecret',
  '*.code',
];

export function workerPino(level = process.env.LOG_LEVEL ?? 'info', stream?: NodeJS.WritableStream): Pino {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, stream ?? process.stdout);
}

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal's Logger interface on top of pino. */
export class PinoTemporalLogger implements Logger {
  constructor(private readonly target: Pino) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // The SDK passes failures as `error`; pino serialises an Error (message, stack) only under `err`.
    const { error, ...rest } = meta ?? {};
    this.target[LEVELS[level]](error instanceof Error ? { ...rest, err: error } : (meta ?? {}), message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
