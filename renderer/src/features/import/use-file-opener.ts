import { useCallback } from 'react';
import { useAppStore } from '../../store/use-app-store';
import { readDroppedFile } from './read-dropped-file';

/** Returns a function that opens the first of the given files in the app. */
export function useFileOpener(): (files: FileList | File[] | null | undefined) => void {
  const openFile = useAppStore((state) => state.openFile);
  return useCallback(
    (files) => {
      const file = files?.[0];
      if (!file) return;
      void readDroppedFile(file).then(({ fileName, bytes, sourcePath }) => openFile(fileName, bytes, sourcePath));
    },
    [openFile],
  );
}
