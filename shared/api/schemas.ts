import { z } from 'zod';
import type { Channel } from './contract';
import { MAX_FILE_BYTES, MAX_ROWS_PAGE } from './contract';

const id = z.string().min(1).max(200);

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
} satisfies Record<Channel, z.ZodType>;
