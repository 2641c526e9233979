import { createBitrixClient, type BitrixClient, type BitrixClientOptions } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits, RateLimiter, type LimiterSettings } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/types';

/** A running sandbox plus a client of it with a limiter of its own. */
export interface TestPortal {
  sandbox: SandboxHandle;
  client: BitrixClient;
  timeScale: number;
  /** A further client of the same portal with other options (own limiter unless given). */
  newClient(options?: Partial<BitrixClientOptions>): BitrixClient;
  /** Creates a smart process with a title, an integer "Amount", a string "Note" and a multiple string "Tags". */
  createType(title?: string): Promise<SmartProcess>;
  close(): Promise<void>;
}

/** What `createType` made. */
export interface SmartProcess {
  id: number;
  entityTypeId: number;
  amount: string;
  note: string;
  tags: string;
}

/** Starts a sandbox (standard plan, time-scale 20 by default) for one test file. */
export async function startTestPortal(options: SandboxOptions & { limits?: Partial<LimiterSettings> } = {}): Promise<TestPortal> {
  const timeScale = options.timeScale ?? 20;
  const sandbox = await startSandbox({ ...options, timeScale });
  const limits = { ...planLimits(options.plan ?? 'standard', timeScale), ...options.limits };
  const newClient = (extra: Partial<BitrixClientOptions> = {}): BitrixClient =>
    createBitrixClient({ webhookUrl: sandbox.webhook, limiter: new RateLimiter(extra.limits ?? limits), ...extra });
  const client = newClient();
  let types = 0;
  return {
    sandbox,
    client,
    timeScale,
    newClient,
    async createType(title) {
      types += 1;
      const { result } = await client.call<{ type: { id: number; entityTypeId: number } }>('crm.type.add', {
        fields: { title: title ?? `Test process ${types}`, isStagesEnabled: 'Y', code: `test-${types}-${Date.now()}` },
      });
      const { id, entityTypeId } = result.type;
      const field = async (suffix: string, userTypeId: string, label: string, multiple = 'N'): Promise<string> => {
        const fieldName = `UF_CRM_${id}_${suffix}`;
        await client.call('userfieldconfig.add', {
          moduleId: 'crm',
          field: { entityId: `CRM_${id}`, fieldName, userTypeId, multiple, editFormLabel: { en: label } },
        });
        return fieldName;
      };
      const amount = await field('AMOUNT', 'integer', 'Amount');
      const note = await field('NOTE', 'string', 'Note');
      const tags = await field('TAGS', 'string', 'Tags', 'Y');
      return { id, entityTypeId, amount, note, tags };
    },
    close: () => sandbox.close(),
  };
}
