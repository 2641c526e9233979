import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepSourceCopy } from '../../../shared/base/storage/keep-source-copy';
import { pruneSourceCopies, UNUSED_COPY_DAYS } from '../../../shared/base/storage/prune-source-copies';
import { tempDir } from '../../support/temp-dir';

const DAY = 24 * 3600 * 1000;

async function age(path: string, days: number): Promise<void> {
  const when = new Date(Date.now() - days * DAY);
  await utimes(path, when, when);
}

describe('pruneSourceCopies', () => {
  it('deletes old copies no project reads, and keeps recent ones and every copy a project reads', async () => {
    const dataDir = tempDir();
    const projects = join(dataDir, 'projects');
    await mkdir(projects, { recursive: true });
    const old = await keepSourceCopy(dataDir, 'old.csv', new TextEncoder().encode('a;b\n1;2\n'));
    const recent = await keepSourceCopy(dataDir, 'recent.csv', new TextEncoder().encode('a;b\n3;4\n'));
    const migrated = await keepSourceCopy(dataDir, 'migrated.csv', new TextEncoder().encode('a;b\n5;6\n'));
    await age(old, UNUSED_COPY_DAYS + 1);
    await age(recent, UNUSED_COPY_DAYS - 1);
    await age(migrated, 400);
    // A project reads its source relative to its own folder.
    await writeFile(join(projects, 'p.spm.json'), JSON.stringify({ format: 'spm-project', version: 1, id: 'p', status: 'done', source: { file: `../files/${migrated.split('/files/')[1]}`, sheet: 'migrated' } }));

    const removed = await pruneSourceCopies(dataDir, projects);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toContain(old.split('/').at(-2));
    expect(await readdir(join(dataDir, 'files'))).toHaveLength(2);
  });
});
