import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, removeDeadLock } from '../../../shared/runs/journal/open-journal';

const dirs: string[] = [];
async function tempPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spm-journal-'));
  dirs.push(dir);
  return join(dir, 'load.journal.jsonl');
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('openJournal', () => {
  it('replays acknowledged rows and pending keys after reopening', async () => {
    const path = await tempPath();
    const journal = await openJournal(path);
    await journal.markPending(['a', 'b', 'c']);
    await journal.settle([{ key: 'a', itemId: 10, hash: 'h1' }], ['b']);
    await journal.close();

    const again = await openJournal(path);
    expect(again.get('a')).toEqual({ key: 'a', itemId: 10, hash: 'h1' });
    expect(again.get('b')).toBeUndefined();
    expect(again.pending()).toEqual([{ key: 'c', afterId: 0 }]);
    expect(again.maxItemId).toBe(10);
    await again.markPending(['d']);
    expect(again.pending().find((p) => p.key === 'd')?.afterId).toBe(10);
    await again.close();
  });

  it('cuts a torn last line (a crash mid-write) and keeps appending cleanly', async () => {
    const path = await tempPath();
    const journal = await openJournal(path);
    await journal.settle([{ key: 'a', itemId: 1 }]);
    await journal.close();
    await appendFile(path, '{"op":"done","items":[["b",2');

    const again = await openJournal(path);
    expect(again.size).toBe(1);
    await again.settle([{ key: 'c', itemId: 3 }]);
    await again.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const third = await openJournal(path);
    expect([...third.entries()].map((e) => e.key).sort()).toEqual(['a', 'c']);
    await third.close();
  });

  it('refuses a journal damaged in the middle rather than guessing', async () => {
    const path = await tempPath();
    await appendFile(path, '{"op":"done","items":[["a",1]],"cleared":[]}\nnot json\n{"op":"done","items":[],"cleared":[]}\n');
    await expect(openJournal(path)).rejects.toThrow(/line 2/);
  });

  it('is locked against a second live writer, and a dead writer\'s lock is taken over', async () => {
    const path = await tempPath();
    const first = await openJournal(path);
    await expect(openJournal(path)).rejects.toThrow(/in use/);
    await first.close();
    // A lock left by a process that no longer exists (as after SIGKILL).
    await appendFile(`${path}.lock`, '999999999');
    const second = await openJournal(path);
    await second.close();
  });

  it('a writer that saw a dead lock never removes the live lock another writer has put in its place', async () => {
    const path = await tempPath();
    await appendFile(`${path}.lock`, '999999999');
    const first = await openJournal(path);
    // A second process read "999999999" just before the first took the lock over, and now removes what it thinks is dead.
    await expect(removeDeadLock(`${path}.lock`, '999999999')).rejects.toThrow(/in use by process/);
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    await expect(openJournal(path)).rejects.toThrow(/in use/);
    await first.close();
  });

  it('keeps concurrent appends whole and in order', async () => {
    const path = await tempPath();
    const journal = await openJournal(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.settle([{ key: `k${i}`, itemId: i + 1 }])));
    await journal.close();
    const again = await openJournal(path);
    expect(again.size).toBe(50);
    await again.close();
  });
});
