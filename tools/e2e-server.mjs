/**
 * Playwright's webServer: a freshly installed site (never the dev site) on E2E_PORT, with the
 * provider peer beside it. Both stay in our process group, so Playwright stopping us stops them.
 */
import { startPeer } from './peers.mjs';
import { DEFAULT_CORE, ensurePhp, ensureSite, serve } from './wordpress.mjs';

const port = Number( process.env.E2E_PORT || 8891 );
const version = process.env.E2E_WP || DEFAULT_CORE;
const url = `http://127.0.0.1:${ port }`;
const name = `e2e-${ version }${ process.env.SYNCWARDEN_TEST_SLOT ? `-${ process.env.SYNCWARDEN_TEST_SLOT }` : '' }`;

ensurePhp();
ensureSite( { version, name, fresh: true, url } );
const peer = await startPeer( [ url ], { detached: false } );
await serve( {
	version,
	name,
	port,
	detached: false,
	quiet: true,
	env: {
		SYNCWARDEN_DISABLE_WP_CRON: '1',
		// The peer delivers webhooks to this site (tools/wp/sandbox.php).
		SYNCWARDEN_WEBHOOK_BASE: `${ url }/wp-json/`,
		...peer.env,
	},
} );
