import { isAbortError } from '../../base/errors/errors';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { BatchCommand, TimeBlock } from '../../portal/bitrix/types';
import type { Item, LoadState, Route } from './load-state';
import { ROWS_PER_COMMAND } from './load-time';
import { commandOutcomes, importOutcomes, isRefusal } from './row-outcome';
import type { RowOutcome } from './row-outcome';

/**
 * The answer to one create request: an outcome per row, the per-row cost it
 * showed (wall or budget time, whichever is larger), the portal's own budget
 * cost per row when it reported one, and the refusal when the way was refused.
 */
export interface CreateAnswer {
  outcomes: RowOutcome[];
  costPerRow?: number;
  budgetPerRow?: number;
  refusal?: unknown;
}

/**
 * Sends one create request the way `used` says and reads each row's outcome
 * from the answer. A failure of the whole request becomes the same outcome
 * for every row; one that no row can fix (auth, scope, a missing smart
 * process) clears the rows' pending marks and is thrown.
 */
export async function sendCreate(state: LoadState, items: Item[], used: Route): Promise<CreateAnswer> {
  const { client, journal, entityTypeId } = state.input;
  const { signal } = state;
  const extra = state.extra;
  state.requests += 1;
  const cost = items.length * state.costPerRow;
  const outcomes: RowOutcome[] = [];
  let refusal: unknown;
  let seconds = 0;
  let operatingPerRow: number | undefined;
  let charged: number | undefined;
  const timeOf = (time: TimeBlock | undefined, method: string): void => {
    if (!time) return;
    seconds += time.duration ?? time.processing ?? 0;
    if (typeof time.operating !== 'number') return;
    // Answers arrive in the order the portal ran them, so within one window
    // the growth of `operating` since the last answer is what this request
    // cost (more, if others ran in between: the safe side).
    const resetAt = time.operating_reset_at ?? 0;
    const last = state.lastOperating.get(method);
    if (last && last.resetAt === resetAt && time.operating > last.operating) charged = (charged ?? 0) + time.operating - last.operating;
    if (!last || resetAt !== last.resetAt || time.operating > last.operating) state.lastOperating.set(method, { operating: time.operating, resetAt });
  };
  try {
    if (used === 'add') {
      const item = items[0];
      const answer = await client.call<{ item?: { id?: unknown } }>('crm.item.add', { entityTypeId, fields: item?.fields, ...extra }, { write: true, cost, waitSignal: signal });
      timeOf(answer.time, 'crm.item.add');
      const id = Number(answer.result?.item?.id);
      outcomes.push(Number.isFinite(id) && id > 0 ? { kind: 'ok', itemId: id } : { kind: 'unknown' });
    } else if (used === 'batch-import') {
      const answer = await client.call('crm.item.batchImport', { entityTypeId, data: items.map((item) => item.fields), ...extra }, { write: true, cost, waitSignal: signal });
      timeOf(answer.time, 'crm.item.batchImport');
      outcomes.push(...importOutcomes(answer.result, items.length));
    } else {
      const per = ROWS_PER_COMMAND[used];
      const commands: BatchCommand[] = [];
      for (let start = 0; start < items.length; start += per) {
        const chunk = items.slice(start, start + per);
        commands.push(
          used === 'add-in-batch'
            ? { key: `r${start}`, method: 'crm.item.add', params: { entityTypeId, fields: chunk[0]?.fields, ...extra } }
            : { key: `r${start}`, method: 'crm.item.batchImport', params: { entityTypeId, data: chunk.map((item) => item.fields), ...extra } },
        );
      }
      const answers = await client.batch(commands, { write: true, cost, waitSignal: signal });
      // Commands of one batch run one after another, so the growth of
      // `operating` between the first and the last is what the rows after
      // the first command cost the budget (the portal's own unit).
      let firstOperating: number | undefined;
      let lastOperating: number | undefined;
      let rowsAfterFirst = 0;
      answers.forEach((answer, index) => {
        const size = Math.min(per, items.length - index * per);
        if (answer.status === 'ok') {
          timeOf(answer.time, commands[index]?.method ?? '');
          const operating = answer.time?.operating;
          if (typeof operating === 'number') {
            if (firstOperating === undefined) firstOperating = operating;
            else rowsAfterFirst += size;
            lastOperating = operating;
          }
        }
        outcomes.push(...commandOutcomes(answer, size, used));
        if (answer.status === 'error' && isRefusal(answer.error, used)) refusal = answer.error;
      });
      if (firstOperating !== undefined && lastOperating !== undefined && rowsAfterFirst > 0 && lastOperating > firstOperating) {
        operatingPerRow = (lastOperating - firstOperating) / rowsAfterFirst;
      }
    }
  } catch (error) {
    // Cancelled while waiting for the limiter: nothing was sent.
    if (signal.aborted && isAbortError(error)) return { outcomes: items.map(() => ({ kind: 'retry' })) };
    if (!(error instanceof BitrixError)) throw error;
    let kind: RowOutcome;
    if (error.ambiguous) kind = { kind: 'unknown' };
    else if (isRefusal(error, used)) {
      kind = { kind: 'refused' };
      refusal = error;
    } else if (error.retriable) kind = { kind: 'retry' };
    else if (error.code === 'PORTAL_VALIDATION') kind = { kind: 'failed', error };
    else {
      // Refused as a whole for a reason no row can fix: nothing was written.
      await journal.settle([], items.map((item) => item.row.key));
      throw error;
    }
    return { outcomes: items.map(() => kind), ...(refusal === undefined ? {} : { refusal }) };
  }
  const out: CreateAnswer = { outcomes };
  const measured = Math.max(seconds / items.length, operatingPerRow ?? 0, (charged ?? 0) / items.length);
  if (measured > 0) out.costPerRow = measured;
  if (operatingPerRow !== undefined || charged !== undefined) out.budgetPerRow = Math.max(operatingPerRow ?? 0, (charged ?? 0) / items.length);
  if (refusal !== undefined) out.refusal = refusal;
  return out;
}
