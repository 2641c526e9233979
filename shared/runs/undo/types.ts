/**
 * Undo of a migration: what it would delete and keep (the plan), how far it
 * is (progress), and what it did (the result). The shapes of `undo --json`
 * and of the app's undo channels.
 */
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { ProjectFile } from '../../sheet/project/types';
import type { RestCaller } from '../automation/install-templates';

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

/** A company or contact this migration created, and why it stays when it stays. */
export interface UndoClient {
  kind: 'company' | 'contact';
  id: number;
  /** Its name in the portal now (or the sheet value it was created for). */
  name: string;
  /**
   * `edited`: changed in the portal since it was created (kept unless the
   * edited ones are chosen too; on a removable client: removed although
   * edited); `linked`: a deal or someone else's contact links it;
   * `used-by-item`: an item of the smart process that stays links it;
   * `unchecked`: the portal refused to show deals or contacts, so what
   * uses it is unknown.
   */
  reason?: 'edited' | 'linked' | 'used-by-item' | 'unchecked';
  /** What links it (a deal, someone else's contact, an item that stays), at most five. */
  links?: Array<{ kind: 'deal' | 'contact' | 'item'; id: number }>;
}

/** The companies and contacts this migration created: which an undo removes (when chosen) and which it keeps. */
export interface UndoClientsPlan {
  /** The project file records which clients the migration created (files from before that record: false, and nothing is removed). */
  recorded: boolean;
  /** The record began later than the migration (at a sync): clients created before then are not in it and stay. */
  recordedSince?: string;
  /** The person chose to remove them. */
  remove: boolean;
  /** The person chose to remove those edited in the portal too. */
  force: boolean;
  /** Created by this migration and used by nothing else: removed when `remove`. */
  removable: UndoClient[];
  /** Created by this migration but kept, each with its reason. */
  kept: UndoClient[];
  /** Recorded but no longer in the portal. */
  alreadyGone: number;
}

/** A workflow template the migration installed, and why it stays when it stays. */
export interface UndoWorkflow {
  name: string;
  templateId?: number;
  /** `type-kept`: the smart process stays, and the template still serves its items; `needs-application`: only the application that installed it may delete it, and none is at hand. */
  reason?: 'type-kept' | 'needs-application';
}

/** The workflow templates the migration installed on the smart process. */
export interface UndoWorkflowsPlan {
  /** The person chose to remove them. */
  remove: boolean;
  /** Would be left without their smart process, and can be removed now. */
  removable: UndoWorkflow[];
  kept: UndoWorkflow[];
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
  /** Companies and contacts this migration created. */
  clients: UndoClientsPlan;
  /** Workflow templates this migration installed. */
  workflows: UndoWorkflowsPlan;
  /**
   * What stays in the portal after this undo, as chosen, so the person
   * knows: the companies and contacts of these sheet columns (`foundOnly`:
   * only those found in the portal, because the created ones are removed),
   * the created ones kept (`createdKept`), and the workflow templates that
   * stay.
   */
  stays?: { clientColumns: string[]; foundOnly: boolean; createdKept: number; workflows: string[] };
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
  /** Remove the companies and contacts this migration created that nothing else uses. */
  removeClients?: boolean;
  /** With `removeClients`: those edited in the portal since they were created too. */
  forceClients?: boolean;
  /** The number of companies and contacts the person confirmed removing; if more would go now, nothing is deleted. */
  confirmClients?: number;
  /** Remove the workflow templates the migration installed when the smart process goes. */
  removeWorkflows?: boolean;
  /** An application-context session: only the application that installed a workflow template may delete it. */
  app?: RestCaller;
}

/** Where an undo is. */
export type UndoProgress =
  | { phase: 'reading' }
  | { phase: 'items'; done: number; total: number }
  | { phase: 'clients'; done: number; total: number }
  | { phase: 'structure'; step: 'fields' | 'stages' | 'type' | 'workflows'; message: string }
  | { phase: 'done' };

/** One thing the portal refused to delete. */
export interface UndoFailure {
  what: 'item' | 'field' | 'stage' | 'type' | 'company' | 'contact' | 'workflow';
  /** The item id, field name, stage id, type id, company or contact id, or template id. */
  target: string;
  code: string;
  /** The English line the CLI prints; the app words the facts below in its own language. */
  message: string;
  /** For an item: the sheet row key it came from. */
  row?: string;
  /** For a company, contact or workflow template: its name. */
  name?: string;
  /** The portal's own words, when it refused. */
  detail?: string;
  /** The portal's error code and text as separate facts (`portalCode`, `portalText`), so the app quotes them as the portal's words in its own language. */
  params?: Record<string, string>;
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
  /** Companies and contacts this migration created: removed, kept (see `plan.clients.kept`; not chosen: all of them), already gone, failed. */
  clients: { deleted: number; kept: number; alreadyGone: number; failed: number };
  /** Workflow templates the migration installed: removed, kept, failed. */
  workflows: { deleted: number; kept: number; failed: number };
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
  /** What the last finished undo could not delete (the portal refused, or did not confirm). */
  failed?: number;
  /** The smart process stayed after the last finished undo (it holds items of others, or existed before the migration). */
  typeKept?: boolean;
  /** Companies and contacts the migration created still in the portal after the last undo run: not chosen, kept with a reason, or failed. */
  clientsLeft?: number;
}

/**
 * A project after an undo, as the app's project card tells it: when, whether
 * complete, how much could not be deleted, and what the migration created
 * that stays in the portal.
 */
export interface ProjectUndone {
  /** When the last undo finished (or, when it never finished, started). */
  at: string;
  /** False when the undo stopped before its end (a closed app, a lost connection): running it again finishes it. */
  finished: boolean;
  /** Nothing of the migration's smart process is left; a new migration of the sheet starts afresh. */
  complete: boolean;
  /** Items kept (edited in the portal) and things the portal refused to delete, at the last finished undo. */
  notDeleted: number;
  /** Companies and contacts the migration created that are still in the portal. */
  clientsLeft: number;
  /** The smart process itself stays in the portal. */
  typeKept: boolean;
  /** Workflow templates the migration installed that stay in the portal. */
  workflowsLeft: string[];
}

/** A project file that may carry the `undo` key (and the "into an existing type" flag, when a migration recorded it). */
export type ProjectWithUndo = ProjectFile & { undo?: ProjectUndo };
