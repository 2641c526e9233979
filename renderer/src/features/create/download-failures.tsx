import { useState } from 'react';
import type { RowFailure } from '../../../../shared/sheet/plan/types';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/** Content types of the files the app hands over as downloads. */
export const DOWNLOAD_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;

/** Hands bytes to the browser as a download (the desktop app's main process saves it natively). */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the rows that failed as an xlsx the person can fix and feed back. */
export function DownloadFailures({ failures }: { failures: RowFailure[] }) {
  const t = useT();
  const exportFailures = useAppStore((state) => state.exportFailures);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void exportFailures(failures)
          .then((file) => {
            if (!file) return;
            downloadBytes(file.bytes, file.fileName, DOWNLOAD_TYPES.xlsx);
          })
          .finally(() => setBusy(false));
      }}
      data-testid="download-failures"
    >
      {t('done.download')}
    </button>
  );
}
