import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyQboFailure, QboError } from './errors.js';
import { parseFault } from './fault-parser.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/qbo/${name}`, import.meta.url), 'utf8');

describe('classifyQboFailure', () => {
  it.each([
    [429, undefined, 'throttled'],
    [400, '3001', 'throttled'],
    [401, '3200', 'auth_expired'],
    [401, undefined, 'auth_expired'],
    [401, '100', 'auth_expired'],
    [403, '3100', 'forbidden'],
    [403, undefined, 'forbidden'],
    [400, '5010', 'stale'],
    [400, '6240', 'duplicate_name'],
    [400, '6140', 'duplicate_docnum'],
    [400, '6540', 'locked'],
    [400, '6190', 'locked'],
    [400, '2050', 'validation'],
    [400, '6070', 'validation'],
    [500, '10000', 'system'],
    [503, undefined, 'system'],
  ] as const)('status %i code %s is %s', (status, code, kind) => {
    expect(classifyQboFailure(status, code)).toBe(kind);
  });

  it('tells an inactive reference from a missing object by the message', () => {
    expect(
      classifyQboFailure(400, '610', "Object Not Found: Something you're trying to use has been made inactive"),
    ).toBe('inactive_ref');
    expect(classifyQboFailure(400, '610', 'Object Not Found : Another user has deleted this transaction.')).toBe(
      'not_found',
    );
  });

  it('reads the 6210 code by its wording, as Intuit used it for two things', () => {
    expect(classifyQboFailure(400, '6210', 'Duplicate Document Number Error')).toBe('duplicate_docnum');
    expect(classifyQboFailure(400, '6210', 'Account Period Closed')).toBe('locked');
  });
});

describe('QboError', () => {
  it('marks only transient kinds retryable and gives a hint for the others', () => {
    const throttled = new QboError(429, 'SERVICE', [{ Message: 'ThrottleExceeded', code: '3001' }], 'tid-1');
    expect(throttled.retryable).toBe(true);
    const duplicate = new QboError(
      400,
      'ValidationFault',
      [
        {
          Message: 'Duplicate Name Exists Error',
          Detail: 'The name supplied already exists. : The customer ID is: 58',
          code: '6240',
        },
      ],
      'tid-2',
    );
    expect(duplicate.retryable).toBe(false);
    expect(duplicate.hint).toMatch(/map the payer/);
    expect(duplicate.existingId).toBe('58');
    const vendor = new QboError(
      400,
      'ValidationFault',
      [
        {
          Message: 'Duplicate Name Exists Error',
          Detail:
            'The name supplied already exists. : Another vendor is already using this name. Please use a different name. The vendor ID is: 12',
          code: '6240',
        },
      ],
      null,
    );
    expect([vendor.existingKind, vendor.existingId]).toEqual(['vendor', '12']);
    const fixtureWording = new QboError(
      400,
      'ValidationFault',
      [
        {
          Message: 'Duplicate Name Exists Error',
          Detail:
            'The name supplied already exists. : Another $$customer$$ is already using this name. Please use a different name.',
          code: '6240',
        },
      ],
      null,
    );
    expect([fixtureWording.existingKind, fixtureWording.existingId]).toEqual(['customer', undefined]);
    expect(QboError.network(new Error('socket hang up')).retryable).toBe(true);
  });
});

describe('parseFault', () => {
  it('parses the XML throttle body QBO sends even to JSON clients', () => {
    const fault = parseFault(fixture('throttle-429.xml'), 'application/xml');
    expect(fault?.type).toBe('SERVICE');
    expect(fault?.errors[0]?.code).toBe('3001');
    expect(fault?.errors[0]?.Detail).toMatch(/request limit was reached/);
  });

  it('parses an XML validation fault', () => {
    const fault = parseFault(fixture('duplicate-name-6240.xml'), 'text/xml');
    expect(fault?.type).toBe('ValidationFault');
    expect(fault?.errors[0]).toMatchObject({ code: '6240', Message: 'Duplicate Name Exists Error' });
  });

  it('parses a JSON fault with several errors', () => {
    const body = JSON.stringify({
      Fault: {
        Error: [
          { Message: 'a', Detail: 'd', code: '2050', element: 'DocNumber' },
          { Message: 'b', code: '2020' },
        ],
        type: 'ValidationFault',
      },
      time: 'now',
    });
    const fault = parseFault(body, 'application/json');
    expect(fault?.errors.map((e) => e.code)).toEqual(['2050', '2020']);
    expect(fault?.errors[0]?.element).toBe('DocNumber');
  });

  // The credential failures QBO's gateway answers in a lower-case envelope (routablehq/python-quickbooks#250,
  // frappe/erpnext#29161) and as XML (IntuitDeveloper/QBOConceptsTutorial-PHP#13).
  const lowercase = (code: string, message: string, detail: string | null, type: string) =>
    JSON.stringify({
      warnings: null,
      intuitObject: null,
      fault: { error: [{ message, detail, code, element: null }], type },
      report: null,
      queryResponse: null,
      batchItemResponse: [],
      time: 1_700_000_000_000,
    });

  it('reads the lower-case envelope of an expired token: code 3200, refreshed like any 401', () => {
    const body = lowercase(
      '3200',
      'message=AuthenticationFailed; errorCode=003200; statusCode=401',
      'Token expired: 0.0',
      'AUTHENTICATION',
    );
    const fault = parseFault(body, 'application/json');
    expect(fault).toEqual({
      type: 'AUTHENTICATION',
      errors: [
        {
          Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          Detail: 'Token expired: 0.0',
          code: '3200',
          element: undefined,
        },
      ],
    });
    expect(new QboError(401, fault!.type, fault!.errors, null)).toMatchObject({ kind: 'auth_expired', code: '3200' });
  });

  it('calls a 403 3100 in either shape "forbidden": not retried, with a reconnect hint, not a data fix', () => {
    const json = parseFault(
      lowercase('3100', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', null, 'SERVICE'),
      'application/json',
    );
    const xml = parseFault(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse time="2024-01-01T00:00:00.000-08:00"><Fault type="SERVICE"><Error code="3100"><Message>message=AuthorizationFailed; errorCode=003100; statusCode=403</Message><Detail>The access token does not have sufficient scope</Detail></Error></Fault></IntuitResponse>',
      'application/xml',
    );
    for (const fault of [json, xml]) {
      const error = new QboError(403, fault!.type, fault!.errors, 'tid-403');
      expect(error).toMatchObject({ kind: 'forbidden', retryable: false, code: '3100' });
      expect(error.hint).toMatch(/reconnect QuickBooks/);
    }
  });

  it('returns null for a body that is no fault', () => {
    expect(parseFault('<html>Bad gateway</html>', 'text/html')).toBeNull();
    expect(parseFault('', null)).toBeNull();
    expect(parseFault('{"Customer":{}}', 'application/json')).toBeNull();
  });
});
