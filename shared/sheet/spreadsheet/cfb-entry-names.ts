const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
const ENTRY_SIZE = 128;
// Directory chains of real files are a few sectors long; the cap guards against cyclic chains.
const MAX_DIRECTORY_SECTORS = 4096;

/** True when the bytes start with the Compound File Binary signature (legacy Office files, encrypted OOXML). */
export function isCfb(bytes: Uint8Array): boolean {
  return CFB_MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * The names of the storages and streams in a Compound File Binary container
 * ([MS-CFB]): `Workbook` or `Book` in a legacy Excel file, `EncryptionInfo`
 * and `EncryptedPackage` in a password-protected xlsx, `WordDocument` in a
 * Word 97–2003 file. They tell these apart without reading any stream.
 *
 * Reads the header, the FAT sectors the header lists (the first 109, enough
 * for files up to about 7 MB with 512-byte sectors, and for the directory of
 * most larger ones) and follows the directory chain. Returns null when the
 * bytes are not a CFB container or the directory cannot be followed.
 */
export function cfbEntryNames(bytes: Uint8Array): Set<string> | null {
  if (bytes.length < 512 || !isCfb(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorShift = view.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;
  const fatSectorCount = view.getUint32(0x2c, true);
  const fat: number[] = [];
  for (let i = 0; i < Math.min(fatSectorCount, 109); i++) {
    const fatSector = view.getUint32(0x4c + i * 4, true);
    if (fatSector > MAX_REGULAR_SECTOR) break;
    const start = sectorOffset(fatSector);
    if (start + sectorSize > bytes.length) break;
    for (let at = start; at < start + sectorSize; at += 4) fat.push(view.getUint32(at, true));
  }
  const names = new Set<string>();
  let sector = view.getUint32(0x30, true);
  for (let visited = 0; sector !== END_OF_CHAIN && visited < MAX_DIRECTORY_SECTORS; visited++) {
    const start = sectorOffset(sector);
    if (sector > MAX_REGULAR_SECTOR || start + sectorSize > bytes.length) return names.size > 0 ? names : null;
    for (let at = start; at < start + sectorSize; at += ENTRY_SIZE) {
      const type = bytes[at + 0x42];
      const nameBytes = view.getUint16(at + 0x40, true);
      // 1 = storage, 2 = stream, 5 = root; the name length counts its terminating NUL.
      if ((type !== 1 && type !== 2 && type !== 5) || nameBytes < 2 || nameBytes > 64) continue;
      let name = '';
      for (let i = 0; i < nameBytes / 2 - 1; i++) name += String.fromCharCode(view.getUint16(at + i * 2, true));
      names.add(name);
    }
    const next = fat[sector];
    if (next === undefined) break;
    sector = next;
  }
  return names.size > 0 ? names : null;
}
