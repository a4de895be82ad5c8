import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { loadSession } from './lib/auth.svelte';
import { initI18n } from './lib/i18n.svelte';
import { startRouter } from './lib/router.svelte';

startRouter();
void loadSession();
try {
  await initI18n();
} catch (e) {
  // A locale chunk that fails to load must not keep the page blank: English is bundled.
  console.warn('could not load the preferred language', e);
}

const app = mount(App, { target: document.getElementById('app')! });

export default app;
