import { useEffect } from 'react';
import { AppMark } from './components/icons';
import { ConnectScreen } from './features/connect/connect-screen';
import { BackgroundRun } from './features/create/background-run';
import { PortalChip } from './features/connect/portal-chip';
import { ProjectsScreen } from './features/projects/projects-screen';
import { ReadingScreen } from './features/import/reading-screen';
import { StartScreen } from './features/import/start-screen';
import { WindowDropTarget } from './features/import/window-drop-target';
import { WorkbookView } from './features/workbook/workbook-view';
import { useAppStore } from './store/use-app-store';
import { useT } from './i18n/use-t';
import { LanguageSwitch } from './components/language-switch';

/** The app shell: the top bar and whichever screen the import state calls for. */
export function App() {
  const t = useT();
  const importState = useAppStore((state) => state.importState);
  const appInfo = useAppStore((state) => state.appInfo);
  const connectionProblem = useAppStore((state) => state.connectionProblem);
  const loadAppInfo = useAppStore((state) => state.loadAppInfo);
  const loadPortals = useAppStore((state) => state.loadPortals);
  const view = useAppStore((state) => state.view);
  const showView = useAppStore((state) => state.showView);
  const loadProjects = useAppStore((state) => state.loadProjects);
  const projects = useAppStore((state) => state.projects);
  const run = useAppStore((state) => state.runState);
  // A project a migration is still writing is not interrupted.
  const interrupted = projects.find((project) => project.status !== 'done' && project.undo === undefined && !(run.status === 'running' && run.source.projectId === project.id));

  useEffect(() => {
    void loadAppInfo()
      .then(() => loadPortals())
      .then(() => loadProjects())
      .catch(() => undefined);
  }, [loadAppInfo, loadPortals, loadProjects]);

  return (
    <WindowDropTarget>
      <div className="app">
        <header className="top-bar">
          <button type="button" className="home-button" onClick={() => showView('import')} aria-label={t('app.backHome')}>
            <AppMark />
            <span className="top-bar-title">{t('app.title')}</span>
          </button>
          <span className="top-bar-spacer" />
          {appInfo?.mode === 'browser' && (
            <span className="badge" title={t('app.browserModeHint')}>
              {t('app.browserMode')}
            </span>
          )}
          {appInfo && <span className="top-bar-version">v{appInfo.version}</span>}
          <button type="button" className={view === 'projects' ? 'nav-button active' : 'nav-button'} onClick={() => showView(view === 'projects' ? 'import' : 'projects')} data-testid="nav-projects">
            {t('nav.projects')}
          </button>
          <LanguageSwitch />
          {appInfo && <PortalChip />}
        </header>
        {connectionProblem && (
          <div className="banner error" role="alert" data-testid="connection-problem">
            {connectionProblem}
          </div>
        )}
        <BackgroundRun />
        {interrupted && view !== 'projects' && (
          <div className="banner info" data-testid="interrupted-banner">
            <span>{t('projects.interrupted', { title: interrupted.title })}</span>
            <button type="button" className="button" onClick={() => showView('projects')}>
              {t('projects.open')}
            </button>
          </div>
        )}
        <main className="content">
          {view === 'connect' && <ConnectScreen />}
          {view === 'projects' && <ProjectsScreen />}
          {view === 'import' && importState.status === 'idle' && <StartScreen />}
          {view === 'import' && importState.status === 'error' && <StartScreen failed={importState} />}
          {view === 'import' && importState.status === 'reading' && <ReadingScreen fileName={importState.fileName} sizeBytes={importState.sizeBytes} progress={importState.progress} />}
          {view === 'import' && importState.status === 'ready' && <WorkbookView summary={importState.summary} sheet={importState.sheet} />}
        </main>
      </div>
    </WindowDropTarget>
  );
}
