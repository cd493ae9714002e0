import { XMLParser } from 'fast-xml-parser';
import type { FaultBody, FaultError, FaultType, LowercaseFaultBody } from './wire-types.js';

// QBO answers faults as JSON, except where it does not: throttling (429) comes back as XML even to a
// JSON client, and proxies in front of it can answer with plain text. Parse leniently, never throw.

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  isArray: (name) => name === 'Error',
});

export interface ParsedFault {
  type: FaultType;
  errors: FaultError[];
}

export function parseFault(body: string, contentType: string | null): ParsedFault | null {
  const text = body.trim();
  if (!text) return null;
  if (text.startsWith('<') || contentType?.includes('xml')) return parseXmlFault(text);
  try {
    return faultFromJson(JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function faultFromJson(json: unknown): ParsedFault | null {
  const fault = (json as Partial<FaultBody> | null)?.Fault;
  if (!fault || !Array.isArray(fault.Error)) return lowercaseFault(json);
  return {
    type: fault.type,
    errors: fault.Error.map((e) => ({
      Message: e.Message ?? '',
      Detail: e.Detail,
      code: String(e.code ?? ''),
      element: e.element,
    })),
  };
}

function lowercaseFault(json: unknown): ParsedFault | null {
  const fault = (json as Partial<LowercaseFaultBody> | null)?.fault;
  if (!fault || !Array.isArray(fault.error)) return null;
  return {
    type: fault.type,
    errors: fault.error.map((e) => ({
      Message: e.message ?? '',
      Detail: e.detail ?? undefined,
      code: String(e.code ?? ''),
      element: e.element ?? undefined,
    })),
  };
}

interface XmlError {
  code?: string | number;
  element?: string;
  Message?: string | { '#text': string };
  Detail?: string | { '#text': string };
}

function textOf(value: XmlError['Message']): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value['#text'];
}

function parseXmlFault(text: string): ParsedFault | null {
  try {
    const doc = xml.parse(text) as { IntuitResponse?: { Fault?: { type?: FaultType; Error?: XmlError[] } } };
    const fault = doc.IntuitResponse?.Fault;
    if (!fault?.Error) return null;
    return {
      type: fault.type ?? 'SystemFault',
      errors: fault.Error.map((e) => ({
        Message: textOf(e.Message) ?? '',
        Detail: textOf(e.Detail),
        code: String(e.code ?? ''),
        element: e.element || undefined,
      })),
    };
  } catch {
    return null;
  }
}
