// Loads the ALTCHA widget, `<altcha-widget>` (the `altcha` package, MIT, pinned to 2.x: the classic
// proof-of-work protocol that the server's altcha-lib-rs 0.3 speaks, `{algorithm, challenge,
// salt, signature, maxnumber}`; altcha 3.x speaks another). The widget's "external" build is
// used so that it runs under this site's Content-Security-Policy (`default-src 'self'`): its
// stylesheet is a file of this site (no inline <style>), and its proof-of-work worker is a
// script of this site built by Vite (no blob: worker). It fetches nothing but the challenge
// URL it is given. Imported on demand by components/Altcha.svelte, so pages without it do not
// load it.
import 'altcha/external';
import 'altcha/altcha.css';
import AltchaWorker from 'altcha/worker?worker';

globalThis.altchaCreateWorker = () => new AltchaWorker();
