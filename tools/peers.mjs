/**
 * Starts the local provider peer (tests/peers/server.mjs) for the dev site, the PHP suite and e2e.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { ROOT, WP_DIR } from './wordpress.mjs';

export const DEFAULT_PEER_PORT = 9443;

/** The peer's base port; read when the peer starts, so a test run can pick a free one first. */
export function peerPort() {
	return Number( process.env.PEER_PORT || DEFAULT_PEER_PORT );
}

/**
 * @param {string[]} redirectBases    Site URLs whose callback URIs the peer must accept.
 * @param {Object}   options          Options.
 * @param {boolean}  options.detached Own process group (false when a parent kills our group).
 * @return {Promise<{url: string, ca: string, env: Object, stop: Function}>} The running peer.
 */
export function startPeer( redirectBases, { detached = true } = {} ) {
	const args = [
		path.join( ROOT, 'tests/peers/server.mjs' ),
		'--dir',
		path.join( WP_DIR, 'peers' ),
		'--port',
		String( peerPort() ),
	];
	for ( const base of redirectBases ) {
		args.push( '--redirect-base', base );
	}
	const child = spawn( process.execPath, args, {
		cwd: ROOT,
		stdio: [ 'ignore', 'pipe', 'inherit' ],
		detached,
	} );
	const stop = () => {
		try {
			process.kill( detached ? -child.pid : child.pid, 'SIGTERM' );
		} catch {}
	};
	return new Promise( ( resolve, reject ) => {
		const timer = setTimeout( () => {
			stop();
			reject(
				new Error( 'The provider peer did not start within 30 s.' )
			);
		}, 30000 );
		child.on( 'exit', ( code ) =>
			reject( new Error( `The provider peer exited (${ code }).` ) )
		);
		readline
			.createInterface( { input: child.stdout } )
			.once( 'line', ( line ) => {
				clearTimeout( timer );
				const ready = JSON.parse( line );
				resolve( {
					url: ready.issuer,
					ca: ready.ca,
					env: {
						SYNCWARDEN_PEER_URL: ready.issuer,
						SYNCWARDEN_PEER_CA: ready.ca,
					},
					stop,
				} );
			} );
	} );
}
