import type { AppInfo } from './contract';
import { createEventBus, type EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { createRouter, type Dispatch } from './router';
import { createWorkbookSessions } from '../workbooks/workbook-sessions';

/** The assembled core an adapter serves: one dispatch function and one event bus. */
export interface Core {
  dispatch: Dispatch;
  bus: EventBus;
}

/**
 * Assembles the core with its default services. Electron main, the browser
 * host and tests all start here, so they run the same code.
 */
export function createCore(info: AppInfo): Core {
  const bus = createEventBus();
  const dispatch = createRouter(createHandlers({ info, bus, workbooks: createWorkbookSessions() }));
  return { dispatch, bus };
}
