/**
 * Playwright's webServer: a freshly installed site (never the dev site) on E2E_PORT.
 * php -S stays in our process group, so Playwright stopping us stops its workers too.
 */
import { ensurePhp, ensureSite, serve } from './wordpress.mjs';

const port = Number( process.env.E2E_PORT || 8891 );
const version = process.env.E2E_WP || '6.5';

ensurePhp();
ensureSite( {
	version,
	name: `e2e-${ version }`,
	fresh: true,
	url: `http://127.0.0.1:${ port }`,
} );
await serve( {
	version,
	name: `e2e-${ version }`,
	port,
	detached: false,
	quiet: true,
	env: { SYNCWARDEN_DISABLE_WP_CRON: '1' },
} );
