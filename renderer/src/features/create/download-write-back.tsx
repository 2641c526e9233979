import { useState } from 'react';
import { ApiError } from '../../../../shared/base/errors/errors';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { DOWNLOAD_TYPES, downloadBytes } from './download-failures';

/**
 * “Save a copy with Bitrix24 ids”: the core writes the copy next to the
 * project (never over the original) and hands its bytes over as a download,
 * the same way in the browser and in the desktop app.
 */
export function DownloadWriteBack({ projectPath }: { projectPath: string }) {
  const t = useT();
  const writeBack = useAppStore((state) => state.writeBack);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; file: string; linked: number } | { ok: false; message: string } | undefined>(undefined);
  return (
    <div className="write-back" data-testid="write-back" style={{ display: 'grid', gap: 6, justifyItems: 'start', margin: '4px 0 12px' }}>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setOutcome(undefined);
          void writeBack(projectPath)
            .then((file) => {
              downloadBytes(file.bytes, file.fileName, file.fileName.toLowerCase().endsWith('.csv') ? DOWNLOAD_TYPES.csv : DOWNLOAD_TYPES.xlsx);
              setOutcome({ ok: true, file: file.fileName, linked: file.linked });
            })
            .catch((error: unknown) => {
              setOutcome({ ok: false, message: error instanceof ApiError ? errorText(t.language, error.wire).message : String(error) });
            })
            .finally(() => setBusy(false));
        }}
        data-testid="download-write-back"
      >
        {t('done.writeBack')}
      </button>
      <div className="muted-inline">{t('done.writeBackHint')}</div>
      {outcome?.ok === true && (
        <div className="ok-text" data-testid="write-back-saved">
          {t('done.writeBackSaved', { file: outcome.file, linked: t.n(outcome.linked) })}
        </div>
      )}
      {outcome?.ok === false && (
        <div className="problem error" role="alert" data-testid="write-back-error">
          {t('done.writeBackFailed', { message: outcome.message })}
        </div>
      )}
    </div>
  );
}
