import { QboFault, authenticationFault } from './faults.js';
import { toXml } from './xml.js';

// QBO refuses credentials in more than one shape. Besides the `Fault` JSON body, gateways in front of the
// data API answer with a lower-case `fault` envelope (every other field null or empty, `time` in epoch
// milliseconds), and some paths answer XML to a JSON client. Each shape here is one seen in the wild:
// lower-case 401: routablehq/python-quickbooks#250; lower-case 403 3100: frappe/erpnext#29161 and
// minimul/qbo_api#138; XML 401 code 100: routablehq/python-quickbooks#120 and intuit/oauth-jsclient#135;
// XML 403 3100: IntuitDeveloper/QBOConceptsTutorial-PHP#13.

export type AuthFaultMode = 'auth401' | 'auth401Lowercase' | 'auth401Xml' | 'auth403Lowercase' | 'auth403Xml';

export const AUTH_FAULT_MODES: readonly AuthFaultMode[] = [
  'auth401',
  'auth401Lowercase',
  'auth401Xml',
  'auth403Lowercase',
  'auth403Xml',
];

export interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

const AUTHENTICATION_FAILED = 'message=AuthenticationFailed; errorCode=003200; statusCode=401';
const APPLICATION_AUTHORIZATION_FAILED = 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403';

function lowercaseEnvelope(message: string, detail: string | null, code: string, type: string, nowMs: number): string {
  return JSON.stringify({
    warnings: null,
    intuitObject: null,
    fault: { error: [{ message, detail, code, element: null }], type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  });
}

function xmlAnswer(fault: QboFault, nowMs: number): RawAnswer {
  return {
    status: fault.status,
    contentType: 'application/xml',
    body: toXml(fault.body(nowMs) as unknown as Record<string, unknown>),
  };
}

/** The answer for an injected credentials failure; `tokenHint` names the token as QBO's details do. */
export function authFailure(mode: AuthFaultMode, nowMs: number, tokenHint: string): RawAnswer {
  const json = 'application/json;charset=UTF-8';
  switch (mode) {
    case 'auth401':
      return {
        status: 401,
        contentType: json,
        body: JSON.stringify(authenticationFault(`Token expired: ${tokenHint}`).body(nowMs)),
      };
    case 'auth401Lowercase':
      return {
        status: 401,
        contentType: json,
        body: lowercaseEnvelope(AUTHENTICATION_FAILED, `Token expired: ${tokenHint}`, '3200', 'AUTHENTICATION', nowMs),
      };
    case 'auth401Xml':
      return xmlAnswer(
        new QboFault(401, 'AuthenticationFault', [
          {
            Message: 'General Authentication Error',
            Detail: 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401',
            code: '100',
          },
        ]),
        nowMs,
      );
    case 'auth403Lowercase':
      return {
        status: 403,
        contentType: json,
        body: lowercaseEnvelope(APPLICATION_AUTHORIZATION_FAILED, null, '3100', 'SERVICE', nowMs),
      };
    case 'auth403Xml':
      return xmlAnswer(
        new QboFault(403, 'SERVICE', [
          {
            Message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403',
            Detail: 'The access token does not have sufficient scope',
            code: '3100',
          },
        ]),
        nowMs,
      );
  }
}
