/**
 * A next step an error offers, as data, so the app can show the button that
 * does it (the CLI's hint already names the command; the app's hint says
 * what the button does).
 */
export type FollowUp =
  /** Bring the sheet's changes into the project's smart process; `file`: the version to read (else the open one). */
  | { kind: 'sync'; project: string; file?: string }
  /** Finish the project's interrupted migration. */
  | { kind: 'finish-migration'; project: string }
  /** Undo the project's migration (to migrate the sheet afresh, or to free its name). */
  | { kind: 'undo'; project: string }
  /** Change the mapping of the open file (the Fields tab). */
  | { kind: 'edit-mapping' };
