/**
 * `npm start`: WordPress 6.5.5 with SyncWarden active, offline, on http://127.0.0.1:8888.
 * Installs missing PHP packages (as root), assembles WordPress, installs the dev site once,
 * builds the admin app, then serves until Ctrl+C. PORT overrides the port.
 */
import { execFileSync } from 'node:child_process';

import { startPeer } from './peers.mjs';
import {
	ADMIN,
	ensurePhp,
	ensureSite,
	log,
	ROOT,
	serve,
} from './wordpress.mjs';

const port = Number( process.env.PORT || 8888 );

try {
	ensurePhp();
	log( 'building the admin app' );
	execFileSync( 'npx', [ 'wp-scripts', 'build' ], {
		cwd: ROOT,
		stdio: [ 'ignore', 'ignore', 'inherit' ],
	} );
	ensureSite( { name: 'dev', url: `http://127.0.0.1:${ port }` } );
	// The offline sandbox: every provider points at the local peer, with sandbox credentials.
	const peer = await startPeer( [ `http://127.0.0.1:${ port }` ] );
	const server = await serve( {
		name: 'dev',
		port,
		quiet: true,
		env: { ...peer.env, SYNCWARDEN_SANDBOX_CREDENTIALS: '1' },
	} );
	const stopAll = () => {
		server.stop();
		peer.stop();
		process.exit( 0 );
	};
	process.on( 'SIGINT', stopAll );
	process.on( 'SIGTERM', stopAll );
	log( 'WordPress 6.5.5 with SyncWarden is running:' );
	log( `  site:      ${ server.url }/` );
	log(
		`  SyncWarden ${ server.url }/wp-admin/options-general.php?page=syncwarden`
	);
	log( `  log in as  ${ ADMIN.user } / ${ ADMIN.password }` );
	log(
		`  sandbox    providers point at the local peer ${ peer.url } (consent page: Allow / Deny)`
	);
	log(
		'Press Ctrl+C to stop. Site data lives in .wordpress/sites/dev (delete it to start over).'
	);
	server.child.on( 'exit', ( code ) => process.exit( code ?? 0 ) );
} catch ( error ) {
	process.stderr.write( `${ error.message }\n` );
	process.exit( 1 );
}
