import type { Evidence, FunnelName, NaturalKeyKind } from '../../../shared/sheet/inference/types';
import { evidenceText } from '../../../shared/sheet/inference/evidence-wording';
import type { Language } from './translate';
import { ruCount, ruPlural } from './ru-words';

const n = (count: number): string => count.toLocaleString('ru-RU');
/** `45 из 45 ячеек`, `1 из 1 ячейки`. */
const ofCells = (cells: number, of: number): string => `${n(cells)} из ${n(of)} ${ruPlural(of, 'ячейки', 'ячеек', 'ячеек')}`;
/** `45 из 45 значений`, `1 из 21 значения`. */
const ofValues = (cells: number, of: number): string => `${n(cells)} из ${n(of)} ${ruPlural(of, 'значения', 'значений', 'значений')}`;
const characters = (count: number): string => ruCount(count, 'символ', 'символа', 'символов');

const FUNNELS_RU: Record<FunnelName, string> = {
  repair: 'ремонт',
  recruiting: 'подбор персонала',
  delivery: 'доставка',
  'service desk': 'служба поддержки',
  handover: 'выдача и возврат',
  invoices: 'счета',
  events: 'мероприятия',
  contracts: 'договоры',
};

const NATURAL_KEYS_RU: Record<NaturalKeyKind, string> = { url: 'веб-ссылки', email: 'адреса e-mail', phone: 'номера телефонов' };

/** A typical pipeline's name in Russian. */
export function funnelRu(funnel: FunnelName): string {
  return FUNNELS_RU[funnel];
}

const DATE_PARTS_RU: Record<string, string> = { yyyy: 'гггг', yy: 'гг', mmmm: 'месяц словом', mmm: 'мес', mm: 'мм', dd: 'дд', d: 'д', hh: 'чч', ss: 'сс' };
const DATE_ORDERS_RU: Record<string, string> = { dmy: 'день, месяц, год', mdy: 'месяц, день, год', ymd: 'год, месяц, день' };

/** A date layout (`dd.mm.yyyy`, `d mmmm yyyy`, `dmy`) in Russian letters: `дд.мм.гггг`. */
export function dateFormatRu(format: string): string {
  return DATE_ORDERS_RU[format] ?? format.replace(/yyyy|yy|mmmm|mmm|mm|dd|d|hh|ss/g, (part) => DATE_PARTS_RU[part] ?? part);
}

