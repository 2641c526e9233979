import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { toWireError } from '../../base/errors/errors';
import type { BitrixClient } from '../bitrix/bitrix-client';
import { BitrixError } from '../bitrix/bitrix-error';
import { unknownOutcome } from '../bitrix/write-checked';
import type { RowFailure } from '../../sheet/plan/types';

/** One row's note and the item it belongs to. */
export interface NoteRow {
  key: string;
  itemId: number;
  text: string;
  sourceRow?: number;
}

/** What posting notes did: comments added now, notes already on the timeline, and rows whose comment the portal refused. */
export interface NotesSummary {
  posted: number;
  unchanged: number;
  failures: RowFailure[];
}

/**
 * One line of the notes journal (JSON lines). `pending`: about to be posted,
 * outcome unknown until `posted` (with the comment id) or `cleared` (refused).
 */
type NotesRecord =
  | { op: 'pending'; key: string; itemId: number; hash: string; at: string }
  | { op: 'posted'; key: string; itemId: number; hash: string; commentId: number; at: string }
  | { op: 'cleared'; key: string; hash: string; at: string };

/** Comments a request carries at most (one `batch`). */
const PER_BATCH = 50;
/** Requests a note is sent in at most within one run when answers are lost (each followed by a look at the timeline). */
const ROUNDS = 3;

/** The notes journal of a project: next to its item journal. */
export function notesJournalPath(itemJournalPath: string): string {
  return join(dirname(itemJournalPath), 'notes.jsonl');
}

/** A short hash of a note's text; the same text hashes the same across runs. */
export function noteHash(text: string): string {
  return createHash('sha256').update(normalizeNote(text)).digest('base64url').slice(0, 16);
}

function normalizeNote(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

async function readRecords(path: string): Promise<NotesRecord[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
  const lines = text.split('\n');
  const out: NotesRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line) as NotesRecord);
    } catch (error) {
      // A torn last line (a crash mid-write) holds nothing acknowledged; anything else is damage.
      if (index < lines.length - 1 && lines.slice(index + 1).some((rest) => rest.trim() !== '')) throw error;
    }
  });
  return out;
}

/**
 * Posts each row's note to its item's timeline as a comment
 * (`crm.timeline.comment.add`, `ENTITY_TYPE: DYNAMIC_<entityTypeId>`,
 * smart processes have no comments field of their own), exactly once: the notes journal records which note text
 * (by hash) became which comment on which item, durably before and after
 * every request. A note already posted is skipped; a changed note adds a new
 * comment (the timeline is a history: old comments are never rewritten); a
 * note whose request got no answer, in an earlier run or this one, is looked
 * up on the item's timeline before it is posted again (within this run up
 * to three requests). Paced by the client's limiter, 50 a batch.
 */
