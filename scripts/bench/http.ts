// The bench talks to the API and the sandbox over HTTP, as their real clients do.

export interface Answer<T> {
  status: number;
  body: T;
}

export async function requestJson<T = any>(method: string, url: string, options: { bearer?: string; body?: unknown } = {}): Promise<Answer<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.bearer && { authorization: `Bearer ${options.bearer}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: response.status, body: (json ? JSON.parse(text) : text) as T };
}

/** Like requestJson, but anything other than a 2xx is an error: the bench cannot measure a broken setup. */
export async function okJson<T = any>(method: string, url: string, options: { bearer?: string; body?: unknown } = {}): Promise<T> {
  const answer = await requestJson<T>(method, url, options);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
