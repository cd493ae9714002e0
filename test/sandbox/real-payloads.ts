import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

// The repo's own copy: CI clones only this repository, so nothing outside it may be read.
const dir = new URL('../fixtures/qbo/', import.meta.url);

/** XML attributes become plain keys, so an XML payload lines up with QBO's JSON for the same object. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
});

export function parseIntuitXml(xml: string): any {
  return parser.parse(xml).IntuitResponse;
}

/** A real QBO XML response from test/fixtures/qbo, as the object inside <IntuitResponse>. */
export function realXml(file: string): any {
  return parseIntuitXml(readFileSync(new URL(file, dir), 'utf8'));
}

export function realJson(file: string): any {
  return JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
}

/** XML repeats an element instead of wrapping it in an array; a single child parses as an object. */
export function many<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function keysOf(o: object): string[] {
  return Object.keys(o).sort();
}
