import { okJson } from '../http-json.js';

/** JSON over HTTP; an answer outside 2xx throws, naming the call, since nothing in a chaos run may be refused. */
export const requestJson = <T = any>(
  base: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown } = {},
): Promise<T> => okJson<T>(method, `${base}${path}`, { bearer: options.key, body: options.body });

export type Caller = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export const apiAs =
  (apiUrl: string, key: string): Caller =>
  (method, path, body) =>
    requestJson(apiUrl, method, path, { key, body });

export const sandboxAt =
  (sandboxUrl: string): Caller =>
  (method, path, body) =>
    requestJson(sandboxUrl, method, path, { body });
