/**
 * The project file (`*.spm.json`): everything a later `sync` needs to find
 * the smart process again and map the sheet onto it. Never holds a secret.
 */
import type { StageSemantics } from '../inference/types';
import type { TableChoice } from '../spreadsheet/types';
import type { Mapping, UserTypeId } from '../mapping/types';

/** Where the portal is, without its secret. `sandbox` is the embedded sandbox portal. */
export interface ProjectPortal {
  kind: 'webhook' | 'sandbox';
  /** The webhook URL with the secret replaced by `***` (or `sandbox://embedded`). */
  display: string;
}

/** A custom field as created: the column it holds, its full name and id, enum item ids. */
export interface ProjectField {
  column: string;
  suffix: string;
  fieldName: string;
  id: number;
  userTypeId: UserTypeId;
  multiple: boolean;
  /** Enumeration item text → option id. */
  items?: Record<string, number>;
  /** The field existed before this project (`--into`): never deleted or changed by it. Absent: created by the project. */
  existed?: boolean;
}

/** A stage as created. */
export interface ProjectStage {
  code: string;
  statusId: string;
  name: string;
  semantics: StageSemantics;
  /** The stage existed before this project (`--into`): never deleted or changed by it. Absent: created by the project. */
  existed?: boolean;
}

/**
 * `setup`: written before the first portal write, setup may be incomplete;
 * `loading`: setup done, rows being loaded; `done`: migrated (use sync).
 */
export type ProjectStatus = 'setup' | 'loading' | 'done';

/** The project's smart process: its ids once it exists, and what the project decided about it. */
export interface ProjectSmartProcess {
  title: string;
  entityTypeId: number | null;
  typeId: number | null;
  categoryId: number | null;
  /** Access chosen at creation (absent: open, the portal's default). */
  access?: 'open' | 'closed';
  /**
   * False when the project migrated into a smart process that existed
   * before it (`--into`): the type, and the fields and stages marked
   * `existed`, are never deleted or changed by it. Absent (files written
   * before this existed): true, the project created it.
   */
  createdByProject?: boolean;
  /** With `createdByProject: false`: the field names and stage ids the type had before the first write. */
  existedBefore?: { fields: string[]; stages: string[] };
}

/** A funnel (category) as created: its name, id and stages. */
export interface ProjectFunnel {
  name: string;
  categoryId: number;
  isDefault: boolean;
  stages: ProjectStage[];
}

/** The project file. Paths are relative to the project file's folder. */
export interface ProjectFile {
  format: 'spm-project';
  version: 1;
  /** Also the smart process's `code` and the `xmlId` prefix of its items. */
  id: string;
  status: ProjectStatus;
  createdAt: string;
  updatedAt: string;
  /** The sheet, and the person's header row and skipped rows when they chose them (every sync reads the sheet so). */
  source: { file: string; sheet: string; table?: TableChoice };
  portal: ProjectPortal;
  smartProcess: ProjectSmartProcess;
  mapping: Mapping;
  fields: ProjectField[];
  stages: ProjectStage[];
  /**
   * With a funnel column: each funnel (category) and its stages; the first
   * is the default funnel (`smartProcess.categoryId`, whose stages are also
   * `stages`). Absent: one funnel.
   */
  funnels?: ProjectFunnel[];
  /** The loader's journal (JSON lines). */
  journal: string;
  /** Per-row, per-field state of the last sync (what the sheet and the portal held). */
  state: string;
  lastSyncAt?: string;
}
