import { listZipEntries, readZipText, readZipTextAfter, type ZipEntry } from './read-zip';

/** What the workbook part says about its sheets and the date system. */
export interface WorkbookInfo {
  /** Sheets in workbook order, with the zip path of each worksheet part. */
  sheets: { name: string; path: string }[];
  date1904: boolean;
  /** Workbook-level defined names (`Stages` → `Lists!$A$1:$A$5`). */
  definedNames: Map<string, string>;
}

/** A data-validation list as written in the sheet: target ranges and the list source. */
export interface RawValidation {
  /** Space-separated ranges the rule applies to (`D2:D100 F2:F9`). */
  sqref: string;
  /** Either a quoted inline list (`"New,Done"`) or a reference/name. */
  formula: string;
}

/** What a worksheet part holds after `<sheetData>`, which exceljs's streaming reader does not give us. */
export interface SheetExtras {
  merges: { top: number; left: number; bottom: number; right: number }[];
  validations: RawValidation[];
  /** `row:col` (1-based, e.g. `2:5` for E2) → link target. */
  hyperlinks: Map<string, string>;
}

/** Decodes the five XML entities and numeric character references. */
export function xmlDecode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function attr(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? xmlDecode(match[2] ?? match[3] ?? '') : undefined;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

function readRels(text: string, basePath: string): Map<string, string> {
  const rels = new Map<string, string>();
  for (const match of text.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(match[0], 'Id');
    const target = attr(match[0], 'Target');
    const external = attr(match[0], 'TargetMode') === 'External';
    if (id && target) rels.set(id, external ? target : resolveTarget(basePath, target));
  }
  return rels;
}

/** The lightweight view of an xlsx package used next to exceljs's streaming reader. */
export interface XlsxPackage {
  info: WorkbookInfo;
  /** Every entry of the zip by path, as its central directory lists it. */
  entries: ReadonlyMap<string, ZipEntry>;
  /** Reads what follows `<sheetData>`; inflates the whole part, rejecting with `ZipEntryError` past `maxBytes` or on a damaged stream. */
  sheetExtras: (path: string, maxBytes: number) => Promise<SheetExtras>;
}

/**
 * Opens the xlsx zip directory and reads the workbook part. Returns null when
 * the bytes are not a zip or have no workbook part (the caller reports it).
 */
export function openXlsxPackage(bytes: Uint8Array): XlsxPackage | null {
  const entries = listZipEntries(bytes);
  if (!entries) return null;
  const workbookEntry = entries.get('xl/workbook.xml');
  if (!workbookEntry) return null;
  const workbookXml = readZipText(bytes, workbookEntry);
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? readRels(readZipText(bytes, relsEntry), 'xl/workbook.xml') : new Map<string, string>();
  const sheets: WorkbookInfo['sheets'] = [];
  for (const match of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(match[0], 'name');
    const rid = attr(match[0], 'r:id');
    const path = rid ? rels.get(rid) : undefined;
    if (name !== undefined && path) sheets.push({ name, path });
  }
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
  const date1904Attr = attr(pr, 'date1904');
  const definedNames = new Map<string, string>();
  for (const match of workbookXml.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([^<]*)</g)) {
    const name = attr(match[0], 'name');
    if (name && !name.startsWith('_xlnm')) definedNames.set(name, xmlDecode(match[2] ?? ''));
  }
  return {
    info: { sheets, date1904: date1904Attr === '1' || date1904Attr === 'true', definedNames },
    entries,
    sheetExtras: (path, maxBytes) => readSheetExtras(bytes, entries, path, maxBytes),
  };
}

async function readSheetExtras(bytes: Uint8Array, entries: Map<string, ZipEntry>, path: string, maxBytes: number): Promise<SheetExtras> {
  const extras: SheetExtras = { merges: [], validations: [], hyperlinks: new Map() };
  const entry = entries.get(path);
  if (!entry) return extras;
  const tail = await readZipTextAfter(bytes, entry, '</sheetData>', maxBytes);
  for (const match of tail.matchAll(/<(?:\w+:)?mergeCell\b[^>]*>/g)) {
    const range = parseRange(attr(match[0], 'ref') ?? '');
    if (range) extras.merges.push(range);
  }
  for (const match of tail.matchAll(/<(?:\w+:)?dataValidation\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?dataValidation>/g)) {
    const open = `<x ${match[1] ?? ''}>`;
    if (attr(open, 'type') !== 'list') continue;
    const body = match[2] ?? '';
    const formula = /<(?:\w+:)?formula1>(?:\s*<xm:f>)?([\s\S]*?)(?:<\/xm:f>\s*)?<\/(?:\w+:)?formula1>/.exec(body)?.[1];
    const sqref = attr(open, 'sqref') ?? /<xm:sqref>([^<]*)<\/xm:sqref>/.exec(body)?.[1];
    if (formula !== undefined && sqref) extras.validations.push({ sqref: xmlDecode(sqref), formula: xmlDecode(formula.trim()) });
  }
  const hyperlinkTags = [...tail.matchAll(/<(?:\w+:)?hyperlink\b[^>]*>/g)];
  if (hyperlinkTags.length > 0) {
    const relsPath = path.replace(/([^/]+)$/, '_rels/$1.rels');
    const relsEntry = entries.get(relsPath);
    const rels = relsEntry ? readRels(readZipText(bytes, relsEntry), path) : new Map<string, string>();
    for (const match of hyperlinkTags) {
      const ref = attr(match[0], 'ref');
      const rid = attr(match[0], 'r:id');
      const location = attr(match[0], 'location');
      const target = rid ? rels.get(rid) : location ? `#${location}` : undefined;
      if (!ref || !target) continue;
      const range = parseRange(ref);
      if (!range) continue;
      for (let r = range.top; r <= range.bottom; r++) {
        for (let c = range.left; c <= range.right; c++) extras.hyperlinks.set(`${r}:${c}`, target);
      }
    }
  }
  return extras;
}

/** `B3` → {row: 3, col: 2}; `$B$3` works too. */
export function parseAddress(address: string): { row: number; col: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!match) return null;
  let col = 0;
  for (const ch of match[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: parseInt(match[2]!, 10), col };
}

/** `A1:C9` (or a single cell) → 1-based inclusive bounds. */
export function parseRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [from, to = from] = ref.split(':');
  const a = parseAddress(from ?? '');
  const b = parseAddress(to ?? '');
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}
