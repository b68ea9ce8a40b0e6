import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.tsx';
import { pageI18n } from './i18n/i18n.ts';
import { registerSaveWorker } from './save/save-file.ts';
import './styles.css';

registerSaveWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={pageI18n()}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
