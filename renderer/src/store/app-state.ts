import type { AppSlice } from './app-slice';
import type { PortalSlice } from './portal-slice';
import type { ReviewSlice } from './review-slice';
import type { MigrationSlice } from './migration-slice';
import type { ProjectsSlice } from './projects-slice';
import type { WorkbookSlice } from './workbook-slice';

/** The whole store: the union of its slices. */
export type AppState = AppSlice & WorkbookSlice & PortalSlice & ReviewSlice & MigrationSlice & ProjectsSlice;
