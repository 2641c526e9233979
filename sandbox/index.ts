/** Public surface of the sandbox portal; everything else in this folder is internal. */
export { startSandbox, DEFAULT_SANDBOX_SCOPES } from './start-sandbox';
export { openEmbeddedSandbox } from './embedded-sandbox';
export { createManualClock } from './manual-clock';
export { ufCamelName } from './uf-camel-name';
export { PLAN_LIMITS } from './limits';
export type * from './types';
