import type { WireError } from '../../../../shared/api/errors';
import { AlertIcon } from '../../components/icons';
import { DropZone } from './drop-zone';

/** The first screen: what the app does, and where to drop a file. Also shows a read error. */
export function StartScreen({ failed }: { failed?: { fileName: string; error: WireError } }) {
  return (
    <div className="start-screen">
      <div className="start-intro">
        <h1>Bring your process over from a spreadsheet</h1>
        <p>
          Drop the tracker your team keeps in Excel or CSV — contracts, purchase requests, complaints, hiring. The app reads it on this computer and
          shows you every row first; nothing goes to Bitrix24 until you say so.
        </p>
      </div>
      {failed && <ReadError fileName={failed.fileName} error={failed.error} />}
      <DropZone />
      <ul className="start-facts">
        <li>
          <strong>Your data stays here</strong>
          <span>Files are read locally. Nothing is uploaded while you look.</span>
        </li>
        <li>
          <strong>Big sheets are fine</strong>
          <span>100,000 rows scroll smoothly; reading shows its progress.</span>
        </li>
        <li>
          <strong>Messy is fine</strong>
          <span>Title rows, blank rows and totals are found and set aside.</span>
        </li>
      </ul>
    </div>
  );
}

function ReadError({ fileName, error }: { fileName: string; error: WireError }) {
  return (
    <div className="error-card" role="alert" data-testid="read-error" data-code={error.code}>
      <div className="error-card-icon">
        <AlertIcon />
      </div>
      <div>
        <div className="error-card-title">
          Couldn’t open <span className="mono">{fileName}</span>
        </div>
        <div className="error-card-message" data-testid="read-error-message">
          {error.message}
        </div>
        {error.hint && (
          <div className="error-card-hint" data-testid="read-error-hint">
            {error.hint}
          </div>
        )}
      </div>
    </div>
  );
}
