/** Entry point: choose the host, build the store, render the app, then ask the host what it can do. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { App } from './App';
import { platformOf } from './commands/shortcuts';
import { createBrowserHost } from './host/browser-host';
import { chooseHost } from './host/choose-host';
import { createAppStore, startApp } from './store';

const host = chooseHost(window, () => createBrowserHost());
const { store } = createAppStore(host, platformOf(navigator.platform));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App store={store} host={host} />
  </StrictMode>,
);
void startApp(store);
