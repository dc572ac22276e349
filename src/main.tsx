// Entry: start the engine worker and open the database in parallel, then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineBridge } from './bridge/bridge';
import { openCineLocalDatabase } from './storage/db';
import { App } from './app/App';
import { applyTheme, storedTheme } from './app/theme';
import './app/styles.css';

applyTheme(storedTheme());

const bridge = createEngineBridge();
const dataBaseUrl = new URL(`${import.meta.env.BASE_URL}data/`, window.location.href).href;
// Failures are shown by the engine gate from the bridge state.
bridge.load(dataBaseUrl).catch(() => undefined);

const root = createRoot(document.getElementById('root')!);
openCineLocalDatabase()
  .then(({ db, persistent }) => {
    root.render(
      <StrictMode>
        <App services={{ db, persistent, bridge, dataBaseUrl }} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(
      <main className="gate">
        <div className="gate-card" role="alert">
          <h1>CineLocal could not start</h1>
          <p>{error instanceof Error ? error.message : String(error)}</p>
        </div>
      </main>,
    );
  });
