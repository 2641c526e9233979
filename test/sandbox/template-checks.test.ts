import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAutomationPlan } from '../../shared/runs/automation/build-automation-plan';
import { generateStarterTemplates } from '../../shared/runs/automation/generate-starter-templates';
import { templateAddParams } from '../../shared/runs/automation/install-templates';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { complaintsInput } from '../runs/automation/inputs';
import { call, ok } from './sandbox-client';

// The portal's own refusals, worded as its REST server sends them: a .bpt that
// does not unpack is an argument error; an activity's failed check is a thrown
// exception (ERROR_CORE) whose text is each message followed by ". "; a wrong
// child found when the template is saved is prefixed with the parent's title.

const APP = 'apptoken-templates';
const DOCUMENT_TYPE = ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', 'DYNAMIC_1030'];

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited', appAccessToken: APP });
});

afterAll(async () => {
  await sandbox?.close();
});

/** A hand-written PHP serialize(), independent of the app's encoder: strings counted in UTF-8 bytes. */
type Php = null | boolean | number | string | Php[] | { [key: string]: Php };
function php(value: Php): string {
  if (value === null) return 'N;';
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`;
  if (typeof value === 'number') return Number.isInteger(value) ? `i:${value};` : `d:${value};`;
  if (typeof value === 'string') return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return `a:${entries.length}:{${entries.map(([k, v]) => `${typeof k === 'number' ? `i:${k};` : php(k)}${php(v)}`).join('')}}`;
}

function activity(Type: string, Name: string, Properties: Php, Children: Php[] = [], Activated = 'Y'): Php {
  return { Type, Name, Activated, Properties, Children };
}

function packageOf(children: Php[]): string {
  const root = activity('SequentialWorkflowActivity', 'Template', { Title: 'Проверка' }, children);
  return php({ VERSION: 2, TEMPLATE: [root], PARAMETERS: [], VARIABLES: [], CONSTANTS: [], DOCUMENT_FIELDS: [] });
}

const notify = (name: string, properties: Php = {}): Php =>
  activity('SocNetMessageActivity', name, { Title: 'Уведомить', MessageUserFrom: '', MessageUserTo: ['{=Document:ASSIGNED_BY_ID}'], MessageText: 'Новая стадия', MessageFormat: 'robot', ...(properties as object) });

async function add(bytes: Buffer | Uint8Array, extra: Record<string, unknown> = {}) {
  return call(sandbox.appEndpoint, 'bizproc.workflow.template.add', {
    auth: APP,
    DOCUMENT_TYPE,
    NAME: 'Проверка шаблона',
    AUTO_EXECUTE: '1',
    TEMPLATE_DATA: ['check.bpt', Buffer.from(bytes).toString('base64')],
    ...extra,
  });
}

const zlib = (text: string) => deflateSync(Buffer.from(text, 'utf8'), { level: 9 });

describe('bizproc.workflow.template.add checks the template on its own', () => {
  it('accepts every starter template the app builds, in Russian and in English', async () => {
    for (const language of ['ru', 'en'] as const) {
      const plan = buildAutomationPlan(complaintsInput({ language }));
      const templates = generateStarterTemplates(plan);
      expect(templates.length).toBeGreaterThanOrEqual(2);
      for (const template of templates) {
        const answer = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { auth: APP, ...templateAddParams(template, 1030) });
        expect(answer.body.error_description, `${language} ${template.key}`).toBeUndefined();
        expect(answer.status).toBe(200);
        const [stored] = await ok<any[]>(sandbox, 'bizproc.workflow.template.list', { SELECT: ['ID', 'TEMPLATE'], FILTER: { ID: answer.body.result } });
        expect(stored.TEMPLATE[0].Type).toBe('SequentialWorkflowActivity');
        expect(stored.TEMPLATE[0].Children.length).toBeGreaterThan(0);
      }
    }
  });

  it('accepts a hand-made template as zlib and as plain serialized data', async () => {
    const text = packageOf([notify('A1')]);
    expect((await add(zlib(text))).status).toBe(200);
    expect((await add(Buffer.from(text, 'utf8'))).status).toBe(200);
    // A bare base64 string, as the official PHP SDK sends it, and the same pair as an object.
    const base64 = zlib(text).toString('base64');
    expect((await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { auth: APP, DOCUMENT_TYPE, NAME: 'Строкой', TEMPLATE_DATA: base64 })).status).toBe(200);
    expect((await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { auth: APP, DOCUMENT_TYPE, NAME: 'Объектом', TEMPLATE_DATA: { 0: 'x.bpt', 1: base64 } })).status).toBe(200);
    const nameOnly = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { auth: APP, DOCUMENT_TYPE, NAME: 'Без файла', TEMPLATE_DATA: ['x.bpt'] });
    expect(nameOnly.body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'Incorrect field TEMPLATE_DATA!' });
  });

  it('refuses a file the unpacker cannot read: gzip, raw deflate, wrong string lengths, no TEMPLATE, an object', async () => {
    const text = packageOf([notify('A1')]);
    const wrong = { error: 'ERROR_ARGUMENT', error_description: 'Incorrect workflow template', argument: '' };
    expect((await add(gzipSync(Buffer.from(text)))).body).toEqual(wrong);
    expect((await add(deflateRawSync(Buffer.from(text)))).body).toEqual(wrong);
    // Lengths counted in UTF-16 units instead of UTF-8 bytes: PHP cannot read the Cyrillic strings.
    const utf16Lengths = text.replace(/s:(\d+):"([^"]*)";/g, (_m, _n, s: string) => `s:${s.length}:"${s}";`);
    expect(utf16Lengths).not.toBe(text);
    expect((await add(zlib(utf16Lengths))).body).toEqual(wrong);
    expect((await add(zlib(php({ VERSION: 2, PARAMETERS: [] })))).body).toEqual(wrong);
    const withObject = `a:2:{s:8:"TEMPLATE";a:0:{}s:4:"DATA";O:8:"stdClass":0:{}}`;
    expect((await add(zlib(withObject))).body).toEqual(wrong);
    const empty = await add(Buffer.alloc(0));
    expect(empty.body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'Incorrect field TEMPLATE_DATA!' });
  });

  it('refuses an activity the portal does not have, and missing required properties, with the activities’ own texts', async () => {
    const unknown = await add(zlib(packageOf([activity('RoboSendActivity', 'A1', { Title: 'x' })])));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: 'ERROR_CORE', error_description: 'Activity was not found (RoboSendActivity). ' });
    const noText = await add(zlib(packageOf([notify('A1', { MessageText: '' })])));
    expect(noText.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Message Text' parameter is missing.. " });
    const nobody = await add(zlib(packageOf([notify('A1', { MessageUserTo: [], MessageText: null })])));
    expect(nobody.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Recipient' parameter is missing.. The 'Message Text' parameter is missing.. " });
    const noDelay = await add(zlib(packageOf([activity('DelayActivity', 'A1', { Title: 'Ждать', TimeoutDuration: '', TimeoutDurationType: 'd' })])));
    expect(noDelay.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Period' value is not specified.. " });
    const noValues = await add(zlib(packageOf([activity('SetFieldActivity', 'A1', { Title: 'Поле', FieldValue: [] })])));
    expect(noValues.body).toEqual({ error: 'ERROR_CORE', error_description: 'All fields are empty.. ' });
    const noStage = await add(zlib(packageOf([activity('CrmChangeStatusActivity', 'A1', { Title: 'Стадия', TargetStatus: '', ModifiedBy: null })])));
    expect(noStage.body).toEqual({ error: 'ERROR_CORE', error_description: 'Final stage is not specified.. ' });
    // The instant message needs a sender even from an administrator.
    const noSender = await add(zlib(packageOf([activity('IMNotifyActivity', 'A1', { Title: 'Сообщение', MessageUserFrom: '', MessageUserTo: ['author'], MessageSite: 'Текст' })])));
    expect(noSender.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Sender' parameter is missing.. " });
    const fine = [
      activity('SetFieldActivity', 'A2', { Title: 'Поле', FieldValue: { UF_CRM_5_SROK: '{=System:Now}' } }),
      activity('IMNotifyActivity', 'A3', { Title: 'Сообщение', MessageUserFrom: ['user_1'], MessageUserTo: ['author'], MessageSite: 'Текст', MessageType: '4' }),
      activity('CrmChangeStatusActivity', 'A4', { Title: 'Стадия', TargetStatus: 'DT1030_7:WORK', ModifiedBy: null }),
    ];
    expect((await add(zlib(packageOf(fine)))).status).toBe(200);
  });

  it('counts "0" as empty the way PHP does: a zero-length delay is refused', async () => {
    const zero = await add(zlib(packageOf([activity('DelayActivity', 'A1', { Title: 'Ждать', TimeoutDuration: '0', TimeoutDurationType: 'd' })])));
    expect(zero.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Period' value is not specified.. " });
    const expression = await add(zlib(packageOf([activity('DelayActivity', 'A1', { Title: 'Ждать', TimeoutTime: '=dateadd({=Document:UF_CRM_5_SROK},"-1d")' })])));
    expect(expression.status).toBe(200);
  });

  it('refuses an IfElseActivity child that is not an IfElseBranchActivity, named exactly so, unless the child is switched off', async () => {
    const ifElse = (kids: Php[]) => activity('IfElseActivity', 'A1', { Title: 'Проверка стадии' }, kids);
    const branch = (type: string, name: string) => activity(type, name, { Title: 'Иначе', truecondition: '1' }, [notify(`${name}N`)]);
    expect((await add(zlib(packageOf([ifElse([branch('IfElseBranchActivity', 'A2')])])))).status).toBe(200);
    const direct = await add(zlib(packageOf([ifElse([notify('A3')])])));
    expect(direct.body).toEqual({ error: 'ERROR_CORE', error_description: "Activity 'Проверка стадии': An 'IfElseActivity' activity can contain only 'IfElseBranchActivity' actions." });
    // The activity file is found in any letter case, but the class check compares the name as written.
    const lowerCase = await add(zlib(packageOf([ifElse([branch('ifelsebranchactivity', 'A4')])])));
    expect(lowerCase.body).toEqual(direct.body);
    const switchedOff = activity('SocNetMessageActivity', 'A5', { Title: 'x', MessageUserTo: ['author'], MessageText: 't' }, [], 'N');
    expect((await add(zlib(packageOf([ifElse([branch('IfElseBranchActivity', 'A6'), switchedOff])])))).status).toBe(200);
  });
});

describe('bizproc.workflow.template.update', () => {
  it('changes the app’s own template, runs a new file through the same checks, and refuses what the docs list', async () => {
    const created = await add(zlib(packageOf([notify('A1')])));
    const id = created.body.result as number;
    const update = (params: Record<string, unknown>, endpoint = sandbox.appEndpoint) => call(endpoint, 'bizproc.workflow.template.update', { auth: APP, ID: id, ...params });

    expect((await update({ FIELDS: { NAME: 'Переименован', AUTO_EXECUTE: '3' } })).body.result).toBe(id);
    const broken = await update({ FIELDS: { TEMPLATE_DATA: ['x.bpt', zlib(packageOf([notify('A1', { MessageText: '' })])).toString('base64')] } });
    expect(broken.body).toEqual({ error: 'ERROR_CORE', error_description: "The 'Message Text' parameter is missing.. " });
    const [stored] = await ok<any[]>(sandbox, 'bizproc.workflow.template.list', { SELECT: ['ID', 'NAME', 'AUTO_EXECUTE', 'TEMPLATE'], FILTER: { ID: id } });
    expect(stored).toMatchObject({ NAME: 'Переименован', AUTO_EXECUTE: 3 });
    expect(stored.TEMPLATE[0].Children[0].Properties.MessageText).toBe('Новая стадия');

    const replaced = await update({ FIELDS: { TEMPLATE_DATA: ['x.bpt', zlib(packageOf([notify('A1', { MessageText: 'Другой текст' })])).toString('base64')] } });
    expect(replaced.body.result).toBe(id);
    const [after] = await ok<any[]>(sandbox, 'bizproc.workflow.template.list', { SELECT: ['ID', 'TEMPLATE'], FILTER: { ID: id } });
    expect(after.TEMPLATE[0].Children[0].Properties.MessageText).toBe('Другой текст');

    expect((await update({ FIELDS: {} })).body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'No fields to update.' });
    expect((await update({ FIELDS: { NAME: '' } })).body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'Empty template name!' });
    expect((await update({ FIELDS: { AUTO_EXECUTE: 3 } })).body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'Incorrect field AUTO_EXECUTE!' });
    expect((await update({ FIELDS: { TEMPLATE_DATA: '' } })).body.error_description).toBe('Incorrect field TEMPLATE_DATA!');
    expect((await update({ ID: 999999, FIELDS: { NAME: 'x' } })).body).toEqual({ error: 'ERROR_TEMPLATE_NOT_FOUND', error_description: 'Workflow template not found.' });
    const fromWebhook = await call(sandbox, 'bizproc.workflow.template.update', { ID: id, FIELDS: { NAME: 'x' } });
    expect(fromWebhook.status).toBe(403);
  });
});
