import { describe, expect, it } from 'vitest';
import { bptPackage, decodeBpt } from '../../../shared/runs/automation/bpt-codec';
import { phpGet, type PhpValue } from '../../../shared/runs/automation/php-serialize';
import { validateTemplate } from '../../../shared/runs/automation/validate-template';
import { docsSampleBpt } from './docs-sample';

type Node = { Type: string; Name: string; Properties: { [k: string]: PhpValue }; Children: Node[] };
const n = (Type: string, Name: string, Properties: Node['Properties'] = {}, Children: Node[] = []): Node => ({ Type, Name, Properties, Children });
const notify = (name: string, props: Node['Properties'] = {}): Node =>
  n('SocNetMessageActivity', name, { Title: 't', MessageUserFrom: '', MessageUserTo: ['{=Document:ASSIGNED_BY_ID}'], MessageText: 'hi', MessageFormat: 'robot', ...props });
const root = (...children: Node[]): Node => n('SequentialWorkflowActivity', 'Template', { Title: 'root' }, children);
const tree = (node: Node): PhpValue => bptPackage([node as unknown as PhpValue]) as unknown as PhpValue;
const messages = (node: Node): string[] => validateTemplate(tree(node)).errors.map((e) => e.message);

describe('validateTemplate: what the portal refuses at import', () => {
  it('treats "0" and 0 as empty, as PHP does, so a recipient "0" or a zero delay is refused', () => {
    expect(messages(root(notify('A1', { MessageUserTo: '0' })))).toEqual(['MessageUserTo: the recipient is not specified']);
    expect(messages(root(n('DelayActivity', 'D1', { Title: 'wait', TimeoutDuration: 0, TimeoutTime: '0' })))).toHaveLength(1);
  });

  it('accepts a well-formed tree and the docs sample', () => {
    expect(messages(root(notify('A1')))).toEqual([]);
    const { errors } = validateTemplate(decodeDocsSample());
    expect(errors).toEqual([]);
  });

  it('refuses an unknown activity type (e.g. a Market robot the portal lacks)', () => {
    expect(messages(root(n('rest_0123456789abcdef0123456789abcdef', 'A1')))).toEqual(['activity “rest_0123456789abcdef0123456789abcdef” was not found']);
  });

  it('accepts types case-insensitively, and extra types when the portal knows them', () => {
    expect(messages(root(notify('A1'), n('delayactivity', 'A2', { TimeoutDuration: '1' })))).toEqual([]);
    expect(validateTemplate(tree(root(n('rest_app', 'A1'))), { extraTypes: ['REST_APP'] }).errors).toEqual([]);
  });

  it('refuses a wrong root, and a root type below the root', () => {
    expect(messages(n('SequenceActivity', 'Template'))).toContain('the root activity must be SequentialWorkflowActivity, not SequenceActivity');
    expect(messages(root(n('SequentialWorkflowActivity', 'A1')))).toContain('SequentialWorkflowActivity may only be the root activity');
  });

  it('refuses IfElseActivity children other than branches, and branches outside IfElseActivity', () => {
    expect(messages(root(n('IfElseActivity', 'A1', { Title: 'x' }, [notify('A2')])))).toContain('IfElseActivity cannot contain SocNetMessageActivity');
    expect(messages(root(n('IfElseBranchActivity', 'A1', { truecondition: '1' })))).toContain('IfElseBranchActivity is allowed only inside IfElseActivity');
    expect(messages(root(n('ParallelActivity', 'A1', {}, [notify('A2')])))).toContain('ParallelActivity cannot contain SocNetMessageActivity');
  });

  it('refuses children under an action activity', () => {
    expect(messages(root(n('SocNetMessageActivity', 'A1', { MessageUserTo: ['author'], MessageText: 'x' }, [notify('A2')])))).toContain('SocNetMessageActivity cannot contain other activities');
  });

  it('refuses missing required properties, activity by activity', () => {
    expect(messages(root(notify('A1', { MessageUserTo: [] })))).toEqual(['MessageUserTo: the recipient is not specified']);
    expect(messages(root(notify('A1', { MessageText: '' })))).toEqual(['MessageText: the message text is missing']);
    expect(messages(root(n('DelayActivity', 'A1', { Title: 'w' })))).toEqual(['TimeoutDuration/TimeoutTime: the delay is not set']);
    expect(messages(root(n('SetFieldActivity', 'A1', { FieldValue: [] })))).toEqual(['FieldValue: no field values are set']);
    expect(messages(root(n('CrmChangeStatusActivity', 'A1', { TargetStatus: '' })))).toEqual(['TargetStatus: the target stage is not specified']);
    expect(messages(root(n('CrmCreateToDoActivity', 'A1', {})))).toEqual(['Description: the to-do text is missing']);
    expect(messages(root(n('IMNotifyActivity', 'A1', { MessageUserTo: ['author'] })))).toEqual(['MessageUserFrom: the sender is not specified', 'MessageSite: the message text is missing']);
  });

  it('refuses malformed fieldcondition rows and unknown operators', () => {
    const branchWith = (rows: PhpValue): Node => root(n('IfElseActivity', 'A1', {}, [n('IfElseBranchActivity', 'A2', { fieldcondition: rows })]));
    expect(messages(branchWith([['STAGE_ID', 'like', 'x', 0]]))).toEqual(['unknown condition operator “like”']);
    expect(messages(branchWith([['STAGE_ID']]))).toEqual(['a fieldcondition row must be [field, operator, value, joiner]']);
  });

  it('refuses a TEMPLATE that is not one root activity, and nodes without Type', () => {
    expect(validateTemplate(bptPackage([])).errors.map((e) => e.message)).toEqual(['TEMPLATE is not an array of activities']);
    expect(validateTemplate(bptPackage([root() as unknown as PhpValue, root() as unknown as PhpValue])).errors[0]?.message).toBe('TEMPLATE must hold one root activity, not 2');
    expect(validateTemplate(bptPackage([{ Name: 'Template' }])).errors[0]?.message).toBe('an activity has no Type');
  });
});

