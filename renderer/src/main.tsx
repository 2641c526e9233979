import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { App } from './app';
import { createAppStore, wireEvents } from './store';
import { StoreContext } from './store/use-app-store';
import './styles.css';

const { client } = createApiClient();
const store = createAppStore(client);
wireEvents(client, store);
document.documentElement.lang = store.getState().language;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
