/** JSON over HTTP; an answer outside 2xx throws, naming the call, since nothing in a chaos run may be refused. */
export async function requestJson<T = any>(base: string, method: string, path: string, options: { key?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.key && { authorization: `Bearer ${options.key}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export type Caller = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export const apiAs = (apiUrl: string, key: string): Caller => (method, path, body) => requestJson(apiUrl, method, path, { key, body });

export const sandboxAt = (sandboxUrl: string): Caller => (method, path, body) => requestJson(sandboxUrl, method, path, { body });
