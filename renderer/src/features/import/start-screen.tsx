import type { WireError } from '../../../../shared/base/errors/errors';
import { AlertIcon } from '../../components/icons';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { DropZone } from './drop-zone';

/** The first screen: what the app does, and where to drop a file. Also shows a read error. */
export function StartScreen({ failed }: { failed?: { fileName: string; error: WireError } }) {
  const t = useT();
  return (
    <div className="start-screen">
      <div className="start-intro">
        <h1>{t('start.title')}</h1>
        <p>{t('start.lead')}</p>
      </div>
      {failed && <ReadError fileName={failed.fileName} error={failed.error} />}
      <DropZone />
      <ul className="start-facts">
        {(['1', '2', '3'] as const).map((n) => (
          <li key={n}>
            <strong>{t(`start.fact${n}.title`)}</strong>
            <span>{t(`start.fact${n}.text`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReadError({ fileName, error }: { fileName: string; error: WireError }) {
  const t = useT();
  const text = errorText(t.language, error, { file: fileName });
  return (
    <div className="error-card" role="alert" data-testid="read-error" data-code={error.code}>
      <div className="error-card-icon">
        <AlertIcon />
      </div>
      <div>
        <div className="error-card-title">
          {t('start.cannotOpen')} <span className="mono">{fileName}</span>
        </div>
        <div className="error-card-message" data-testid="read-error-message">
          {text.message}
        </div>
        {text.hint && (
          <div className="error-card-hint" data-testid="read-error-hint">
            {text.hint}
          </div>
        )}
      </div>
    </div>
  );
}
