/** A dropped or picked file as the core takes it; `sourcePath` only in the desktop app. */
export interface DroppedFile {
  fileName: string;
  bytes: Uint8Array;
  sourcePath?: string;
}

/**
 * Reads a dropped or picked file into bytes for the core. In the desktop app
 * it also says where the file lives, so that a later sync re-reads it there.
 */
export async function readDroppedFile(file: File): Promise<DroppedFile> {
  const dropped: DroppedFile = { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  const path = window.bridge?.pathForFile?.(file);
  if (path) dropped.sourcePath = path;
  return dropped;
}

/** The file types the picker offers. */
export const ACCEPTED_FILES = '.xlsx,.xlsm,.xls,.xlsb,.ods,.csv,.tsv,.txt,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
