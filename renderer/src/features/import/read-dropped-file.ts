/** Reads a dropped or picked file into bytes for the core. */
export async function readDroppedFile(file: File): Promise<{ fileName: string; bytes: Uint8Array }> {
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The file types the picker offers. */
export const ACCEPTED_FILES = '.xlsx,.xlsm,.csv,.tsv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
