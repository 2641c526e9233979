/**
 * The `createdClients` part of a project file: the companies and contacts
 * this project created in the portal (never the ones it found there), so an
 * undo can offer to remove exactly those. Written by migrate's setup and by
 * every sync that creates clients.
 */
import type { ProjectFile } from '../../sheet/project/types';

/** One company or contact the project created: its id, the sheet value it was created for, and when. */
export interface CreatedClient {
  id: number;
  name: string;
  /** ISO time of the run that created it (this computer's clock). */
  at: string;
}

/** The companies and contacts a project created. */
export interface CreatedClients {
  companies: CreatedClient[];
  contacts: CreatedClient[];
  /**
   * When recording began. A project migrated before the tool kept this
   * record starts it at its first sync that creates a client; clients it
   * created before then are not in the record.
   */
  since: string;
  /** True when the record began with the migration itself, so nothing the project created is missing from it. */
  fromStart: boolean;
}

/**
 * The record a new migration of a sheet starts with: empty, or the record of
 * an earlier migration of it that was undone, so the clients that undo left
 * in the portal can still be removed (those it deleted read as already gone).
 */
export function carriedCreatedClients(earlier: CreatedClients | undefined, at: string): CreatedClients {
  if (earlier === undefined) return emptyCreatedClients(at);
  return { companies: [...earlier.companies], contacts: [...earlier.contacts], since: earlier.since, fromStart: earlier.fromStart };
}

/** A project file that may carry the `createdClients` key (absent in files written before it existed). */
export type ProjectWithClients = ProjectFile & { createdClients?: CreatedClients };

/** What one run created, collected as the portal answers (so a run that fails midway still records what it made). */
export interface CreatedSink {
  companies: Array<{ id: number; name: string }>;
  contacts: Array<{ id: number; name: string }>;
}

/** An empty sink for one run. */
export function createdSink(): CreatedSink {
  return { companies: [], contacts: [] };
}

/** The record a new migration starts with: empty, complete from the start. */
export function emptyCreatedClients(at: string): CreatedClients {
  return { companies: [], contacts: [], since: at, fromStart: true };
}

/**
 * Adds what a run created to the project's record (each id once); a project
 * without a record starts one that says it began now. Returns whether the
 * record changed, so the caller knows to write the project file.
 */
export function recordCreatedClients(project: ProjectWithClients, sink: CreatedSink, at: string = new Date().toISOString()): boolean {
  if (sink.companies.length === 0 && sink.contacts.length === 0) return false;
  const record = project.createdClients ?? { companies: [], contacts: [], since: at, fromStart: false };
  let changed = project.createdClients === undefined;
  for (const kind of ['companies', 'contacts'] as const) {
    const known = new Set(record[kind].map((entry) => entry.id));
    for (const { id, name } of sink[kind]) {
      if (known.has(id)) continue;
      known.add(id);
      record[kind].push({ id, name, at });
      changed = true;
    }
  }
  project.createdClients = record;
  return changed;
}
