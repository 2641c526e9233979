import type { Mapping } from '../../../../shared/sheet/mapping/types';
import type { UserChoice } from '../../../../shared/sheet/review/types';
import type { T } from '../../i18n/use-t';
import { formatIsoDate } from '../../components/format';

/**
 * A cell's sent values in words: stage codes as stage names, user ids as
 * names, money as amount and currency, yes/no, lists joined. `sent` is the
 * logical field values the core read from the cell (`PreviewCell.sent`).
 */
export function formatSentValue(t: T, mapping: Mapping, users: readonly UserChoice[], header: string, sent: Record<string, unknown>): string {
  const column = mapping.columns.find((candidate) => candidate.header === header);
  const target = column?.target;
  const dated = column?.type === 'date' || column?.type === 'datetime';
  const person = (id: unknown): string => {
    if (id === null || id === undefined) return t('preview.defaultUser');
    return users.find((user) => user.id === id)?.name ?? `#${String(id)}`;
  };
  const plain = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? t('preview.yes') : t('preview.no');
    if (typeof value === 'number') return t.n(value);
    if (Array.isArray(value)) return value.map(plain).filter(Boolean).join(', ');
    const text = String(value);
    const money = /^(-?\d+(?:\.\d+)?)\|([A-Z]{3})$/.exec(text);
    if (money) return moneyText(t, Number(money[1]), money[2]!);
    return dated ? formatIsoDate(text, t.language) : text;
  };
  if (target?.kind === 'builtin') {
    switch (target.field) {
      case 'stageId': {
        const code = sent['stageId'];
        return mapping.stages.find((stage) => stage.code === code)?.name ?? plain(code);
      }
      case 'assignedById':
        return person(sent['assignedById']);
      case 'observers':
        return Array.isArray(sent['observers']) ? sent['observers'].map(person).join(', ') : '';
      case 'opportunity':
        if (sent['opportunity'] === null || sent['opportunity'] === undefined) return '';
        return typeof sent['opportunity'] === 'number' && typeof sent['currencyId'] === 'string' ? moneyText(t, sent['opportunity'], sent['currencyId']) : `${plain(sent['opportunity'])} ${String(sent['currencyId'] ?? '')}`.trim();
      default:
        return plain(sent[target.field]);
    }
  }
  // A yes/no field is sent as the portal's Y/N; a person reads it as yes or no.
  if (target?.kind === 'custom' && target.userTypeId === 'boolean') {
    const yesNo = (value: unknown): string => (value === 'Y' ? t('preview.yes') : value === 'N' ? t('preview.no') : plain(value));
    const value = Object.values(sent)[0];
    return Array.isArray(value) ? value.map(yesNo).join(', ') : yesNo(value);
  }
  if (target?.kind === 'custom' && target.userTypeId === 'employee') {
    const value = Object.values(sent)[0];
    return Array.isArray(value) ? value.map(person).join(', ') : value === null || value === undefined ? '' : person(value);
  }
  return plain(Object.values(sent)[0]);
}

/**
 * An amount with its currency as the UI language writes it: “1,000 RUB” in
 * English, “1 000 ₽” in Russian, where a currency code in Latin letters would
 * stand out; a code the platform does not know stays a code.
 */
export function moneyText(t: T, amount: number, currency: string): string {
  if (t.language === 'ru') {
    try {
      return new Intl.NumberFormat('ru-RU', { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: Number.isInteger(amount) ? 0 : 2, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // An unknown currency code: written as the code after the number, below.
    }
  }
  // Cents are written out when there are any (76,411.70), as the Russian form does.
  const fraction = Number.isInteger(amount) ? 0 : 2;
  return `${amount.toLocaleString(t.language === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: fraction, maximumFractionDigits: 2 })} ${currency}`;
}

