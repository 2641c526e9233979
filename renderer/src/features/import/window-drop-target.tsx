import { useEffect, useState, type ReactNode } from 'react';
import { useFileOpener } from './use-file-opener';
import { useT } from '../../i18n/use-t';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Makes the whole window a drop target: a file dropped anywhere opens, with an
 * overlay while a file is dragged over. Without this, the browser (or
 * Electron) would navigate to the dropped file.
 */
export function WindowDropTarget({ children }: { children: ReactNode }) {
  const open = useFileOpener();
  const t = useT();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent): void => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = hasFiles(event) ? 'copy' : 'none';
    };
    const drop = (event: DragEvent): void => {
      event.preventDefault();
      depth = 0;
      setDragging(false);
      open(event.dataTransfer?.files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [open]);

  return (
    <>
      {children}
      {dragging && (
        <div className="drag-overlay" data-testid="drag-overlay">
          <div className="drag-overlay-card">{t('drop.overlay')}</div>
        </div>
      )}
    </>
  );
}
