import type { ColumnRole, ColumnType, StageSemantics } from '../../../../shared/inference/types';

/** How each inferred type is named for a person. */
export const TYPE_LABELS: Record<ColumnType, string> = {
  string: 'Text',
  text: 'Long text',
  integer: 'Whole number',
  double: 'Number',
  money: 'Money',
  date: 'Date',
  datetime: 'Date & time',
  boolean: 'Yes / No',
  enumeration: 'List',
  url: 'Link',
  email: 'E-mail',
  phone: 'Phone',
  employee: 'Person',
};

/** How each role is named for a person. */
export const ROLE_LABELS: Record<ColumnRole, string> = {
  title: 'Title',
  stage: 'Stage',
  assignee: 'Responsible',
  company: 'Company',
  contact: 'Contact',
  amount: 'Amount',
  startDate: 'Start date',
  dueDate: 'Due date',
  key: 'Row key',
};

/** How stage semantics are named for a person. */
export const SEMANTICS_LABELS: Record<StageSemantics, string> = {
  process: 'in progress',
  success: 'success',
  failure: 'failure',
};
