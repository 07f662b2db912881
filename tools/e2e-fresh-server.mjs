/**
 * Playwright's second webServer: a brand-new site on which SyncWarden was never installed, for
 * tests/e2e/install-zip.spec.ts to install it the way a site owner does (Plugins → Add New
 * Plugin → Upload Plugin). The site runs on its own copy of the core (ensureSite's `bare`),
 * because the shared cores have the working tree symlinked in as wp-content/plugins/syncwarden,
 * exactly where the upload unpacks. The zip is built from the working tree on every run, by the
 * same code as `npm run plugin-zip`, and lands in the site's folder (not served), so parallel runs
 * and `dist/` never share one.
 */
import path from 'node:path';

import { buildZip } from './plugin-zip.mjs';
import {
	DEFAULT_CORE,
	ensurePhp,
	ensureSite,
	serve,
	siteDir,
} from './wordpress.mjs';

// E2E_PORT + 1000: parallel slots take neighbouring E2E ports (8891, 8893, …), so a small offset
// would land on another slot's main site. Keep in step with playwright.config.ts.
const port = Number( process.env.E2E_PORT || 8891 ) + 1000;
const version = process.env.E2E_WP || DEFAULT_CORE;
const url = `http://127.0.0.1:${ port }`;
const name = `e2e-zip-${ version }${ process.env.SYNCWARDEN_TEST_SLOT ? `-${ process.env.SYNCWARDEN_TEST_SLOT }` : '' }`;

ensurePhp();
ensureSite( { version, name, fresh: true, url, bare: true } );
buildZip( path.join( siteDir( name ), 'syncwarden.zip' ) );
// WP-Cron stays on, as on a site owner's install; no peer, no sandbox: nothing is connected here.
await serve( { version, name, port, detached: false, quiet: true } );