describe('validateTemplate: stricter checks (warnings)', () => {
  it('flags duplicate names, unknown fields and stages, change-stage not last, non-empty DOCUMENT_FIELDS', () => {
    const t = root(
      notify('A1', { MessageText: '{=Document:UF_CRM_9_NOPE}' }),
      notify('A1'),
      n('IfElseActivity', 'A3', {}, [n('IfElseBranchActivity', 'A4', { fieldcondition: [['STAGE_ID', '=', 'DT1_0:GONE', 0]] })]),
      n('SetFieldActivity', 'A5', { FieldValue: { UF_CRM_9_MISSING: 'Y' } }),
      n('CrmChangeStatusActivity', 'A6', { TargetStatus: 'DT1_0:NEW' }),
      notify('A7'),
    );
    const pkg = { ...(bptPackage([t as unknown as PhpValue]) as object), DOCUMENT_FIELDS: { X: { Name: 'x' } } } as PhpValue;
    const { errors, warnings } = validateTemplate(pkg, { fieldCodes: ['ID', 'TITLE', 'STAGE_ID', 'ASSIGNED_BY_ID'], stageIds: ['DT1_0:NEW'] });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message).sort()).toEqual(
      [
        'DOCUMENT_FIELDS is not empty: the import would create a custom field for every code the smart process lacks',
        'expression: the field UF_CRM_9_NOPE does not exist on this smart process',
        'the activity name A1 is used twice; the workflow would not load (DuplicateActivityName)',
        'the stage DT1_0:GONE is not in this funnel',
        'FieldValue: the field UF_CRM_9_MISSING does not exist on this smart process',
        'CrmChangeStatusActivity ends the workflow; the activities after it never run',
      ].sort(),
    );
  });
});

function decodeDocsSample(): PhpValue {
  return checkDecode(docsSampleBpt());
}

function checkDecode(bytes: Uint8Array): PhpValue {
  const template = phpGet(decodeBpt(bytes), 'TEMPLATE');
  expect(template).toBeDefined();
  return { TEMPLATE: template! } as PhpValue;
}
