import { QboError } from './errors.js';
import { faultFromJson, parseFault } from './fault-parser.js';
import type {
  BatchItemRequest,
  BatchRequest,
  BatchResponse,
  CdcResponse,
  CompanyInfo,
  DeletedStub,
  EntityMap,
  EntityName,
  Payment,
  QueryResponse,
  SparseUpdate,
} from './wire-types.js';

export const MINOR_VERSION = 75;

/** Where the client gets its bearer token; the token store implements it with refresh under a row lock. */
export interface AccessTokenSource {
  current(): Promise<string>;
  /** Called after a 401 with the token that was refused; returns a fresh one. */
  refreshed(refused: string): Promise<string>;
}

/** Only what is safe to log: never a token, never a body. */
export interface QboCallFailure {
  method: string;
  path: string;
  status: number;
  code: string;
  kind: string;
  intuitTid: string | null;
}

/** Every data call, for metrics: which endpoint, QBO's HTTP status (0: no answer), how long it took. */
export interface QboCallRecord {
  method: string;
  /** e.g. "/invoice", "/query": the entity path without ids. */
  endpoint: string;
  status: number;
  ms: number;
}

/**
 * Admission to a realm's API, shared by every process that calls QBO for it: QBO allows each realm a
 * number of requests per minute and in flight, and a 429 means nobody should call that realm for a while.
 */
export interface RealmGate {
  /** A `batch` call counts against QBO's batch rate as well as its general one. */
  run<T>(realmId: string, call: () => Promise<T>, kind?: 'batch'): Promise<T>;
  /** QBO answered 429, saying how long to wait (Retry-After) or not. */
  throttled(realmId: string, retryAfterMs: number | undefined): Promise<void>;
  /** QBO answered anything else. */
  answered(realmId: string): Promise<void>;
}

export interface QboClientOptions {
  baseUrl: string;
  realmId: string;
  tokens: AccessTokenSource;
  timeoutMs?: number;
  /** Every call goes through it: QBO's per-realm limits hold only if no caller can skip them. */
  gate: RealmGate;
  onFailure?: (failure: QboCallFailure) => void;
  onCall?: (call: QboCallRecord) => void;
}

interface Call {
  method: 'GET' | 'POST';
  batch?: boolean;
  path: string;
  params?: Record<string, string>;
  json?: unknown;
  text?: string;
  /**
   * A JSON body and params decided only once the realm gate admits the call (and kept for its resends):
   * what a batch carries is whatever waited for it meanwhile.
   */
  late?: () => { json: unknown; params: Record<string, string> };
}

const pathName = (entity: EntityName): string => entity.toLowerCase();

/** QBO's limits on a batch: operations per request, and the lengths it accepts beside a requestid. */
export const BATCH_LIMITS = { items: 30, requestIdLength: 36, bIdLength: 10 } as const;

/** One operation of a batch write, named by a bId unique within the batch. */
export interface BatchWrite<K extends EntityName> {
  bId: string;
  operation: 'create' | 'update';
  fields: Partial<EntityMap[K]>;
}

/** Each item's own outcome, by bId: the record QBO wrote, or the QboError the same fault gives on its own. */
export type BatchOutcome<K extends EntityName> = Map<string, EntityMap[K] | QboError>;

/** A batch's operations and its requestid, as its sender gathers them. */
export interface BatchContents<K extends EntityName> {
  writes: BatchWrite<K>[];
  requestId: string;
}

function checkBatch<K extends EntityName>({ writes, requestId }: BatchContents<K>): void {
  if (writes.length === 0 || writes.length > BATCH_LIMITS.items)
    throw new RangeError(`a batch holds 1 to ${BATCH_LIMITS.items} operations, not ${writes.length}`);
  if (requestId.length > BATCH_LIMITS.requestIdLength)
    throw new RangeError(`a batch requestid is at most ${BATCH_LIMITS.requestIdLength} characters`);
  const bIds = new Set(writes.map((w) => w.bId));
  if (bIds.size !== writes.length || [...bIds].some((b) => b.length === 0 || b.length > BATCH_LIMITS.bIdLength))
    throw new RangeError(`batch bIds must be unique and 1 to ${BATCH_LIMITS.bIdLength} characters`);
}

/** 429s one call waits out at the realm gate before it fails (the gate's pauses double up to 8 s: about 30 s in all). */
const THROTTLED_RETRIES = 6;

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A typed QBO Accounting API client: minorversion on every call, JSON in and out, a requestid on every
 * write, Faults turned into classified QboErrors. It does not retry (Temporal's activity retries do,
 * with the same requestid) except once after a 401, with a refreshed token, and after a 429, which QBO
 * answers without running the request.
 */
export class QboClient {
  private readonly base: string;

  constructor(private readonly options: QboClientOptions) {
    this.base = `${options.baseUrl.replace(/\/$/, '')}/v3/company/${encodeURIComponent(options.realmId)}/`;
  }

