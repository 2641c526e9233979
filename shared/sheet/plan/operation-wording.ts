import { compactRows } from './plan-warning-wording';
import type { OperationNote } from './types';

function text(note: OperationNote): string {
  switch (note.code) {
    case 'TYPE_ADD': {
      const { title, projectId, flags, open } = note.params;
      return `smart process “${title}” (code ${projectId}; ${flags.join(', ')}; ${open ? 'open to everyone' : 'closed: isSetOpenPermissions=N'})`;
    }
    case 'TYPE_SWITCH_ON':
      return `switch on ${note.params.flags.join(', ')} on “${note.params.title}”`;
    case 'TYPE_LINK_DEALS':
      return 'link deals as the parent of the smart process (relations.parent += deal), if not yet linked';
    case 'FIELD_ADD': {
      const { fieldName, label, userTypeId, multiple, items } = note.params;
      return `field ${fieldName} “${label}” (${userTypeId}${multiple ? ', multiple' : ''}${items !== undefined ? `, ${items} item(s)` : ''})`;
    }
    case 'FIELD_ITEMS_ADD':
      return `add list item(s) ${note.params.items.map((v) => `“${v}”`).join(', ')} to ${note.params.fieldName}`;
    case 'STAGE_DELETE':
      return `remove unused stage ${note.params.code} “${note.params.name}”`;
    case 'STAGE_UPDATE':
      return `stage ${note.params.code} → “${note.params.name}” (sort ${note.params.sort}, ${note.params.semantics})`;
    case 'STAGE_ADD':
      return `new stage ${note.params.code} “${note.params.name}” (sort ${note.params.sort}, ${note.params.semantics})`;
    case 'FUNNEL_DEFAULT':
      return `default funnel → “${note.params.name}” (${note.params.rows} row(s))`;
    case 'FUNNEL_ADD':
      return `funnel “${note.params.name}” (${note.params.rows} row(s))`;
    case 'COMPANY_ADD':
      return `company “${note.params.name}”`;
    case 'CONTACT_ADD':
      return `contact “${note.params.name}”`;
    case 'ITEMS_IMPORT': {
      const { count, rows, projectId, firstKey, history } = note.params;
      return `${count} item(s): row(s) ${compactRows(rows)} (xmlId ${projectId}:${firstKey} …${history ? ', history dates kept' : ''})`;
    }
    case 'TIMELINE_NOTES':
      return `${note.params.count} note(s) to the items' timelines as comments (each once; notes already posted are skipped)`;
  }
}

/** A plan operation in English: the plan's line on the command line (`stages crm.status.update  stage NEW → “Новая” …`). */
export function operationText(note: OperationNote): string {
  return note.funnel === undefined ? text(note) : `${note.funnel}: ${text(note)}`;
}
