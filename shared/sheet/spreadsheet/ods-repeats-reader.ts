import { limitExceeded, READ_LIMITS, tooManyColumns } from './read-limits';
import type { PartReader } from './zip-bounds';

const TAG = /<table:(table-row|table-cell|covered-table-cell|table)(?=[\s>/])([^>]*)>/g;
const NAME = /table:name="([^"]*)"/;
const REPEAT = /table:number-(rows|columns)-repeated="(\d+)"/;

/**
 * Counts the cells an .ods's content.xml makes SheetJS build, repeats
 * included, as the part streams past (see `checkZipParts`): a few KB of XML
 * can repeat a value over a million rows and 16,384 columns
 * (`number-rows-repeated`, `number-columns-repeated`), which SheetJS expands
 * cell by cell. Empty repeated cells (LibreOffice pads every sheet with
 * them) cost nothing and are not counted.
 */
export function odsRepeatsReader(fileName: string): PartReader {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let rowRepeat = 1;
  let cells = 0;
  let sheet = '';
  let rows = 0;
  const scan = (text: string): void => {
    TAG.lastIndex = 0;
    for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
      const repeat = REPEAT.exec(match[2]!);
      const times = repeat ? Number(repeat[2]) : 1;
      if (match[1] === 'table') {
        sheet = NAME.exec(match[2]!)?.[1] ?? '';
        rows = 0;
        continue;
      }
      if (match[1] === 'table-row') {
        rowRepeat = times;
        rows += times;
        continue;
      }
      if (!/office:value-type=/.test(match[2]!)) continue;
      if (times > READ_LIMITS.columns) throw tooManyColumns(times, rows - rowRepeat + 1, sheet, fileName);
      cells += rowRepeat * times;
      if (cells > READ_LIMITS.odsCells) {
        throw limitExceeded(
          'odsCells',
          `“${fileName}” repeats its cells into more than ${READ_LIMITS.odsCells.toLocaleString('en-US')} filled cells, more than this tool reads from an .ods: the file is damaged or crafted to exhaust memory.`,
          'Open it in LibreOffice; if your table is there, save it as .xlsx and drop that copy.',
          { file: fileName },
          cells,
        );
      }
    }
  };
  return {
    chunk(bytes) {
      const text = carry + decoder.decode(bytes, { stream: true });
      const cut = text.lastIndexOf('<');
      scan(cut < 0 ? text : text.slice(0, cut));
      carry = cut < 0 ? '' : text.slice(cut);
    },
    end() {
      scan(carry + decoder.decode());
    },
  };
}
