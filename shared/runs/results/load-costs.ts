import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../../sheet/plan/types';
import { writePrivateFile } from '../../base/storage/write-private-file';

/** The file in the data folder that remembers each portal's measured write cost (no secrets: portals by display name). */
export const LOAD_COSTS_FILE = 'load-costs.json';

/** Fewer rows than this measure too little to stand for a portal's cost. */
const MIN_ROWS = 20;

/** What is remembered about one portal's writes. */
export interface LearnedLoadCost {
  /** Portal seconds of the time budget per written row. */
  costPerRowSeconds: number;
  /** How many rows the measuring run wrote. */
  rows: number;
  measuredAt: string;
}

interface LoadCostsFile {
  version: 1;
  portals: Record<string, LearnedLoadCost>;
}

async function readCosts(dataDir: string): Promise<LoadCostsFile> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, LOAD_COSTS_FILE), 'utf8')) as Partial<LoadCostsFile>;
    if (parsed && typeof parsed.portals === 'object' && parsed.portals !== null) return { version: 1, portals: parsed.portals };
  } catch {
    // Missing or damaged: nothing learned yet (the file is a cache, never the only copy of anything).
  }
  return { version: 1, portals: {} };
}

/**
 * The per-row write cost learned from earlier runs on `portal` (its display
 * name, which never holds the webhook secret), or undefined.
 */
export async function learnedLoadCost(dataDir: string, portal: string): Promise<LearnedLoadCost | undefined> {
  const entry = (await readCosts(dataDir)).portals[portal];
  return entry && Number.isFinite(entry.costPerRowSeconds) && entry.costPerRowSeconds > 0 ? entry : undefined;
}

/**
 * Remembers the write cost a run measured on `portal`, so the next plan's
 * estimate uses it. Runs that wrote only a handful of rows are ignored.
 */
export async function rememberLoadCost(dataDir: string, portal: string, costPerRowSeconds: number | undefined, rows: number): Promise<void> {
  if (costPerRowSeconds === undefined || !(costPerRowSeconds > 0) || rows < MIN_ROWS) return;
  const costs = await readCosts(dataDir);
  costs.portals[portal] = { costPerRowSeconds, rows, measuredAt: new Date().toISOString() };
  await writePrivateFile(join(dataDir, LOAD_COSTS_FILE), `${JSON.stringify(costs, null, 2)}\n`);
}

/** The loader option that starts it from the cost learned on this portal, when the plan's estimate used one. */
export function learnedCost(plan: Plan): { costPerRowSeconds?: number } {
  const estimate = plan.loadEstimate;
  return estimate?.costSource === 'learned' ? { costPerRowSeconds: estimate.costPerRowSeconds } : {};
}
