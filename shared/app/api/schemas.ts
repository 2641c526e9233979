import { z } from 'zod';
import type { Channel } from './contract';
import { isWebhookShapedUrl } from '../../portal/bitrix/webhook-url';
import { mappingSchema } from '../../sheet/review/mapping-schema';
import { MAX_FILE_BYTES, MAX_ROWS_PAGE } from './contract';

const id = z.string().min(1).max(200);
// Only http(s) webhook-shaped URLs reach the core; the portal check then explains what else is wrong (plain http
// to anything but this computer, a revoked secret) before any request leaves.
const webhookUrl = z
  .string()
  .min(1)
  .max(2000)
  .refine(isWebhookShapedUrl, 'not an inbound webhook URL: paste it as Bitrix24 shows it, https://your-portal.bitrix24.com/rest/<user id>/<secret>/');
const syncRequest = z
  .object({
    projectId: id,
    workbookId: id.optional(),
    removed: z.discriminatedUnion('kind', [z.object({ kind: z.literal('keep') }).strict(), z.object({ kind: z.literal('delete') }).strict(), z.object({ kind: z.literal('stage'), name: z.string().min(1).max(255) }).strict()]),
    conflicts: z.enum(['sheet-wins', 'portal-wins', 'skip']),
    allowSchemaChanges: z.boolean(),
    confirmRemovals: z.number().int().min(0).optional(),
  })
  .strict();
const migrationRequest = z
  .object({
    workbookId: id,
    sheet: z.string().max(500),
    mapping: mappingSchema,
    portalId: id,
    access: z.enum(['open', 'closed']).optional(),
    into: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Runtime validators, one per channel: every input is checked here before a
 * handler sees it, whichever transport it came by.
 */
export const schemas = {
  'app.info': z.object({}).strict(),
  'workbook.open': z
    .object({
      fileName: z.string().min(1).max(500),
      bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= MAX_FILE_BYTES, {
        message: `files larger than ${MAX_FILE_BYTES / 1024 / 1024} MB are not accepted`,
      }),
      jobId: id.optional(),
      sourcePath: z.string().min(1).max(4096).optional(),
    })
    .strict(),
  'workbook.rows': z
    .object({
      workbookId: id,
      sheet: z.string().max(500),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(MAX_ROWS_PAGE),
    })
    .strict(),
  'workbook.close': z.object({ workbookId: id }).strict(),
  'mapping.remember': z.object({ workbookId: id, sheet: z.string().max(500), mapping: mappingSchema.nullable(), portalId: id.optional() }).strict(),
  'workbook.layout': z.object({ workbookId: id, sheet: z.string().max(500) }).strict(),
  'workbook.chooseTable': z
    .object({
      workbookId: id,
      sheet: z.string().max(500),
      choice: z.object({ headerRow: z.number().int().min(1).max(10_000_000), skippedRows: z.array(z.number().int().min(1).max(10_000_000)).max(10_000), groupRow: z.number().int().min(1).max(10_000_000).optional() }).strict().nullable(),
    })
    .strict(),
  'workbook.inferSchema': z.object({ workbookId: id, sheet: z.string().max(500), jobId: id.optional() }).strict(),
  'mapping.suggest': z.object({ workbookId: id, sheet: z.string().max(500), portalId: id.optional() }).strict(),
  'mapping.check': z.object({ workbookId: id, sheet: z.string().max(500), mapping: mappingSchema }).strict(),
  'mapping.preview': z
    .object({ workbookId: id, sheet: z.string().max(500), mapping: mappingSchema, from: z.number().int().min(0), count: z.number().int().min(0).max(1000), problemsOnly: z.boolean() })
    .strict(),
  'mapping.matchUsers': z.object({ portalId: id, values: z.array(z.string().max(500)).max(10_000) }).strict(),
  'migration.plan': migrationRequest,
  'migration.start': migrationRequest,
  'job.cancel': z.object({ jobId: id }).strict(),
  'failures.export': z
    .object({
      workbookId: id,
      sheet: z.string().max(500),
      failures: z
        .array(
          z
            .object({
              row: z.number().int().min(1),
              column: z.string().max(1000).optional(),
              code: z.string().max(100),
              message: z.string().max(5000),
              problem: z.enum(['number', 'whole-number', 'date', 'boolean', 'stage', 'list-item']).optional(),
              text: z.string().max(40_000).optional(),
              detail: z.string().max(5000).optional(),
              params: z.record(z.string().max(100), z.string().max(5000)).optional(),
            })
            .strict(),
        )
        .max(1_000_000),
    })
    .strict(),
  'project.list': z.object({}).strict(),
  'sync.preview': syncRequest,
  'sync.start': syncRequest,
  'migration.resume': z.object({ projectId: id }).strict(),
  'portal.list': z.object({}).strict(),
  'portal.check': z.object({ webhookUrl: webhookUrl }).strict(),
  'portal.save': z.object({ webhookUrl: webhookUrl, label: z.string().max(100).optional() }).strict(),
  'portal.useSandbox': z.object({}).strict(),
  'portal.remove': z.object({ portalId: id }).strict(),
  'undo.preview': z.object({ projectId: id, force: z.boolean(), removeClients: z.boolean().optional(), forceClients: z.boolean().optional(), removeWorkflows: z.boolean().optional() }).strict(),
  'undo.start': z
    .object({ projectId: id, force: z.boolean(), removeClients: z.boolean().optional(), forceClients: z.boolean().optional(), removeWorkflows: z.boolean().optional(), confirmItems: z.number().int().min(0), confirmClients: z.number().int().min(0).optional() })
    .strict(),
  'project.writeBack': z.object({ projectPath: z.string().min(1).max(4096) }).strict(),
  'portal.smartProcesses': z.object({ portalId: id }).strict(),
} satisfies Record<Channel, z.ZodType>;