/** A currency code as Russian names it (`RUB` → `российский рубль`), the code where the name is unknown. */
export function currencyRu(code: string): string {
  try {
    return new Intl.DisplayNames(['ru'], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One reason of inference in Russian; the sheet's own words (headers, values, sheet names) in «». */
export function evidenceRu(evidence: Evidence): string {
  switch (evidence.code) {
    case 'EMPTY_COLUMN':
      return 'столбец пуст';
    case 'EXCEL_DATES': {
      const { cells, of, withTime } = evidence.params;
      return `в ${ofCells(cells, of)} даты Excel${withTime > 0 ? `, из них со временем: ${n(withTime)}` : ''}`;
    }
    case 'EXCEL_BOOLEANS':
      return `в ${ofCells(evidence.params.cells, evidence.params.of)} логические значения Excel (ИСТИНА/ЛОЖЬ)`;
    case 'EXCEL_DAY_SERIALS':
      return `заголовок «${evidence.params.header}» говорит о дате, а числа — номера дней Excel (от 20 000 до 80 000)`;
    case 'FLAG_ONE_ZERO':
      return `значения 1 и 0 под заголовком-флажком «${evidence.params.header}»`;
    case 'CURRENCY_FORMAT': {
      const { cells, of, currency } = evidence.params;
      return `в ${ofCells(cells, of)} денежный формат${currency === undefined ? '' : ` (${currencyRu(currency)})`}`;
    }
    case 'MONEY_HEADER_NUMBERS':
      return `числа под денежным заголовком «${evidence.params.header}»`;
    case 'CODE_HEADER_NUMBERS':
      return `заголовок «${evidence.params.header}» называет код из цифр, поэтому числа остаются текстом`;
    case 'EXCEL_NUMBERS': {
      const { cells, of, whole } = evidence.params;
      return `в ${ofCells(cells, of)} числа Excel${whole ? ', все целые' : ''}`;
    }
    case 'TEXT_FORMAT':
      return 'у ячеек в Excel текстовый формат (@), поэтому числа в них остаются текстом';
    case 'CHECKBOX': {
      const { value, cells, of } = evidence.params;
      return `значения — «${value}» или пусто: столбец-флажок (${n(cells)} из ${n(of)})`;
    }
    case 'BOOLEAN_PAIR': {
      const { yes, no, cells, of } = evidence.params;
      return `значения — ${no === '' ? `«${yes}» или пусто` : `«${yes}» или «${no}»`} (${n(cells)} из ${n(of)})`;
    }
    case 'STAFF_EMAILS': {
      const { cells, of, header } = evidence.params;
      return `${ofValues(cells, of)} — адреса e-mail под заголовком о сотрудниках «${header}» (люди сопоставляются с пользователями портала по e-mail)`;
    }
    case 'EMAILS':
      return `${ofValues(evidence.params.cells, evidence.params.of)} — адреса e-mail`;
    case 'LINKS': {
      const { cells, of, excelLinks } = evidence.params;
      return `${ofValues(cells, of)} — веб-ссылки${excelLinks === undefined ? '' : ` (гиперссылок Excel: ${n(excelLinks)})`}`;
    }
    case 'PHONES': {
      const { cells, of, header } = evidence.params;
      return `в ${ofValues(cells, of)} от 10 до 15 цифр, как в номерах телефонов${header === undefined ? '' : `, и заголовок «${header}» говорит о телефоне`}`;
    }
    case 'AMBIGUOUS_DAY_MONTH':
      return 'порядок дня и месяца неоднозначен; он выбран по языку файла';
    case 'TEXT_DATES': {
      const { cells, of, format } = evidence.params;
      return `${ofValues(cells, of)} читаются как даты (${dateFormatRu(format)})`;
    }
    case 'CODE_HEADER_TEXT':
      return `заголовок «${evidence.params.header}» называет код из цифр, поэтому столбец остаётся текстом`;
    case 'IDENTIFIERS':
      return `${ofValues(evidence.params.cells, evidence.params.of)} похожи на идентификаторы (ведущий ноль, очень длинные или цифры с дефисами), поэтому столбец остаётся текстом`;
    case 'AMOUNTS': {
      const { cells, of, marked } = evidence.params;
      return `${ofValues(cells, of)} — суммы, из них со знаком валюты: ${n(marked)}`;
    }
    case 'MONEY_HEADER_TEXT_NUMBERS': {
      const { cells, of, header } = evidence.params;
      return `${ofValues(cells, of)} — числа под денежным заголовком «${header}»`;
    }
    case 'TEXT_NUMBERS': {
      const { cells, of, kind } = evidence.params;
      return `${ofValues(cells, of)} читаются как ${kind === 'whole' ? 'целые числа' : kind === 'comma' ? 'дробные числа с запятой' : 'дробные числа с точкой'}`;
    }
    case 'LISTS_IN_CELLS': {
      const { cells, distinct } = evidence.params;
      return `в ${ruCount(cells, 'ячейке', 'ячейках', 'ячейках')} списки (через запятую, точку с запятой или с новой строки); различных коротких значений: ${n(distinct)}`;
    }
    case 'PEOPLE_STAFF_HEADER': {
      const { cells, of, header } = evidence.params;
      return `${ofValues(cells, of)} похожи на имена людей, и заголовок «${header}» называет ответственного`;
    }
    case 'PEOPLE_REPEATED': {
      const { cells, of, distinct } = evidence.params;
      return `${ofValues(cells, of)} похожи на имена людей; различных: ${n(distinct)}`;
    }
    case 'VALIDATION_LIST': {
      const { size, cells, of } = evidence.params;
      return `у столбца есть список проверки данных (значений в нём: ${n(size)}); из этого списка ${ofValues(cells, of)}`;
    }
    case 'FEW_DISTINCT': {
      const { distinct, filled } = evidence.params;
      return `различных значений ${n(distinct)} на ${ruCount(filled, 'заполненную ячейку', 'заполненные ячейки', 'заполненных ячеек')}`;
    }
    case 'LONG_TEXT':
      return `длинные или многострочные значения (в среднем ${characters(evidence.params.average)})`;
    case 'SHORT_TEXT': {
      const { distinct, filled, average } = evidence.params;
      return `различных значений ${n(distinct)} из ${n(filled)}, в среднем ${characters(average)}`;
    }
    case 'SOME_DO_NOT_FIT': {
      const { fit, filled, misfits } = evidence.params;
      return `подходят ${ofValues(fit, filled)}; не подходят: ${n(misfits)}`;
    }
    case 'STAGE_MAKES_LIST':
      return 'считается списком, потому что это столбец стадий';
    case 'TITLE_MAKES_TEXT':
      return 'считается текстом, потому что заголовок называет сам элемент, хотя некоторые значения повторяются';
    case 'KEY_NATURAL':
      return `столбца с номерами нет; значения этого (${NATURAL_KEYS_RU[evidence.params.kind]}) не повторяются и есть в каждой строке`;
    case 'KEY_UNIQUE_HEADER':
      return `значения не повторяются, и заголовок «${evidence.params.header}» называет номер или код`;
    case 'KEY_UNIQUE_SHAPE':
      return 'значения — неповторяющиеся номера или коды';
    case 'KEY_HEADER':
      return `заголовок «${evidence.params.header}» называет номер или код`;
    case 'ROLE_ASSIGNEE':
      return 'ответственный за элемент';
    case 'ROLE_COMPANY_HEADER':
      return `заголовок «${evidence.params.header}» называет компанию`;
    case 'ROLE_COMPANY_SHAPE':
      return 'значения похожи на названия организаций (ООО, АО, «…»)';
    case 'ROLE_CONTACT_HEADER':
      return `заголовок «${evidence.params.header}» называет контакт`;
    case 'ROLE_CONTACT_PERSON':
      return `клиент в «${evidence.params.header}» — человек (значения — имена людей)`;
    case 'ROLE_AMOUNT':
      return 'сумма элемента';
    case 'ROLE_DUE_DATE':
      return `заголовок «${evidence.params.header}» называет срок`;
    case 'ROLE_START_DATE':
      return `заголовок «${evidence.params.header}» называет начало работы над элементом`;
    case 'ROLE_TITLE_HEADER':
      return `заголовок «${evidence.params.header}» называет сам элемент`;
    case 'ROLE_TITLE_SHAPE':
      return 'первый текстовый столбец с почти не повторяющимися значениями';
    case 'STAGE_HEADER':
      return `заголовок «${evidence.params.header}» называет стадию или статус`;
    case 'STAGE_WORDS':
      return `${ofValues(evidence.params.known, evidence.params.of)} — известные названия стадий`;
    case 'STAGE_DISTINCT':
      return `различных значений: ${n(evidence.params.distinct)}`;
    case 'STAGE_ALL_FILLED':
      return 'значение есть в каждой строке';
    case 'STAGE_DROPDOWN':
      return 'у столбца есть выпадающий список (проверка данных)';
    case 'STAGE_EXPLAINS':
      return `«${evidence.params.header}» заполнен только при некоторых значениях этого столбца`;
    case 'ORDER_DROPDOWN':
      return `порядок взят из выпадающего списка: ${evidence.params.values.map((value) => `«${value}»`).join(' → ')}`;
    case 'ORDER_LOOKUP_SHEET':
      return `порядок взят с листа «${evidence.params.sheet}», где перечислены значения`;
    case 'ORDER_FUNNEL':
      return `порядок типичного процесса: ${funnelRu(evidence.params.funnel)}`;
    case 'ORDER_VOCABULARY':
      return 'порядок по обычным словам процесса (новая → в работе → проверка → готово)';
    case 'ORDER_VOCABULARY_DATES':
      return `порядок по обычным словам процесса; незнакомые значения расставлены по средней (медианной) дате «${evidence.params.header}» их строк (чем старше строки, тем дальше стадия)`;
    case 'ORDER_DATES':
      return `порядок по средней (медианной) дате «${evidence.params.header}» строк каждой стадии (чем новее строки, тем раньше стадия)`;
    case 'ORDER_VOCABULARY_APPEARANCE':
      return 'порядок по обычным словам процесса; незнакомые значения — в порядке первого появления';
    case 'ORDER_APPEARANCE':
      return 'порядок первого появления в файле (других признаков нет)';
  }
}

/** One reason of inference in the UI language. */
export function wordEvidence(language: Language, evidence: Evidence): string {
  return language === 'ru' ? evidenceRu(evidence) : evidenceText(evidence);
}