  async read<K extends EntityName>(entity: K, id: string): Promise<EntityMap[K]> {
    const body = await this.send({ method: 'GET', path: `${pathName(entity)}/${encodeURIComponent(id)}` });
    return (body as Record<K, EntityMap[K]>)[entity];
  }

  async companyInfo(): Promise<CompanyInfo> {
    const body = await this.send({ method: 'GET', path: `companyinfo/${encodeURIComponent(this.options.realmId)}` });
    return (body as { CompanyInfo: CompanyInfo }).CompanyInfo;
  }

  async create<K extends EntityName>(
    entity: K,
    fields: Partial<EntityMap[K]>,
    requestId: string,
  ): Promise<EntityMap[K]> {
    const body = await this.send({
      method: 'POST',
      path: pathName(entity),
      params: { requestid: requestId },
      json: fields,
    });
    return (body as Record<K, EntityMap[K]>)[entity];
  }

  async update<K extends EntityName, F>(entity: K, fields: SparseUpdate<F>, requestId: string): Promise<EntityMap[K]> {
    const body = await this.send({
      method: 'POST',
      path: pathName(entity),
      params: { requestid: requestId },
      json: fields,
    });
    return (body as Record<K, EntityMap[K]>)[entity];
  }

  /** Void or delete (`POST /invoice?operation=void` with Id and SyncToken): the record stays, zeroed, or goes. */
  async operate<K extends EntityName>(
    entity: K,
    operation: 'void' | 'delete',
    target: { Id: string; SyncToken: string },
    requestId: string,
  ): Promise<EntityMap[K]> {
    const body = await this.send({
      method: 'POST',
      path: pathName(entity),
      params: { operation, requestid: requestId },
      json: target,
    });
    return (body as Record<K, EntityMap[K]>)[entity];
  }

  /** A payment is voided by a sparse update with `include=void` (unlike an invoice): it stays, zeroed. */
  async voidPayment(target: { Id: string; SyncToken: string }, requestId: string): Promise<Payment> {
    const body = await this.send({
      method: 'POST',
      path: 'payment',
      params: { operation: 'update', include: 'void', requestid: requestId },
      json: { ...target, sparse: true },
    });
    return (body as { Payment: Payment }).Payment;
  }

  /**
   * Change data capture: every record of these entities changed since `changedSince` (deleted ones as
   * stubs), and QBO's own time of the answer, which is where the next poll starts.
   */
  async changesSince<K extends EntityName>(
    entities: K[],
    changedSince: string,
  ): Promise<{ changes: Array<{ entity: K; record: EntityMap[K] | DeletedStub }>; time: string }> {
    const body = (await this.send({
      method: 'GET',
      path: 'cdc',
      params: { entities: entities.join(','), changedSince },
    })) as CdcResponse;
    const changes = (body.CDCResponse[0]?.QueryResponse ?? []).flatMap((response) =>
      entities.flatMap((entity) =>
        ((response[entity] as Array<EntityMap[K] | DeletedStub> | undefined) ?? []).map((record) => ({
          entity,
          record,
        })),
      ),
    );
    return { changes, time: body.time };
  }

  /**
   * Writes up to 30 records of one entity in one request. `gather` is called once the realm gate admits
   * the request, so a batch that waited for QBO's batch rate takes every write that arrived meanwhile; it
   * answers what the batch carries. The request as a whole fails as any call does (429, 5xx, no answer);
   * otherwise each item succeeds or fails alone, a per-item Fault becoming the QboError that fault gives on
   * a single request. An item QBO left out of its answer is a system error, retryable like a lost answer.
   */
  async batch<K extends EntityName>(
    entity: K,
    gather: () => BatchContents<K>,
  ): Promise<{ writes: BatchWrite<K>[]; outcome: BatchOutcome<K> }> {
    let contents: BatchContents<K> | undefined;
    const body = (await this.send({
      method: 'POST',
      path: 'batch',
      batch: true,
      late: () => {
        contents = gather();
        checkBatch(contents);
        const request: BatchRequest = {
          BatchItemRequest: contents.writes.map(
            (w) => ({ bId: w.bId, operation: w.operation, [entity]: w.fields }) as BatchItemRequest,
          ),
        };
        return { json: request, params: { requestid: contents.requestId } };
      },
    })) as BatchResponse;
    const writes = contents!.writes;
    const answers = new Map((body.BatchItemResponse ?? []).map((item) => [item.bId, item]));
    const outcome: BatchOutcome<K> = new Map();
    for (const { bId } of writes) {
      const item = answers.get(bId);
      const record = item?.[entity] as EntityMap[K] | undefined;
      if (record) outcome.set(bId, record);
      else outcome.set(bId, this.itemFailure(item?.Fault));
    }
    return { writes, outcome };
  }

