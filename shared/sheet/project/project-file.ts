import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../base/errors/errors';
import type { ProjectFile } from './types';

const projectShape = z
  .object({
    format: z.literal('spm-project'),
    version: z.literal(1),
    id: z.string().regex(/^[a-z0-9-]+$/),
    status: z.enum(['setup', 'loading', 'done']),
    source: z.object({ file: z.string(), sheet: z.string(), table: z.object({ headerRow: z.number().int().min(1), skippedRows: z.array(z.number().int().min(1)), groupRow: z.number().int().min(1).optional() }).strict().optional() }),
    portal: z.object({ kind: z.enum(['webhook', 'sandbox']), display: z.string() }),
    smartProcess: z
      .object({ title: z.string(), entityTypeId: z.number().nullable(), typeId: z.number().nullable(), categoryId: z.number().nullable(), access: z.enum(['open', 'closed']).optional(), createdByProject: z.boolean().optional(), existedBefore: z.object({ fields: z.array(z.string()), stages: z.array(z.string()) }).optional() })
      .passthrough(),
    mapping: z.object({ version: z.literal(1), columns: z.array(z.unknown()), stages: z.array(z.unknown()) }).passthrough(),
    fields: z.array(z.unknown()),
    stages: z.array(z.unknown()),
    journal: z.string(),
    state: z.string(),
  })
  .passthrough();

/**
 * Writes a file atomically: a temporary file in the same folder, flushed,
 * then renamed over the target, so a crash leaves the old or the new file,
 * never half of one. Owner-only permissions.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(temp, text, { mode: 0o600 });
  const handle = await open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Writes the project file atomically (pretty JSON, stable key order as built). */
export async function writeProject(path: string, project: ProjectFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ ...project, updatedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Reads and checks a project file; `FILE_*`/`INVALID_INPUT` errors name the file. */
export async function readProject(path: string): Promise<ProjectFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('NOT_FOUND', `The project file ${path} does not exist.`, { hint: 'Run spmigrate migrate first; it writes the project file.', appHint: 'Create the smart process first (the Create tab); that saves the project.', where: { file: path }, params: { reason: 'projectFileMissing' } });
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', `The project file ${path} is not valid JSON.`, { where: { file: path }, params: { reason: 'projectFileNotJson' } });
  }
  const parsed = projectShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `The project file ${path} is not a Smart Process Migrator project (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`, { where: { file: path }, params: { reason: 'projectFileInvalid', field: issue?.path.join('.') ?? '' } });
  }
  return parsed.data as unknown as ProjectFile;
}

/** The default project path: `<sheet name>.spm.json` next to the input file. */
export function defaultProjectPath(inputFile: string, sheet: string): string {
  const safe = sheet.replace(/[\\/:*?"<>|]+/g, '_').trim() || 'project';
  return join(dirname(inputFile), `${safe}.spm.json`);
}
