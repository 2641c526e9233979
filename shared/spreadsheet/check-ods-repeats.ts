import { limitExceeded, READ_LIMITS, tooManyColumns } from './read-limits';
import { inflateEntry, type ZipEntry } from './read-zip';

const TAG = /<table:(table-row|table-cell|covered-table-cell)\b([^>]*)>/g;
const REPEAT = /table:number-(rows|columns)-repeated="(\d+)"/;

/**
 * Counts the cells an .ods's content.xml makes SheetJS build, repeats
 * included, before SheetJS reads it: a few KB of XML can repeat a value over
 * a million rows and 16,384 columns (`number-rows-repeated`,
 * `number-columns-repeated`), which SheetJS expands cell by cell. Empty
 * repeated cells (LibreOffice pads every sheet with them) cost nothing and
 * are not counted. The part is streamed, nothing kept.
 */
export async function checkOdsRepeats(bytes: Uint8Array, content: ZipEntry, fileName: string): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let rowRepeat = 1;
  let cells = 0;
  let failure: Error | undefined;
  const scan = (text: string): void => {
    TAG.lastIndex = 0;
    for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
      const repeat = REPEAT.exec(match[2]!);
      const times = repeat ? Number(repeat[2]) : 1;
      if (match[1] === 'table-row') {
        rowRepeat = times;
        continue;
      }
      if (!/office:value-type=/.test(match[2]!)) continue;
      if (times > READ_LIMITS.columns) throw tooManyColumns(times, 1, 'content.xml', fileName);
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
  await inflateEntry(bytes, content, {
    maxBytes: READ_LIMITS.partBytes,
    onChunk: (chunk) => {
      const text = carry + decoder.decode(chunk, { stream: true });
      const cut = text.lastIndexOf('<');
      try {
        scan(cut < 0 ? text : text.slice(0, cut));
      } catch (error) {
        failure = error as Error;
        return false;
      }
      carry = cut < 0 ? '' : text.slice(cut);
      return true;
    },
  });
  if (failure) throw failure;
  scan(carry);
}
