// QBO answers XML unless the client asks for JSON. The JSON and XML forms share element names; refs
// become `<CustomerRef name="...">58</CustomerRef>` and a few envelope fields become attributes.

const ATTRIBUTES = new Set([
  'domain',
  'sparse',
  'status',
  'type',
  'code',
  'element',
  'startPosition',
  'maxResults',
  'totalCount',
  'bId',
]);

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isRef(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return (
    'value' in v && keys.every((k) => k === 'value' || k === 'name' || k === 'type') && typeof v['value'] !== 'object'
  );
}

function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value !== 'object') return `<${name}>${escape(String(value))}</${name}>`;
  const obj = value as Record<string, unknown>;
  if (isRef(obj)) {
    const attrs = ['name', 'type']
      .filter((k) => obj[k] !== undefined)
      .map((k) => ` ${k}="${escape(String(obj[k]))}"`)
      .join('');
    return `<${name}${attrs}>${escape(String(obj['value']))}</${name}>`;
  }
  let attrs = '';
  let children = '';
  for (const [k, v] of Object.entries(obj)) {
    if (ATTRIBUTES.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      attrs += ` ${k}="${escape(String(v))}"`;
    else children += element(k, v);
  }
  return children === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${children}</${name}>`;
}

export function toXml(payload: Record<string, unknown>): string {
  const time = typeof payload['time'] === 'string' ? ` time="${payload['time']}"` : '';
  const body = Object.entries(payload)
    .filter(([k]) => k !== 'time')
    .map(([k, v]) => element(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3"${time}>${body}</IntuitResponse>`;
}

export function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('application/json');
}
