import type { ReadJobProgress } from '../../../../shared/app/api/contract';
import { formatBytes } from '../../components/format';
import { useT } from '../../i18n/use-t';

/** Shown while the core reads a file: its name, size and progress. */
export function ReadingScreen({ fileName, sizeBytes, progress }: { fileName: string; sizeBytes: number; progress: ReadJobProgress | undefined }) {
  const t = useT();
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  return (
    <div className="reading-screen" data-testid="reading">
      <div className="reading-card">
        <div className="reading-name mono">{fileName}</div>
        <div className="reading-size">{formatBytes(sizeBytes, t.language)}</div>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}>
          <div className={fraction === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
        </div>
        <div className="reading-phase">{t(`reading.${progress?.phase ?? 'reading'}`)}</div>
      </div>
    </div>
  );
}