  /** The status a single request would have carried the fault with, so it is classified the same way. */
  private itemFailure(fault: BatchResponse['BatchItemResponse'][number]['Fault']): QboError {
    const error = fault
      ? new QboError(
          fault.type === 'SystemFault' ? 500 : 400,
          fault.type,
          fault.Error.map((e) => ({ ...e, code: String(e.code ?? '') })),
          null,
        )
      : new QboError(
          500,
          'SystemFault',
          [{ Message: 'QuickBooks left this operation out of its batch answer', code: 'batch_item_missing' }],
          null,
          'system',
        );
    return this.failed({ method: 'POST', path: 'batch' }, error);
  }

  /** Runs a SELECT (POSTed as application/text, so long statements fit) and returns the entity rows. */
  async query<K extends EntityName>(entity: K, statement: string): Promise<EntityMap[K][]> {
    const body = (await this.send({ method: 'POST', path: 'query', text: statement })) as QueryResponse<K>;
    return body.QueryResponse[entity] ?? [];
  }

  private async send(call: Call): Promise<unknown> {
    if (call.late) {
      // Decided once: the attempt after a refreshed token resends the same body.
      const decide = call.late;
      let decided: ReturnType<typeof decide> | undefined;
      call = { ...call, late: () => (decided ??= decide()) };
    }
    const token = await this.options.tokens.current();
    try {
      return await this.attempt(call, token);
    } catch (error) {
      if (!(error instanceof QboError) || error.kind !== 'auth_expired') throw error;
      const fresh = await this.options.tokens.refreshed(token);
      try {
        return await this.attempt(call, fresh);
      } catch (again) {
        if (again instanceof QboError && again.kind === 'auth_expired') {
          throw new QboError(again.status, again.faultType, again.errors, again.intuitTid, 'auth_revoked');
        }
        throw again;
      }
    }
  }

  private async attempt(call: Call, token: string): Promise<unknown> {
    const url = new URL(call.path, this.base);
    url.searchParams.set('minorversion', String(MINOR_VERSION));
    for (const [key, value] of Object.entries(call.params ?? {})) url.searchParams.set(key, value);

    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    let body: string | undefined;
    if (call.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.text !== undefined) {
      headers['Content-Type'] = 'application/text';
      body = call.text;
    }

    const endpoint = `/${call.path.split('/')[0]}`;
    let late: ReturnType<NonNullable<Call['late']>> | undefined;
    const send = async () => {
      if (call.late && !late) {
        late = call.late();
        for (const [key, value] of Object.entries(late.params)) url.searchParams.set(key, value);
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(late.json);
      }
      const answer = await fetch(url, {
        method: call.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
      return { answer, text: await answer.text().catch(() => '') };
    };
    let response: Response;
    let text: string;
    for (let throttled = 0; ; throttled++) {
      const started = performance.now();
      try {
        ({ answer: response, text } = await this.options.gate.run(
          this.options.realmId,
          send,
          call.batch ? 'batch' : undefined,
        ));
      } catch (cause) {
        this.options.onCall?.({ method: call.method, endpoint, status: 0, ms: performance.now() - started });
        throw this.failed(call, QboError.network(cause));
      }
      this.options.onCall?.({
        method: call.method,
        endpoint,
        status: response.status,
        ms: performance.now() - started,
      });
      if (response.status !== 429) break;
      await this.options.gate.throttled(this.options.realmId, retryAfterMs(response.headers.get('retry-after')));
      // QBO refuses a throttled request before doing anything with it, so sending it again through the gate
      // (which now holds the realm back) is safe, and cheaper than failing the activity: its retry would
      // wait on Temporal's own backoff and, not knowing the outcome, look the record up first.
      if (throttled === THROTTLED_RETRIES) break;
    }
    if (response.status !== 429) await this.options.gate.answered(this.options.realmId);

    const intuitTid = response.headers.get('intuit_tid');
    if (!response.ok) {
      const fault = parseFault(text, response.headers.get('content-type'));
      const errors = fault?.errors ?? [
        { Message: `HTTP ${response.status} ${response.statusText}`, code: String(response.status) },
      ];
      throw this.failed(call, new QboError(response.status, fault?.type ?? 'SystemFault', errors, intuitTid));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.failed(
        call,
        new QboError(
          response.status,
          'SystemFault',
          [{ Message: 'QuickBooks answered with a body that is not JSON', code: 'parse' }],
          intuitTid,
          'system',
        ),
      );
    }
    // A 200 can still carry a Fault.
    const fault = faultFromJson(json);
    if (fault) throw this.failed(call, new QboError(response.status, fault.type, fault.errors, intuitTid));
    return json;
  }

  private failed(call: Call, error: QboError): QboError {
    this.options.onFailure?.({
      method: call.method,
      path: `/${call.path.split('/')[0]}`,
      status: error.status,
      code: error.code,
      kind: error.kind,
      intuitTid: error.intuitTid,
    });
    return error;
  }
}