export async function postNotes(input: { client: BitrixClient; entityTypeId: number; rows: readonly NoteRow[]; journalPath: string; signal: AbortSignal }): Promise<NotesSummary> {
  const { client, entityTypeId, journalPath, signal } = input;
  const entityType = `DYNAMIC_${entityTypeId}`;
  const records = await readRecords(journalPath);
  const posted = new Map<string, { hash: string; itemId: number }>();
  const pending = new Map<string, { hash: string; itemId: number }>();
  for (const record of records) {
    if (record.op === 'pending') pending.set(record.key, { hash: record.hash, itemId: record.itemId });
    else {
      pending.delete(record.key);
      if (record.op === 'posted') posted.set(record.key, { hash: record.hash, itemId: record.itemId });
    }
  }
  await mkdir(dirname(journalPath), { recursive: true, mode: 0o700 });
  const file = await open(journalPath, 'a', 0o600);
  const append = async (lines: NotesRecord[]): Promise<void> => {
    if (lines.length === 0) return;
    await file.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    await file.datasync();
  };
  const summary: NotesSummary = { posted: 0, unchanged: 0, failures: [] };
  try {
    const todo: Array<NoteRow & { hash: string }> = [];
    for (const row of input.rows) {
      const text = normalizeNote(row.text);
      if (text === '') continue;
      const hash = noteHash(text);
      const last = posted.get(row.key);
      if (last !== undefined && last.hash === hash && last.itemId === row.itemId) summary.unchanged += 1;
      else todo.push({ ...row, text, hash });
    }

    // Notes on the timeline already, newest first (one page of 50): a note whose request got no answer, in an earlier run or this one, is looked up before it is posted again.
    const lookUp = async (rows: ReadonlyArray<NoteRow & { hash: string }>): Promise<Set<string>> => {
      const found = new Set<string>();
      for (let start = 0; start < rows.length; start += PER_BATCH) {
        const chunk = rows.slice(start, start + PER_BATCH);
        const outcomes = await client.batch(
          chunk.map((row, i) => ({ key: `l${i}`, method: 'crm.timeline.comment.list', params: { filter: { ENTITY_ID: row.itemId, ENTITY_TYPE: entityType }, select: ['ID', 'COMMENT'], order: { ID: 'DESC' } } })),
          { write: false, signal },
        );
        const settled: NotesRecord[] = [];
        outcomes.forEach((outcome, i) => {
          const row = chunk[i]!;
          if (outcome.status !== 'ok' || !Array.isArray(outcome.result)) return;
          const comment = (outcome.result as Array<Record<string, unknown>>).find((entry) => normalizeNote(String(entry['COMMENT'] ?? '')) === row.text);
          if (comment) {
            found.add(row.key);
            settled.push({ op: 'posted', key: row.key, itemId: row.itemId, hash: row.hash, commentId: Number(comment['ID']), at: new Date().toISOString() });
          }
        });
        await append(settled);
      }
      return found;
    };

    const unsure = todo.filter((row) => pending.get(row.key)?.hash === row.hash && pending.get(row.key)?.itemId === row.itemId);
    const foundBefore = await lookUp(unsure);
    summary.unchanged += foundBefore.size;

    let send = todo.filter((row) => !foundBefore.has(row.key));
    for (let round = 1; send.length > 0 && !signal.aborted; round += 1) {
      const lost: Array<{ row: NoteRow & { hash: string }; error: BitrixError }> = [];
      for (let start = 0; start < send.length && !signal.aborted; start += PER_BATCH) {
        const chunk = send.slice(start, start + PER_BATCH);
        const at = new Date().toISOString();
        await append(chunk.map((row) => ({ op: 'pending', key: row.key, itemId: row.itemId, hash: row.hash, at })));
        let outcomes;
        try {
          outcomes = await client.batch(
            chunk.map((row, i) => ({ key: `n${i}`, method: 'crm.timeline.comment.add', params: { fields: { ENTITY_ID: row.itemId, ENTITY_TYPE: entityType, COMMENT: row.text } } })),
            { write: true, signal, cost: chunk.length * 0.05 },
          );
        } catch (error) {
          if (error instanceof BitrixError && error.ambiguous && !signal.aborted) {
            for (const row of chunk) lost.push({ row, error });
            continue;
          }
          // Refused before it ran (the portal stayed busy): the pending lines stay, and the next run looks before it posts again.
          if (error instanceof BitrixError && error.retriable) {
            for (const row of chunk) summary.failures.push(noteFailure(row, error));
            continue;
          }
          throw error;
        }
        const settled: NotesRecord[] = [];
        outcomes.forEach((outcome, i) => {
          const row = chunk[i]!;
          if (outcome.status === 'ok') {
            settled.push({ op: 'posted', key: row.key, itemId: row.itemId, hash: row.hash, commentId: Number(outcome.result), at: new Date().toISOString() });
            summary.posted += 1;
          } else if (outcome.status === 'error') {
            settled.push({ op: 'cleared', key: row.key, hash: row.hash, at: new Date().toISOString() });
            summary.failures.push(noteFailure(row, outcome.error));
          } else {
            lost.push({ row, error: new BitrixError('PORTAL_NETWORK', 'The portal did not confirm this comment.', { bitrixCode: 'NO_ANSWER', httpStatus: 0, ambiguous: true, where: { method: 'crm.timeline.comment.add' } }) });
          }
        });
        await append(settled);
      }
      if (lost.length === 0) break;
      // The answers were lost: a comment on the timeline was posted (counted as posted now); the others are sent again.
      let found: Set<string>;
      try {
        found = await lookUp(lost.map((entry) => entry.row));
      } catch (readError) {
        for (const { row, error } of lost) summary.failures.push(noteFailure(row, unknownOutcome('crm.timeline.comment.add', 'add this comment', error, `reading the timeline back failed (${readError instanceof Error ? readError.message : String(readError)}); the next run checks the timeline before posting it again`)));
        break;
      }
      summary.posted += found.size;
      const missing = lost.filter((entry) => !found.has(entry.row.key));
      if (round >= ROUNDS) {
        for (const { row, error } of missing) summary.failures.push(noteFailure(row, new BitrixError('PORTAL_NETWORK', `${ROUNDS} requests to add this comment got no usable answer (${error.bitrixCode}); read back after each, the timeline does not have it.`, { bitrixCode: error.bitrixCode, httpStatus: error.httpStatus, where: { method: 'crm.timeline.comment.add' }, hint: 'Check the network connection and run again; the next run posts it once.' })));
        break;
      }
      send = missing.map((entry) => entry.row);
    }
  } finally {
    await file.close();
  }
  return summary;
}

function noteFailure(row: NoteRow, error: BitrixError): RowFailure {
  const wire = toWireError(error);
  const place = row.sourceRow === undefined ? '' : `Row ${row.sourceRow}: `;
  const failure: RowFailure = { row: row.sourceRow ?? 0, code: wire.code, message: `${place}the note was not added to the timeline: ${wire.message}`, detail: wire.message };
  if (wire.params !== undefined) failure.params = wire.params;
  return failure;
}
