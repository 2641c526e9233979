/** The largest file the app opens, in bytes; larger files get FILE_TOO_LARGE. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
