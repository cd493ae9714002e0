import { Readable } from 'node:stream';
import { listSyncLog } from '../../db/queries/sync-log.js';
import type { SyncLogEntry } from '../../db/schema.js';
import { badRequest } from '../http-errors.js';
import { ALL_ROLES, firmOf } from '../plugins/auth.js';
import type { RoutesWithDb } from '../route-types.js';
import { authErrors, dateTime, pageQuery, uuid } from '../schemas/common.js';
import { syncLogPageOut } from '../schemas/sync.js';

/** Rows read per query while the CSV streams. */
const CSV_PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'at',
  'level',
  'action',
  'entityType',
  'entityId',
  'message',
  'qboId',
  'workflowId',
  'intuitTid',
] as const;

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const syncLogRoutes: RoutesWithDb<{ temporalUiUrl: string | undefined; namespace: string }> = async (
  app,
  { db, temporalUiUrl, namespace },
) => {
  const present = (row: SyncLogEntry) => ({
    id: String(row.id),
    at: row.at.toISOString(),
    level: row.level,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    message: row.message,
    qboId: row.qbo_id,
    workflowId: row.workflow_id,
    workflowUrl:
      row.workflow_id && temporalUiUrl
        ? `${temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(row.workflow_id)}`
        : null,
    intuitTid: row.intuit_tid,
  });

  app.get(
    '/v1/sync-log',
    {
      schema: {
        summary: 'The sync log: every sync activity and error, newest last (the Sync Log Report)',
        tags: ['sync'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            invoiceId: uuid,
            level: { type: 'string', enum: ['info', 'error'] },
            from: dateTime,
            to: dateTime,
            format: {
              type: 'string',
              enum: ['json', 'csv'],
              default: 'json',
              description: 'csv: every entry the filters match (from cursor on), streamed; limit applies to json only',
            },
          },
        },
        response: {
          200: {
            description: 'The entries as JSON, or as CSV with format=csv',
            content: {
              'application/json': {
                schema: syncLogPageOut,
              },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...authErrors,
        },
      },
      onRequest: app.allow(...ALL_ROLES),
    },
    async (request, reply) => {
      const { invoiceId, level, from, to, cursor, limit, format } = request.query;
      if (cursor && !/^\d+$/.test(cursor)) throw badRequest('cursor', 'cursor is not one this API gave out');
      const filter = { invoiceId, level, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
      const firmId = firmOf(request);
      if (format === 'csv') {
        // The report is everything the filters match, however long: streamed page by page, never held whole.
        const rows = async function* () {
          yield `${CSV_COLUMNS.join(',')}\r\n`;
          for (let after = cursor; ;) {
            const { rows: entries, nextCursor } = await listSyncLog(db, firmId, {
              ...filter,
              cursor: after,
              limit: CSV_PAGE,
            });
            if (entries.length)
              yield entries
                .map(present)
                .map((e) => `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`)
                .join('');
            if (!nextCursor) return;
            after = nextCursor;
          }
        };
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="sync-log.csv"')
            // The schema documents the body as the CSV text it is; fastify sends a stream as that text.
            .send(Readable.from(rows()) as unknown as string)
        );
      }
      const { rows, nextCursor } = await listSyncLog(db, firmId, { ...filter, cursor, limit });
      return { entries: rows.map(present), nextCursor };
    },
  );
};
