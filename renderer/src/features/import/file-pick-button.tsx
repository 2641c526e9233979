import { useRef } from 'react';
import { ACCEPTED_FILES } from './read-dropped-file';

/**
 * A button that opens the file picker for the spreadsheet formats the app
 * reads, and hands the chosen files on. The picker is cleared after each
 * choice, so choosing the same file again (after fixing it) still counts.
 */
export function FilePickButton({ className, label, buttonTestId, inputTestId, onFiles }: { className: string; label: string; buttonTestId: string; inputTestId: string; onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} data-testid={buttonTestId}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_FILES}
        hidden
        data-testid={inputTestId}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          onFiles(files);
        }}
      />
    </>
  );
}
