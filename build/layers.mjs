// The layers of the core (shared/), lowest first, and where each of today's
// folders belongs. One map drives the layer check, the ESLint rule and the
// move script, so they can never disagree about the order.

/** Layer folders of shared/, lowest first: a module imports its own layer or a lower one, never a higher one. */
export const LAYERS = ['base', 'sheet', 'portal', 'runs', 'app'];

/** Folders beside the layers that are not part of the core: they may import it, the core never imports them. */
export const OUTSIDE_CORE = ['cli', 'sandbox'];

/**
 * Where each flat folder of shared/ goes: its layer and its folder name inside
 * the layer (the old `runs` folder becomes `runs/results`, since the layer
 * itself is called runs).
 */
export const FOLDER_MOVES = {
  jobs: 'base/jobs',
  storage: 'base/storage',
  security: 'base/security',
  spreadsheet: 'sheet/spreadsheet',
  inference: 'sheet/inference',
  mapping: 'sheet/mapping',
  plan: 'sheet/plan',
  project: 'sheet/project',
  review: 'sheet/review',
  bitrix: 'portal/bitrix',
  portals: 'portal/portals',
  clients: 'portal/clients',
  notes: 'portal/notes',
  migrate: 'runs/migrate',
  sync: 'runs/sync',
  undo: 'runs/undo',
  automation: 'runs/automation',
  loader: 'runs/loader',
  journal: 'runs/journal',
  runs: 'runs/results',
  api: 'app/api',
  workbooks: 'app/workbooks',
};

/**
 * Files that belong to another layer than their folder: errors are data every
 * layer raises; reading a portal snapshot is a portal operation; the row hash
 * is pure; the load estimate needs the loader's numbers; app services hold the
 * app's state and speak the API contract.
 */
export const FILE_MOVES = {
  'api/errors.ts': 'base/errors/errors.ts',
  'api/follow-up.ts': 'base/errors/follow-up.ts',
  'plan/read-snapshot.ts': 'portal/snapshot/read-snapshot.ts',
  'loader/row-hash.ts': 'sheet/plan/row-hash.ts',
  'plan/estimate-load.ts': 'runs/loader/estimate-load.ts',
  'review/review-service.ts': 'app/services/review-service.ts',
  'runs/app-migrations.ts': 'app/services/app-migrations.ts',
  'runs/app-projects.ts': 'app/services/app-projects.ts',
  'runs/app-project-files.ts': 'app/services/app-project-files.ts',
  'runs/write-back-app.ts': 'app/services/write-back-app.ts',
  'undo/app-undo.ts': 'app/services/app-undo.ts',
};

/**
 * Where a path under shared/ (`plan/types.ts`) lives in the layered tree
 * (`sheet/plan/types.ts`). A path already in a layer folder, or outside the
 * core, is returned as it is. A file loose in `runs/` is the old flat folder;
 * inside the layer every file sits in a subfolder.
 */
export function layeredPath(rel) {
  if (rel in FILE_MOVES) return FILE_MOVES[rel];
  const slash = rel.indexOf('/');
  if (slash < 0) return rel;
  const folder = rel.slice(0, slash);
  const rest = rel.slice(slash + 1);
  if (LAYERS.includes(folder) && (rest.includes('/') || rest === 'README.md')) return rel;
  if (folder in FOLDER_MOVES) return `${FOLDER_MOVES[folder]}/${rest}`;
  return rel;
}

/**
 * The rank of a path under shared/ (either tree): 0 for base up to 4 for app,
 * `outside` for the CLI and the sandbox, undefined for a path no layer claims.
 */
export function layerOf(rel) {
  const layered = layeredPath(rel);
  const folder = layered.split('/')[0];
  if (OUTSIDE_CORE.includes(folder)) return { rank: Infinity, outside: folder };
  const rank = LAYERS.indexOf(folder);
  return rank < 0 ? undefined : { rank, outside: undefined };
}

/**
 * The key a repository path has in the layer map: a path under shared/
 * without the prefix, and the top-level sandbox/ as the sandbox (which sits at
 * shared/sandbox before the tree move, at sandbox/ after). Undefined for
 * anything else.
 */
export function layerKey(repoRel) {
  if (repoRel.startsWith('shared/')) return repoRel.slice('shared/'.length);
  if (repoRel.startsWith('sandbox/')) return repoRel;
  return undefined;
}

/**
 * Why `fromRel` may not import `toRel` (both layer keys, see `layerKey`), or
 * undefined when the import keeps the order. The CLI may import the core; the
 * sandbox imports only itself: a fake portal that checks with the code under
 * test cannot catch that code's bugs.
 */
export function layerViolation(fromRel, toRel) {
  const from = layerOf(fromRel);
  const to = layerOf(toRel);
  if (!from || !to) return undefined;
  if (from.outside === 'sandbox' && to.outside !== 'sandbox') {
    return `the sandbox never imports ${to.outside ? `the ${to.outside}` : 'the core'}: it is the strict stand-in for a real portal, so it checks what it receives with code of its own`;
  }
  if (from.outside) return undefined;
  if (to.outside) return `the core never imports shared/${to.outside}; let the host (app or CLI) inject what it needs`;
  if (to.rank > from.rank) {
    return `${LAYERS[from.rank]} may not import ${LAYERS[to.rank]}: a layer imports only itself and the layers below (${LAYERS.join(' < ')})`;
  }
  return undefined;
}
