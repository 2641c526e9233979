import type { Evidence } from './types';

const NATURAL_KEYS = { url: 'web links', email: 'e-mail addresses', phone: 'phone numbers' } as const;

/**
 * One reason of inference in English: the command line's wording, and the
 * app's in its English UI (the Russian UI words the same code and facts itself).
 */
export function evidenceText(evidence: Evidence): string {
  switch (evidence.code) {
    case 'EMPTY_COLUMN':
      return 'the column is empty';
    case 'EXCEL_DATES': {
      const { cells, of, withTime } = evidence.params;
      return `${cells} of ${of} cells are Excel dates${withTime > 0 ? `, ${withTime} with a time` : ''}`;
    }
    case 'EXCEL_BOOLEANS':
      return `${evidence.params.cells} of ${evidence.params.of} cells are Excel TRUE/FALSE`;
    case 'EXCEL_DAY_SERIALS':
      return `header “${evidence.params.header}” names a date and the numbers are Excel day serials (20,000–80,000)`;
    case 'FLAG_ONE_ZERO':
      return `1/0 values under a flag-like header “${evidence.params.header}”`;
    case 'CURRENCY_FORMAT': {
      const { cells, of, currency } = evidence.params;
      return `${cells} of ${of} cells have a ${currency === undefined ? '' : `${currency} `}currency format`;
    }
    case 'MONEY_HEADER_NUMBERS':
      return `numbers under a money header “${evidence.params.header}”`;
    case 'CODE_HEADER_NUMBERS':
      return `the header “${evidence.params.header}” names a code made of digits, so the numbers stay text`;
    case 'EXCEL_NUMBERS': {
      const { cells, of, whole } = evidence.params;
      return `${cells} of ${of} cells are Excel numbers${whole ? ', all whole' : ''}`;
    }
    case 'TEXT_FORMAT':
      return 'cells are formatted as Text (@) in Excel, so numbers in them stay text';
    case 'CHECKBOX': {
      const { value, cells, of } = evidence.params;
      return `values are “${value}” or empty: a checkbox column (${cells} of ${of})`;
    }
    case 'BOOLEAN_PAIR': {
      const { yes, no, cells, of } = evidence.params;
      return `values are ${no === '' ? `“${yes}” or empty` : `“${yes}”/“${no}”`} (${cells} of ${of})`;
    }
    case 'STAFF_EMAILS': {
      const { cells, of, header } = evidence.params;
      return `${cells} of ${of} values are e-mail addresses under a staff header “${header}” (matched to portal users by e-mail)`;
    }
    case 'EMAILS':
      return `${evidence.params.cells} of ${evidence.params.of} values are e-mail addresses`;
    case 'LINKS': {
      const { cells, of, excelLinks } = evidence.params;
      return `${cells} of ${of} values are web links${excelLinks === undefined ? '' : ` (${excelLinks} Excel hyperlinks)`}`;
    }
    case 'PHONES': {
      const { cells, of, header } = evidence.params;
      return `${cells} of ${of} values have 10–15 digits like phone numbers${header === undefined ? '' : ` and the header “${header}” says phone`}`;
    }
    case 'AMBIGUOUS_DAY_MONTH':
      return 'day/month order is ambiguous; decided by the file language';
    case 'TEXT_DATES': {
      const { cells, of, format } = evidence.params;
      return `${cells} of ${of} values read as dates (${format})`;
    }
    case 'CODE_HEADER_TEXT':
      return `the header “${evidence.params.header}” names a code made of digits, so the column stays text`;
    case 'IDENTIFIERS':
      return `${evidence.params.cells} of ${evidence.params.of} values look like identifiers (leading zero, very long, or digits with dashes), so the column stays text`;
    case 'AMOUNTS': {
      const { cells, of, marked } = evidence.params;
      return `${cells} of ${of} values are amounts, ${marked} with a currency mark`;
    }
    case 'MONEY_HEADER_TEXT_NUMBERS': {
      const { cells, of, header } = evidence.params;
      return `${cells} of ${of} values are numbers under a money header “${header}”`;
    }
    case 'TEXT_NUMBERS': {
      const { cells, of, kind } = evidence.params;
      return `${cells} of ${of} values read as ${kind === 'whole' ? 'whole numbers' : `numbers with a decimal ${kind}`}`;
    }
    case 'LISTS_IN_CELLS':
      return `${evidence.params.cells} cells hold lists (split by , ; or line breaks) of ${evidence.params.distinct} distinct short values`;
    case 'PEOPLE_STAFF_HEADER': {
      const { cells, of, header } = evidence.params;
      return `${cells} of ${of} values look like people's names and the header “${header}” names a person in charge`;
    }
    case 'PEOPLE_REPEATED': {
      const { cells, of, distinct } = evidence.params;
      return `${cells} of ${of} values look like people's names, ${distinct} distinct`;
    }
    case 'VALIDATION_LIST': {
      const { size, cells, of } = evidence.params;
      return `the column has a data-validation list of ${size} values; ${cells} of ${of} values are in it`;
    }
    case 'FEW_DISTINCT':
      return `${evidence.params.distinct} distinct values among ${evidence.params.filled} filled cells`;
    case 'LONG_TEXT':
      return `long or multi-line values (average ${evidence.params.average} characters)`;
    case 'SHORT_TEXT': {
      const { distinct, filled, average } = evidence.params;
      return `${distinct} distinct values among ${filled}, average ${average} characters`;
    }
    case 'SOME_DO_NOT_FIT': {
      const { fit, filled, misfits } = evidence.params;
      return `${fit} of ${filled} values fit; ${misfits} do not`;
    }
    case 'STAGE_MAKES_LIST':
      return 'treated as a list because it is the stage column';
    case 'TITLE_MAKES_TEXT':
      return 'treated as text because its header names the item, though some values repeat';
    case 'KEY_NATURAL':
      return `no identifier column; its values (${NATURAL_KEYS[evidence.params.kind]}) are unique in every row`;
    case 'KEY_UNIQUE_HEADER':
      return `values are unique and the header “${evidence.params.header}” names an identifier`;
    case 'KEY_UNIQUE_SHAPE':
      return 'values are unique identifiers';
    case 'KEY_HEADER':
      return `the header “${evidence.params.header}” names an identifier`;
    case 'ROLE_ASSIGNEE':
      return 'the responsible person';
    case 'ROLE_COMPANY_HEADER':
      return `the header “${evidence.params.header}” names a company`;
    case 'ROLE_COMPANY_SHAPE':
      return 'values look like organisation names (ООО, LLC, «…»)';
    case 'ROLE_CONTACT_HEADER':
      return `the header “${evidence.params.header}” names a contact`;
    case 'ROLE_CONTACT_PERSON':
      return `the client in “${evidence.params.header}” is a person (the values are people's names)`;
    case 'ROLE_AMOUNT':
      return 'the amount of the item';
    case 'ROLE_DUE_DATE':
      return `the header “${evidence.params.header}” names a deadline`;
    case 'ROLE_START_DATE':
      return `the header “${evidence.params.header}” names when the item started`;
    case 'ROLE_TITLE_HEADER':
      return `the header “${evidence.params.header}” names the item`;
    case 'ROLE_TITLE_SHAPE':
      return 'the first text column with mostly unique values';
    case 'STAGE_HEADER':
      return `the header “${evidence.params.header}” names a stage or status`;
    case 'STAGE_WORDS':
      return `${evidence.params.known} of ${evidence.params.of} values are known stage words`;
    case 'STAGE_DISTINCT':
      return `${evidence.params.distinct} distinct values`;
    case 'STAGE_ALL_FILLED':
      return 'every row has a value';
    case 'STAGE_DROPDOWN':
      return 'the column has a drop-down (data-validation) list';
    case 'STAGE_EXPLAINS':
      return `“${evidence.params.header}” is filled only for some of its values`;
    case 'ORDER_DROPDOWN':
      return `order taken from the drop-down list: ${evidence.params.values.join(' → ')}`;
    case 'ORDER_LOOKUP_SHEET':
      return `order taken from the sheet “${evidence.params.sheet}”, which lists the values`;
    case 'ORDER_FUNNEL':
      return `order of a typical ${evidence.params.funnel} pipeline`;
    case 'ORDER_VOCABULARY':
      return 'order from the usual process vocabulary (new → in work → review → done)';
    case 'ORDER_VOCABULARY_DATES':
      return `order from the usual process vocabulary; values it does not know placed by the median “${evidence.params.header}” date of their rows (older rows = further stage)`;
    case 'ORDER_DATES':
      return `order from the median “${evidence.params.header}” date of each stage (newest rows = earliest stage)`;
    case 'ORDER_VOCABULARY_APPEARANCE':
      return 'order from the usual process vocabulary; unknown values placed by first appearance';
    case 'ORDER_APPEARANCE':
      return 'order of first appearance in the file (no stronger evidence)';
  }
}
