/**
 * A throwaway MariaDB server for the PHP suite's second database engine.
 *
 * SQLite has one database-wide write lock, so the concurrency proofs (refresh lock, counters,
 * import processes, bulk insert) only mean something once they also pass on InnoDB's row locks;
 * dbDelta and charset quirks differ too. The server lives in `.wordpress/mariadb<slot>/`, listens
 * on a Unix socket only (no port to collide with another run), and is deleted when stopped.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ensureDebianPackages, log, WP_DIR } from './wordpress.mjs';

const PACKAGES = [ 'mariadb-server', 'php8.2-mysql' ];

function available() {
	const hasServer =
		spawnSync( 'sh', [ '-c', 'command -v mariadb-install-db mariadbd' ] )
			.status === 0 || fs.existsSync( '/usr/sbin/mariadbd' );
	const modules = spawnSync( 'php', [ '-m' ], { encoding: 'utf8' } ).stdout;
	return hasServer && /^mysqli$/im.test( modules ?? '' );
}

function serverBinary() {
	return fs.existsSync( '/usr/sbin/mariadbd' )
		? '/usr/sbin/mariadbd'
		: 'mariadbd';
}

function sql( socket, statement, quiet = false ) {
	execFileSync(
		'mariadb',
		[ '--no-defaults', '-S', socket, '-uroot', '-e', statement ],
		{ stdio: [ 'ignore', 'ignore', quiet ? 'ignore' : 'inherit' ] }
	);
}

/**
 * Installs a fresh data directory and starts the server on it; resolves once it answers.
 *
 * @param {string} slot Suffix that keeps parallel runs apart ('' or '-name').
 * @return {Promise<{host: string, database: Function, stop: Function}>} `host` is WordPress's
 *         DB_HOST; `database(name)` creates an empty database and returns its name.
 */
export async function startMariaDb( slot ) {
	ensureDebianPackages( PACKAGES, available );
	const dir = path.join( WP_DIR, `mariadb${ slot }` );
	const data = path.join( dir, 'data' );
	const socket = path.join( dir, 'mysqld.sock' );
	fs.rmSync( dir, { recursive: true, force: true } );
	fs.mkdirSync( dir, { recursive: true } );
	// `normal` root authentication: a password-less root over the socket, whoever runs the tests.
	execFileSync(
		'mariadb-install-db',
		[
			'--no-defaults',
			`--datadir=${ data }`,
			'--auth-root-authentication-method=normal',
			'--skip-test-db',
			...( 0 === process.getuid?.() ? [ '--user=root' ] : [] ),
		],
		{ stdio: [ 'ignore', 'ignore', 'inherit' ] }
	);
	const child = spawn(
		serverBinary(),
		[
			'--no-defaults',
			...( 0 === process.getuid?.() ? [ '--user=root' ] : [] ),
			`--datadir=${ data }`,
			`--socket=${ socket }`,
			`--pid-file=${ path.join( dir, 'mariadbd.pid' ) }`,
			`--log-error=${ path.join( dir, 'error.log' ) }`,
			'--skip-networking',
			'--skip-log-bin',
			// Small and fast: a scratch server for tests, nothing to keep on a crash.
			'--innodb-log-file-size=16M',
			'--innodb-buffer-pool-size=64M',
			'--innodb-flush-log-at-trx-commit=0',
			'--character-set-server=utf8mb4',
			'--collation-server=utf8mb4_unicode_ci',
		],
		{ stdio: 'ignore', detached: true }
	);
	let exited = false;
	child.on( 'exit', () => ( exited = true ) );
	const stop = () => {
		if ( ! exited ) {
			try {
				process.kill( child.pid, 'SIGTERM' );
			} catch {}
			// Wait for a clean shutdown so the data directory can go.
			for ( let i = 0; i < 100 && isRunning( child.pid ); i++ ) {
				spawnSync( 'sleep', [ '0.1' ] );
			}
		}
		fs.rmSync( dir, { recursive: true, force: true } );
	};
	for ( let i = 0; i < 100 && ! exited; i++ ) {
		try {
			sql( socket, 'SELECT 1', true ); // Fails until the server is up.
			log( `MariaDB ${ path.relative( WP_DIR, dir ) } is up` );
			return {
				host: `localhost:${ socket }`,
				database( name ) {
					const db = name.replace( /[^A-Za-z0-9_]/g, '_' );
					sql(
						socket,
						`DROP DATABASE IF EXISTS \`${ db }\`; CREATE DATABASE \`${ db }\``
					);
					return db;
				},
				stop,
			};
		} catch {
			await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
		}
	}
	const errors = path.join( dir, 'error.log' );
	const tail = fs.existsSync( errors )
		? fs.readFileSync( errors, 'utf8' ).slice( -2000 )
		: '';
	stop();
	throw new Error( `MariaDB did not start:\n${ tail }` );
}

function isRunning( pid ) {
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}
