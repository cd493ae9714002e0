import type { FaultBody, FaultError, FaultType } from '../quickbooks/wire-types.js';
import { responseTime } from './clock.js';

/**
 * A QBO fault raised anywhere below a route. Rules throw it; the route layer turns it into the exact
 * status and body QBO would send, so no rule needs to know about HTTP.
 */
export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: FaultType,
    readonly errors: FaultError[],
  ) {
    super(errors[0]?.Message ?? type);
  }

  body(nowMs: number): FaultBody {
    return { Fault: { Error: this.errors, type: this.type }, time: responseTime(nowMs) };
  }
}

export function validation(code: string, message: string, detail: string, element = ''): QboFault {
  return new QboFault(400, 'ValidationFault', [{ Message: message, Detail: detail, code, element }]);
}

export function requiredMissing(element: string): QboFault {
  return validation(
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${element} is missing in the request`,
    element,
  );
}

export function tooLong(element: string, max: number, supplied: number, min = 0): QboFault {
  return validation(
    '2050',
    'String length is either shorter or longer than supported by specification',
    `String length specified does not match the supported length. Min:${min} Max:${max} supplied length:${supplied}`,
    element,
  );
}

/** 610 for a reference to an inactive customer, item or account. */
export function inactiveReference(element = ''): QboFault {
  return validation(
    '610',
    'Object Not Found',
    "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    element,
  );
}

/** 610 for a read, update, void or delete of a record that is not there (never was, or was deleted). */
export function objectNotFound(element = ''): QboFault {
  return validation(
    '610',
    'Object Not Found',
    'Object Not Found : Another user has deleted this transaction.',
    element,
  );
}

export function invalidReference(element: string, entity: string, id: string): QboFault {
  return validation(
    '2500',
    'Invalid Reference Id',
    `Invalid Reference Id : ${entity} assigned to this transaction has been deleted or does not exist. Id=${id}`,
    element,
  );
}

export function unsupportedProperty(property: string): QboFault {
  return validation(
    '2010',
    'Request has invalid or unsupported property',
    `Property Name:Unrecognized field "${property}" specified is unsupported or invalid`,
    property,
  );
}

export function malformedRequest(detail: string): QboFault {
  return validation(
    '2010',
    'Request has invalid or unsupported property',
    `Property Name:${detail} specified is unsupported or invalid`,
  );
}

export function staleObject(): QboFault {
  return validation(
    '5010',
    'Stale Object Error',
    'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
  );
}

export function businessRule(detail: string, element = ''): QboFault {
  return validation(
    '6000',
    'A business validation error has occurred while processing your request',
    `Business Validation Error: ${detail}`,
    element,
  );
}

export function unsupportedOperation(detail: string): QboFault {
  return validation('500', 'Unsupported Operation', `Operation ${detail} is not supported.`);
}

// Query errors carry no `element`, unlike field validation (QBO's 4001 in ruckus/quickbooks-ruby#403, its
// 4002 JSON in intuit/QuickBooks-V3-DotNET-SDK#111).
function queryError(code: string, message: string, detail: string): QboFault {
  return new QboFault(400, 'ValidationFault', [{ Message: message, Detail: detail, code }]);
}

export function queryParserError(detail: string): QboFault {
  return queryError('4000', 'Error parsing query', `QueryParserError: ${detail}`);
}

export function queryValidationError(detail: string): QboFault {
  return queryError('4001', 'Invalid query', `QueryValidationError: ${detail}`);
}

export function systemFault(): QboFault {
  return new QboFault(500, 'SystemFault', [
    {
      Message: 'An application error has occurred while processing your request',
      Detail:
        'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again. If the problem persists, contact customer support.',
      code: '10000',
      element: '',
    },
  ]);
}

export function authenticationFault(detail: string): QboFault {
  return new QboFault(401, 'AuthenticationFault', [
    { Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', Detail: detail, code: '3200' },
  ]);
}

/** QBO answers throttling in XML even to JSON clients, which is exactly what clients get wrong. */
export function throttleXml(nowMs: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<IntuitResponse time="${responseTime(nowMs)}" xmlns="http://schema.intuit.com/finance/v3">\n` +
    '  <Fault type="SERVICE">\n' +
    '    <Error code="3001">\n' +
    '      <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>\n' +
    '      <Detail>The request limit was reached.  Try again later</Detail>\n' +
    '    </Error>\n' +
    '  </Fault>\n' +
    '</IntuitResponse>\n'
  );
}
