import { describe, expect, it } from 'vitest';
import { decodeBpt } from '../../../shared/runs/automation/bpt-codec';
import { applyRecipeEdits, buildAutomationPlan } from '../../../shared/runs/automation/build-automation-plan';
import {
  activityToPhp,
  assertWaitingLimit,
  encodeStarterTemplate,
  generateStarterTemplates,
  MAX_WAITING_WORKFLOWS_PER_ITEM,
} from '../../../shared/runs/automation/generate-starter-templates';
import { phpGet } from '../../../shared/runs/automation/php-serialize';
import { phpToJson } from '../../../shared/runs/automation/php-to-json';
import type { ActivityNode, StarterTemplate } from '../../../shared/runs/automation/template-types';
import { validateTemplate } from '../../../shared/runs/automation/validate-template';
import { COMPLAINT_FIELD_CODES, complaintsInput } from './inputs';

const plan = buildAutomationPlan(complaintsInput());
const templates = generateStarterTemplates(plan);
const stageIds = plan.stages.map((s) => s.statusId);

function walk(node: ActivityNode, visit: (node: ActivityNode, parent: ActivityNode | null) => void, parent: ActivityNode | null = null): void {
  visit(node, parent);
  for (const child of node.Children) walk(child, visit, node);
}

describe('generated starter templates', () => {
  it('are a stage-entry template (create and edit) and a create-only reminder', () => {
    expect(templates.map((t) => [t.key, t.autoExecute, t.waits])).toEqual([
      ['stage-entry', '3', false],
      ['due-reminder', '1', true],
    ]);
  });

  it('use stock activity types only, a SequentialWorkflowActivity root named Template', () => {
    const stock = new Set(['SequentialWorkflowActivity', 'IfElseActivity', 'IfElseBranchActivity', 'SocNetMessageActivity', 'DelayActivity']);
    for (const template of templates) {
      expect(template.root).toMatchObject({ Type: 'SequentialWorkflowActivity', Name: 'Template' });
      walk(template.root, (node) => expect(stock.has(node.Type), node.Type).toBe(true));
    }
  });

  it('branch on STAGE_ID modified and = the stage, one branch per stage with recipes, then an else branch', () => {
    const entry = templates[0]!;
    const ifElse = entry.root.Children[0]!;
    expect(ifElse.Type).toBe('IfElseActivity');
    const conditions = ifElse.Children.map((b) => b.Properties['fieldcondition'] ?? b.Properties['truecondition']);
    expect(conditions).toEqual([
      [['STAGE_ID', 'modified', '', 0], ['STAGE_ID', '=', 'DT1030_7:NEW', 0]],
      [['STAGE_ID', 'modified', '', 0], ['STAGE_ID', '=', 'DT1030_7:WORK', 0]],
      [['STAGE_ID', 'modified', '', 0], ['STAGE_ID', '=', 'DT1030_7:REVIEW', 0]],
      [['STAGE_ID', 'modified', '', 0], ['STAGE_ID', '=', 'DT1030_7:SUCCESS', 0]],
      '1',
    ]);
  });

  it('check the review fields with OR-joined "empty" rows before the review notification', () => {
    const review = templates[0]!.root.Children[0]!.Children[2]!;
    const check = review.Children[0]!;
    expect(check.Type).toBe('IfElseActivity');
    expect(check.Children[0]!.Properties['fieldcondition']).toEqual([
      ['OPPORTUNITY', 'empty', '', 0],
      ['UF_CRM_5_SROK', 'empty', '', 1],
      ['UF_CRM_5_KLIENT', 'empty', '', 1],
    ]);
    expect(review.Children[1]!.Type).toBe('SocNetMessageActivity');
  });

  it('notifications carry the exact SocNetMessageActivity keys and address the responsible person', () => {
    let notifications = 0;
    walk(templates[0]!.root, (node) => {
      if (node.Type !== 'SocNetMessageActivity') return;
      notifications += 1;
      expect(Object.keys(node.Properties)).toEqual(['Title', 'MessageUserFrom', 'MessageUserTo', 'MessageText', 'MessageFormat']);
      expect(node.Properties['MessageUserTo']).toEqual(['{=Document:ASSIGNED_BY_ID}']);
      expect(node.Properties['MessageText']).toContain('[url=/crm/type/1030/details/{=Document:ID}/]{=Document:TITLE}[/url]');
    });
    // Without this the test would pass on a template that notifies nobody.
    expect(notifications).toBeGreaterThan(0);
  });

  it('the reminder waits only when a due date is set and reminds only while the item is open', () => {
    const reminder = templates[1]!;
    const guard = reminder.root.Children[0]!;
    expect(guard.Children[0]!.Properties['fieldcondition']).toEqual([['UF_CRM_5_SROK', '!empty', '', 0]]);
    const [delay, open] = guard.Children[0]!.Children;
    expect(delay).toMatchObject({ Type: 'DelayActivity', Properties: { TimeoutTime: '=dateadd({=Document:UF_CRM_5_SROK},"-1d")' } });
    expect(open!.Children[0]!.Properties['fieldcondition']).toEqual([
      ['STAGE_ID', '!=', 'DT1030_7:SUCCESS', 0],
      ['STAGE_ID', '!=', 'DT1030_7:FAIL', 0],
    ]);
  });

  it('have unique activity names', () => {
    for (const template of templates) {
      const names: string[] = [];
      walk(template.root, (node) => names.push(node.Name));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('encode to .bpt files that decode back to the same tree with empty DOCUMENT_FIELDS', () => {
    for (const template of templates) {
      const bytes = encodeStarterTemplate(template);
      expect([bytes[0], bytes[1]]).toEqual([0x78, 0xda]);
      const decoded = decodeBpt(bytes);
      expect(Object.keys(decoded as object)).toEqual(['VERSION', 'TEMPLATE', 'PARAMETERS', 'VARIABLES', 'CONSTANTS', 'DOCUMENT_FIELDS']);
      expect(phpGet(decoded, 'DOCUMENT_FIELDS')).toEqual([]);
      expect(phpToJson(phpGet(decoded, 'TEMPLATE')!)).toEqual(phpToJson([activityToPhp(template.root)]));
    }
  });

  it('pass the portal checks and the stricter ones against the real field codes and stages', () => {
    for (const template of templates) {
      const check = validateTemplate(decodeBpt(encodeStarterTemplate(template)), { fieldCodes: COMPLAINT_FIELD_CODES, stageIds });
      expect(check).toEqual({ errors: [], warnings: [] });
    }
  });

  it('follow the user: a switched-off recipe disappears, an edited text is used', () => {
    const { plan: edited, unknown } = applyRecipeEdits(plan, [
      { id: 'notify-on-entry:NEW', enabled: false },
      { id: 'success-notify:SUCCESS', text: 'Готово: {=Document:TITLE}' },
      { id: 'due-reminder', enabled: false },
      { id: 'nope' },
    ]);
    expect(unknown).toEqual(['nope']);
    const out = generateStarterTemplates(edited);
    expect(out.map((t) => t.key)).toEqual(['stage-entry']);
    const branches = out[0]!.root.Children[0]!.Children;
    expect(branches).toHaveLength(4);
    expect(JSON.stringify(branches)).not.toContain('DT1030_7:NEW');
    expect(JSON.stringify(branches)).toContain('Готово: {=Document:TITLE}');
  });

  it('produce nothing when every recipe is off', () => {
    const off = applyRecipeEdits(plan, plan.recipes.map((r) => ({ id: r.id, enabled: false }))).plan;
    expect(generateStarterTemplates(off)).toEqual([]);
  });
});

describe('the two-waiting-workflows limit', () => {
  const waiting = (autoExecute: StarterTemplate['autoExecute'], key = 'w'): StarterTemplate => ({ ...templates[1]!, key, autoExecute });

  it('allows waiting templates that start on create only, up to the limit', () => {
    expect(MAX_WAITING_WORKFLOWS_PER_ITEM).toBe(2);
    expect(() => assertWaitingLimit([waiting('1', 'a'), waiting('1', 'b')])).not.toThrow();
  });

  it('refuses a waiting template that would start on edit, and too many waiting templates', () => {
    expect(() => assertWaitingLimit([waiting('3')])).toThrow(/every edit/);
    expect(() => assertWaitingLimit([waiting('2')])).toThrow(/every edit/);
    expect(() => assertWaitingLimit([waiting('1', 'a'), waiting('1', 'b'), waiting('1', 'c')])).toThrow(/allows 2/);
  });
});
