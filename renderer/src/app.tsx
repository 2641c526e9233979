import { useEffect } from 'react';
import { AppMark } from './components/icons';
import { ReadingScreen } from './features/import/reading-screen';
import { StartScreen } from './features/import/start-screen';
import { WindowDropTarget } from './features/import/window-drop-target';
import { WorkbookView } from './features/workbook/workbook-view';
import { useAppStore } from './store/use-app-store';

/** The app shell: the top bar and whichever screen the import state calls for. */
export function App() {
  const importState = useAppStore((state) => state.importState);
  const appInfo = useAppStore((state) => state.appInfo);
  const connectionProblem = useAppStore((state) => state.connectionProblem);
  const loadAppInfo = useAppStore((state) => state.loadAppInfo);

  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);

  return (
    <WindowDropTarget>
      <div className="app">
        <header className="top-bar">
          <AppMark />
          <span className="top-bar-title">Smart Process Migrator</span>
          <span className="top-bar-spacer" />
          {appInfo?.mode === 'browser' && (
            <span className="badge" title="The same app as the desktop window, served on 127.0.0.1">
              Browser mode
            </span>
          )}
          {appInfo && <span className="top-bar-version">v{appInfo.version}</span>}
        </header>
        {connectionProblem && (
          <div className="banner error" role="alert" data-testid="connection-problem">
            {connectionProblem}
          </div>
        )}
        <main className="content">
          {importState.status === 'idle' && <StartScreen />}
          {importState.status === 'error' && <StartScreen failed={importState} />}
          {importState.status === 'reading' && <ReadingScreen fileName={importState.fileName} sizeBytes={importState.sizeBytes} progress={importState.progress} />}
          {importState.status === 'ready' && <WorkbookView summary={importState.summary} sheet={importState.sheet} />}
        </main>
      </div>
    </WindowDropTarget>
  );
}
