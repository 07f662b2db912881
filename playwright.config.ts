import { defineConfig } from '@playwright/test';

const port = Number( process.env.E2E_PORT || 8891 );
// The core the e2e sites run on (tools/wordpress.mjs DEFAULT_CORE): the release SYNCWARDEN_WP_CORE
// names (tools/user-core.mjs), else 6.5.5. Set here so the web servers and the specs agree.
const userCore =
	!! process.env.SYNCWARDEN_WP_CORE &&
	! process.env.SYNCWARDEN_WP_CORE.includes( '/.wordpress/core-' );
process.env.E2E_WP ||= userCore ? 'user' : '6.5';
export const baseURL = `http://127.0.0.1:${ port }`;
const slot = process.env.SYNCWARDEN_TEST_SLOT
	? `-${ process.env.SYNCWARDEN_TEST_SLOT }`
	: '';
const reports = `.wordpress/reports${ slot }`;
export const adminState = `${ reports }/admin-state.json`;
/**
 * The site without SyncWarden that tests/e2e/install-zip.spec.ts installs the zip on, served by
 * tools/e2e-fresh-server.mjs (same port and name rules; its own core lives in `dir`/wordpress).
 */
export const freshSite = {
	url: `http://127.0.0.1:${ port + 1000 }`,
	dir: `.wordpress/sites/e2e-zip-${ process.env.E2E_WP }${ slot }`,
};

/** The e2e site tools/e2e-server.mjs makes for this run: its core and its site folder. */
export const e2eSite = {
	core: `.wordpress/core-${ process.env.E2E_WP }`,
	dir: `.wordpress/sites/e2e-${ process.env.E2E_WP }${ slot }`,
};

export default defineConfig( {
	testDir: 'tests/e2e',
	// The docs' screenshots are written on request (`npm run screenshots`), never by `npm test`:
	// that layer fails on skipped tests, so the spec is left out rather than skipped.
	testIgnore: process.env.SYNCWARDEN_SCREENSHOTS
		? []
		: [ '**/screenshots.spec.ts' ],
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	timeout: 30_000,
	reporter: [ [ 'list' ], [ 'json' ] ],
	outputDir: `${ reports }/playwright`,
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL,
		storageState: adminState,
		trace: 'retain-on-failure',
		launchOptions: {
			// Debian's Chromium; Playwright never downloads a browser here.
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		},
	},
	webServer: [
		{
			command: 'node tools/e2e-server.mjs',
			url: `${ baseURL }/wp-login.php`,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'ignore',
			stderr: 'pipe',
		},
		{
			command: 'node tools/e2e-fresh-server.mjs',
			url: `${ freshSite.url }/wp-login.php`,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'ignore',
			stderr: 'pipe',
		},
	],
} );
