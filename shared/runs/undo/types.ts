/**
 * Undo of a migration: what it would delete and keep (the plan), how far it
 * is (progress), and what it did (the result). The shapes of `undo --json`
 * and of the app's undo channels.
 */
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { ProjectFile } from '../../sheet/project/types';

/** One item of the project as the undo shows it. */
export interface UndoItem {
  /** The source row's key (the part of `xmlId` after `<projectId>:`). */
  key: string;
  itemId: number;
  title?: string;
  /** Sheet columns (or portal fields without one) whose portal value differs from what the tool last wrote. */
  editedColumns: string[];
}

/** A custom field of the smart process and what the undo does with it. */
export interface UndoField {
  column: string;
  fieldName: string;
  id: number;
  /** Why it stays, when it stays. */
  reason?: 'not-created-by-project' | 'has-values' | 'gone';
}

/** A stage of the funnel and what the undo does with it. */
export interface UndoStage {
  name: string;
  statusId: string;
  id: number;
  /** Why it stays, when it stays (`system`: the portal keeps it until the type goes; `last-of-group`: a funnel keeps one stage per group). */
  reason?: 'not-created-by-project' | 'has-items' | 'system' | 'last-of-group' | 'gone';
}

/** What an undo would do, read from the project and the portal; changes nothing. */
export interface UndoPlan {
  projectId: string;
  title: string;
  entityTypeId: number | null;
  typeId: number | null;
  /** True only when the portal shows the type carries this project's code and the project does not say it went into an existing one. */
  typeCreatedByProject: boolean;
  /** A finished complete undo: there is nothing left to do. */
  alreadyUndone: boolean;
  force: boolean;
  items: {
    /** Items of this project that will be deleted (edited ones too with `force`). */
    toDelete: UndoItem[];
    /** Items edited in the portal since the tool last wrote them, kept (without `force`). */
    keptEdited: UndoItem[];
    /** Journal rows whose item is no longer in the portal. */
    alreadyGone: number;
    /** Items of the smart process that this project did not create (always kept). */
    notOurs: number;
  };
  fields: { toDelete: UndoField[]; kept: UndoField[] };
  stages: { toDelete: UndoStage[]; kept: UndoStage[] };
  type: { action: 'delete' | 'keep' | 'gone'; reason?: 'not-created-by-project' | 'has-items' };
  /**
   * What an undo never deletes, so the person knows it stays in the portal:
   * companies and contacts linked from these sheet columns (other deals may
   * use them), and the workflow templates the migration installed.
   */
  stays?: { clientColumns: string[]; workflows: string[] };
  warnings: string[];
}

/** What to undo and how. */
export interface UndoInput {
  projectPath: string;
  client: BitrixClient;
  portal: ProjectFile['portal'];
  dryRun?: boolean;
  /** Delete items edited in the portal since too. */
  force?: boolean;
  /**
   * The number of items the person confirmed deleting (the app's
   * confirmation names it). If the portal changed since and more would go,
   * nothing is deleted.
   */
  confirmItems?: number;
}

/** Where an undo is. */
export type UndoProgress =
  | { phase: 'reading' }
  | { phase: 'items'; done: number; total: number }
  | { phase: 'structure'; step: 'fields' | 'stages' | 'type'; message: string }
  | { phase: 'done' };

/** One thing the portal refused to delete. */
export interface UndoFailure {
  what: 'item' | 'field' | 'stage' | 'type';
  /** The item id, field name, stage id or type id. */
  target: string;
  code: string;
  /** The English line the CLI prints; the app words the facts below in its own language. */
  message: string;
  /** For an item: the sheet row key it came from. */
  row?: string;
  /** The portal's own words, when it refused. */
  detail?: string;
  /** The REST method the portal refused, when known. */
  method?: string;
}

/** What an undo did (for a dry run: what it would do, nothing changed). */
export interface UndoResult {
  dryRun: boolean;
  /** Everything this project created is gone and the project is marked undone. */
  complete: boolean;
  items: { deleted: number; alreadyGone: number; kept: number; failed: number };
  fields: { deleted: number; kept: number };
  stages: { deleted: number; kept: number };
  type: 'deleted' | 'kept' | 'gone';
  /** Edited items left in the portal. */
  kept: UndoItem[];
  failures: UndoFailure[];
  plan: UndoPlan;
  durationMs: number;
}

/** The `undo` record of a project file: when an undo started, and how the last one ended. */
export interface ProjectUndo {
  startedAt: string;
  finishedAt?: string;
  /** Set by a finished undo that left nothing of the project in the portal. */
  complete?: boolean;
  itemsDeleted?: number;
  itemsKept?: number;
}

/** A project file that may carry the `undo` key (and the "into an existing type" flag, when a migration recorded it). */
export type ProjectWithUndo = ProjectFile & { undo?: ProjectUndo };
