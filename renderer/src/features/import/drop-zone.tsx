import { FileIcon } from '../../components/icons';
import { FilePickButton } from './file-pick-button';
import { useFileOpener } from './use-file-opener';
import { useT } from '../../i18n/use-t';

/** The large drop target with a file picker, the start of every journey. */
export function DropZone({ compact = false }: { compact?: boolean }) {
  const open = useFileOpener();
  const t = useT();
  return (
    <div className={compact ? 'drop-zone compact' : 'drop-zone'} data-testid="drop-zone">
      <div className="drop-zone-icon">
        <FileIcon size={compact ? 40 : 56} />
      </div>
      <div className="drop-zone-title">{t('drop.title')}</div>
      <div className="drop-zone-sub">{t('drop.sub')}</div>
      <FilePickButton className="button primary" label={t('drop.pick')} buttonTestId="pick-file" inputTestId="file-input" onFiles={open} />
    </div>
  );
}
