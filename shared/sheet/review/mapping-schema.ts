import { z } from 'zod';
import type { Mapping } from '../mapping/types';
import { isTimeZone } from '../mapping/sheet-time';
import { rowAnchorSchema } from '../mapping/apply-mapping-override';

const text = z.string().max(1000);
const columnType = z.enum(['string', 'text', 'integer', 'double', 'money', 'date', 'datetime', 'boolean', 'enumeration', 'url', 'email', 'phone', 'employee']);
const builtinField = z.enum(['title', 'stageId', 'assignedById', 'opportunity', 'begindate', 'closedate', 'companyId', 'contactIds', 'observers', 'createdTime', 'createdBy', 'movedTime', 'parentId2', 'timelineComment']);
const userTypeId = z.enum(['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'enumeration', 'money', 'url', 'employee']);

const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), field: builtinField }).strict(),
  z
    .object({
      kind: z.literal('custom'),
      suffix: z.string().regex(/^[A-Z0-9_]{1,40}$/),
      userTypeId,
      multiple: z.boolean(),
      label: text,
      items: z.array(text).max(5000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('skip') }).strict(),
]);

/**
 * The runtime check of a whole `Mapping` as the UI sends it back: every
 * field, with the same limits the portal has (suffix characters, lengths).
 */
export const mappingSchema: z.ZodType<Mapping> = z
  .object({
    version: z.literal(1),
    title: z.string().min(1).max(255),
    language: z.enum(['ru', 'en']),
    key: z.object({ kind: z.enum(['column', 'composite', 'fingerprint']), columns: z.array(text).max(50) }).strict(),
    titleTemplate: text.optional(),
    columns: z
      .array(
        z
          .object({
            header: text,
            type: columnType,
            format: text.optional(),
            currency: z.string().max(10).optional(),
            valueMap: z.record(text, text).optional(),
            target,
          })
          .strict(),
      )
      .max(500),
    stages: z
      .array(
        z
          .object({
            code: z.string().regex(/^[A-Z0-9_]{1,24}$/),
            name: z.string().min(1).max(255),
            semantics: z.enum(['process', 'success', 'failure']),
            color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
            values: z.array(text).max(5000),
          })
          .strict(),
      )
      .max(100),
    users: z.record(z.string(), z.number().int().positive().nullable()),
    defaultUserId: z.number().int().positive().nullable(),
    currency: z.string().min(3).max(3),
    overrides: z
      .array(
        z
          .object({ key: z.string().max(1000), row: rowAnchorSchema.optional(), column: text, value: z.string().max(10_000), sheetValue: z.string().max(10_000) })
          .strict()
          .refine((edit) => edit.key !== '' || edit.row !== undefined, 'an edited cell names its row key, or its sheet row'),
      )
      .max(100_000)
      .optional(),
    createClients: z.boolean().optional(),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not a known IANA time zone').optional(),
    funnel: z
      .object({ column: text, categories: z.array(z.object({ name: z.string().min(1).max(255), values: z.array(text).max(5000) }).strict()).max(500) })
      .strict()
      .optional(),
  })
  .strict() as z.ZodType<Mapping>;
