// JSON over HTTP as the API's and the sandbox's real clients talk to them: the test harness, the seed,
// the bench and the chaos run all go through here.

export interface JsonAnswer<T = any> {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: T;
  headers: Headers;
}

export interface CallOptions {
  bearer?: string;
  body?: unknown;
  /** More request headers, e.g. a browser's cookie and CSRF token. */
  headers?: Record<string, string>;
}

export async function callJson<T = any>(
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      ...options.headers,
      ...(options.bearer && { authorization: `Bearer ${options.bearer}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: response.status, body: (json ? JSON.parse(text) : text) as T, headers: response.headers };
}

/** Like callJson, but anything other than a 2xx is an error naming the call: for setups that cannot go on without it. */
export async function okJson<T = any>(method: string, url: string, options: CallOptions = {}): Promise<T> {
  const answer = await callJson<T>(method, url, options);
  if (answer.status < 200 || answer.status > 299)
    throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body;
}
