import { useState } from 'react';
import type { RowFailure } from '../../../../shared/plan/types';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

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
            const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
            const link = document.createElement('a');
            link.href = url;
            link.download = file.fileName;
            link.click();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          })
          .finally(() => setBusy(false));
      }}
      data-testid="download-failures"
    >
      {t('done.download')}
    </button>
  );
}
