import type { BitrixClient } from './bitrix-client';
import { BitrixError } from './bitrix-error';
import { travelsInBatch } from './encode-query';
import type { BatchCommand, BatchOutcome, CallOptions } from './types';

/**
 * Sends up to 50 write commands and returns one outcome per command, in
 * order, as `client.batch` does. Commands whose parameters would change on
 * the way through `batch` (a cleared list, `$result[...]`-like text) go as
 * plain calls, so a cleared field really is cleared. `cost` is the
 * estimated portal seconds per command.
 */
export async function sendWrites(client: BitrixClient, commands: readonly BatchCommand[], options: Pick<CallOptions, 'signal' | 'waitSignal'> & { cost: number }): Promise<BatchOutcome[]> {
  const keyed = commands.map((command, index) => ({ ...command, key: command.key ?? `c${index}` }));
  const batched = keyed.filter((command) => travelsInBatch(command.method, command.params));
  const signals: Pick<CallOptions, 'signal' | 'waitSignal'> = {};
  if (options.signal) signals.signal = options.signal;
  if (options.waitSignal) signals.waitSignal = options.waitSignal;
  const outcomes = new Map<string, BatchOutcome>();
  if (batched.length > 0) {
    const answers = await client.batch(batched, { write: true, cost: batched.length * options.cost, ...signals });
    answers.forEach((answer) => outcomes.set(answer.key, answer));
  }
  for (const command of keyed) {
    if (outcomes.has(command.key)) continue;
    try {
      const { result } = await client.call(command.method, command.params ?? {}, { write: true, cost: options.cost, ...signals });
      outcomes.set(command.key, { key: command.key, status: 'ok', result });
    } catch (error) {
      if (options.signal?.aborted || options.waitSignal?.aborted || !(error instanceof BitrixError)) throw error;
      outcomes.set(command.key, error.ambiguous || error.retriable ? { key: command.key, status: 'unknown' } : { key: command.key, status: 'error', error });
    }
  }
  return keyed.map((command) => outcomes.get(command.key) ?? { key: command.key, status: 'unknown' });
}
