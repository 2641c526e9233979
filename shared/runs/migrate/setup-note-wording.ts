import { CHECKED_APPLIED } from '../../portal/bitrix/checked-wording';
import type { SetupCheck, SetupNote } from './types';

function checkText(check: SetupCheck | undefined): string {
  if (check === undefined || check === 0) return '';
  if (check === 'applied') return ` (${CHECKED_APPLIED})`;
  return ` (${check} earlier request(s) got no answer; checked: not applied, so it was sent again)`;
}

function noteText(note: SetupNote): string {
  switch (note.code) {
    case 'TYPE_CREATED': {
      const { title, entityTypeId, id, open } = note.params;
      return `created smart process “${title}” (entityTypeId ${entityTypeId}, id ${id}, ${open ? 'open to everyone' : 'closed'})`;
    }
    case 'TYPE_SWITCHED_ON':
      return `switched on ${note.params.flags.join(', ')}`;
    case 'TYPE_EXISTING': {
      const { title, entityTypeId, id } = note.params;
      return `using the existing smart process “${title}” (entityTypeId ${entityTypeId}, id ${id})`;
    }
    case 'DEALS_LINKED':
      return 'linked deals to the smart process (items get a parent deal)';
    case 'FIELD_CREATED': {
      const { fieldName, label, userTypeId, multiple } = note.params;
      return `created field ${fieldName} “${label}” (${userTypeId}${multiple ? ', multiple' : ''})`;
    }
    case 'FIELD_ITEMS_ADDED':
      return `added ${note.params.count} list item(s) to ${note.params.fieldName}`;
    case 'STAGE_REMOVED':
      return `removed unused stage “${note.params.name}”`;
    case 'STAGE_RENAMED':
      return `stage ${note.params.code} is now “${note.params.name}”`;
    case 'STAGE_ADDED':
      return `added stage “${note.params.name}”`;
    case 'FUNNEL_DEFAULT_RENAMED':
      return `the default funnel is now “${note.params.name}”`;
    case 'FUNNEL_ADDED':
      return `added funnel “${note.params.name}” (category ${note.params.categoryId})`;
    case 'CLIENTS_CREATED': {
      const { companies, contacts, checked } = note.params;
      return `created ${companies} ${companies === 1 ? 'company' : 'companies'} and ${contacts} ${contacts === 1 ? 'contact' : 'contacts'}${checked > 0 ? ` (${checked} of them: ${CHECKED_APPLIED})` : ''}`;
    }
  }
}

/** A setup step done, in English: the command line's progress line and the “done so far” of a stopped run. */
export function setupNoteText(note: SetupNote): string {
  return `${noteText(note)}${checkText(note.check)}`;
}
