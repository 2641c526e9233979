import { useRef } from 'react';
import { FileIcon } from '../../components/icons';
import { ACCEPTED_FILES } from './read-dropped-file';
import { useFileOpener } from './use-file-opener';
import { useT } from '../../i18n/use-t';

/** The large drop target with a file picker, the start of every journey. */
export function DropZone({ compact = false }: { compact?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const open = useFileOpener();
  const t = useT();
  return (
    <div className={compact ? 'drop-zone compact' : 'drop-zone'} data-testid="drop-zone">
      <div className="drop-zone-icon">
        <FileIcon size={compact ? 40 : 56} />
      </div>
      <div className="drop-zone-title">{t('drop.title')}</div>
      <div className="drop-zone-sub">{t('drop.sub')}</div>
      <button type="button" className="button primary" onClick={() => input.current?.click()} data-testid="pick-file">
        {t('drop.pick')}
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_FILES}
        hidden
        data-testid="file-input"
        onChange={(event) => {
          open(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
