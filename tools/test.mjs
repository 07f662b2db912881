/**
 * `npm test`: every test layer, each reporting its own count, then one summary table.
 *
 *   node tools/test.mjs [static] [js] [php] [e2e]     (default: all, in that order)
 *
 * PHP tests run on WordPress 6.5.5 (minimum supported) and on the 6.7 build, each against a
 * freshly installed SQLite scratch site, then once more on the first core against a throwaway
 * MariaDB (tools/mariadb.mjs; SYNCWARDEN_TEST_MARIADB=0 skips it); with SYNCWARDEN_WP_CORE (see
 * tools/user-core.mjs) on that release. E2E starts its own fresh site via Playwright.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { USER_CORE, userCoreSource } from './user-core.mjs';
import {
	coreDir,
	coreLabel,
	ensureDebianPackages,
	ensurePhp,
	ensureSite,
	log,
	ROOT,
	siteEnv,
	WP_DIR,
} from './wordpress.mjs';
import { lockfileDrift } from './deps.mjs';
import { startMariaDb } from './mariadb.mjs';
import { DEFAULT_PEER_PORT, startPeer } from './peers.mjs';
import { choosePort, choosesPort } from './ports.mjs';
import { buildZip, ZIP_ENTRIES } from './plugin-zip.mjs';
import {
	outsidePluginDir,
	sourcePluginsRow,
	verdict,
} from './source-plugins-tier.mjs';
import { findSecrets, scanFiles, trackedFiles } from './secret-scan.mjs';

const STAGES = [ 'static', 'js', 'php', 'e2e' ];
// SYNCWARDEN_TEST_SLOT=b gives a parallel run its own sites and reports (pair it with PEER_PORT
// and E2E_PORT); SYNCWARDEN_TEST_CORES=6.5 and PHPUNIT_FILTER=Name narrow a development run.
const SLOT = process.env.SYNCWARDEN_TEST_SLOT
	? `-${ process.env.SYNCWARDEN_TEST_SLOT }`
	: '';
const REPORTS = path.join( WP_DIR, `reports${ SLOT }` );
// SYNCWARDEN_WP_CORE=<folder, zip or git dir@tag> runs everything on that release instead.
const CORES = (
	process.env.SYNCWARDEN_TEST_CORES ||
	( userCoreSource() ? USER_CORE : '6.5,6.7' )
).split( ',' );

function exec( command, args, env = process.env ) {
	const started = Date.now();
	const result = spawnSync( command, args, {
		cwd: ROOT,
		env,
		stdio: 'inherit',
	} );
	return {
		ok: result.status === 0,
		seconds: ( Date.now() - started ) / 1000,
	};
}

let built = false;
function build() {
	if ( built ) {
		return;
	}
	const result = spawnSync( 'npx', [ 'wp-scripts', 'build' ], {
		cwd: ROOT,
		encoding: 'utf8',
	} );
	if ( result.status !== 0 ) {
		process.stdout.write( result.stdout + result.stderr );
		throw new Error( 'wp-scripts build failed' );
	}
	built = true;
}

/**
 * One PHPUnit run on a freshly installed scratch site of the given core.
 *
 * @param {string}   version   Core version key.
 * @param {Object}   peerEnv   Environment pointing the site at the provider peer.
 * @param {boolean}  multisite A subdirectory network running only the multisite suite.
 * @param {Object}   mariadb   The MariaDB server to install the site on (else SQLite).
 * @param {string[]} suites    Testsuites of phpunit.xml.dist instead of the default ones; the
 *                             first names the site and the report.
 */
function runPhpunit(
	version,
	peerEnv,
	multisite = false,
	mariadb = null,
	suites = []
) {
	const suite = suites[ 0 ] ?? '';
	const kind = `phpunit${ multisite ? '-network' : '' }${
		suite ? `-${ suite }` : ''
	}${ mariadb ? '-mariadb' : '' }`;
	const name = `${ kind }-${ version }${ SLOT }`;
	const db = mariadb
		? { host: mariadb.host, name: mariadb.database( name ) }
		: null;
	ensureSite( { version, name, fresh: true, multisite, db } );
	const junit = path.join( REPORTS, `${ kind }-${ version }.xml` );
	fs.rmSync( junit, { force: true } ); // A crashed run must not report the last run's counts.
	const env = siteEnv( name, {
		SYNCWARDEN_WP_CORE: coreDir( version ),
		SYNCWARDEN_DISABLE_WP_CRON: '1',
		SYNCWARDEN_TEST_DB: mariadb ? 'mariadb' : 'sqlite',
		...peerEnv,
		...( suite.startsWith( 'source-plugins' )
			? outsidePluginDir( coreDir( version ), name )
			: {} ),
	} );
	const filter = process.env.PHPUNIT_FILTER
		? [ '--filter', process.env.PHPUNIT_FILTER ]
		: [];
	const result = exec(
		'phpunit',
		[
			'-c',
			'tests/php/phpunit.xml.dist',
			'--testsuite',
			suites.join( ',' ) ||
				( multisite ? 'multisite' : 'integration,security' ) +
					( mariadb ? ',mysql' : '' ),
			'--log-junit',
			junit,
			...filter,
		],
		env
	);
	const counts = junitCounts( junit );
	return {
		layer: `phpunit${ multisite ? ' network' : '' }${
			suite ? ` ${ suite }` : ''
		} (WP ${ coreLabel( version ) }${ mariadb ? ', MariaDB' : '' })`,
		count: counts
			? `${ counts.tests - counts.failures - counts.errors - counts.skipped }/${ counts.tests } tests`
			: '?',
		...result,
		ok: result.ok && !! counts && counts.tests > 0 && counts.skipped === 0,
	};
}

/**
 * The repository and the plugin zip hold no secret-looking string; the scanner itself is proven
 * able to fail, and the zip holds only what runs.
 */
function secretScan() {
	const started = Date.now();
	const findings = scanFiles( trackedFiles() );
	// Assembled at runtime so the repository never contains them.
	const probes = [
		'-----BEGIN ' + 'PRIVATE KEY-----',
		'AIza' + 'B'.repeat( 35 ),
		'GOCSPX-' + 'c'.repeat( 28 ),
	];
	const scannerWorks = probes.every(
		( probe ) => findSecrets( `x ${ probe } y` ).length === 1
	);
	let zipOk = false;
	try {
		const { files } = buildZip();
		zipOk =
			files.every( ( file ) =>
				ZIP_ENTRIES.some(
					( entry ) =>
						file === entry || file.startsWith( `${ entry }/` )
				)
			) &&
			files.includes( 'plugin.php' ) &&
			files.includes( 'languages/syncwarden.pot' );
	} catch ( error ) {
		findings.push( error.message );
	}
	process.stdout.write(
		findings.length ? `${ findings.join( '\n' ) }\n` : ''
	);
	return {
		layer: 'secret scan (repo + zip)',
		count: `${ trackedFiles().length } files`,
		ok: findings.length === 0 && scannerWorks && zipOk,
		seconds: ( Date.now() - started ) / 1000,
	};
}

const runners = {
	static() {
		ensurePhp();
		const rows = [];
		const phpFiles = trackedFiles( '*.php' );
		let phpOk = true;
		const started = Date.now();
		for ( const file of phpFiles ) {
			const lint = spawnSync( 'php', [ '-l', file ], {
				cwd: ROOT,
				encoding: 'utf8',
			} );
			if ( lint.status !== 0 ) {
				phpOk = false;
				process.stdout.write( lint.stdout + lint.stderr );
			}
		}
		rows.push( {
			layer: 'php -l',
			count: `${ phpFiles.length } files`,
			ok: phpOk,
			seconds: ( Date.now() - started ) / 1000,
		} );
		const eslint = exec( 'npx', [ 'wp-scripts', 'lint-js' ] );
		rows.push( {
			layer: 'eslint',
			count: `${ trackedFiles( '*.ts' ).length + trackedFiles( '*.tsx' ).length + trackedFiles( '*.js' ).length + trackedFiles( '*.mjs' ).length } files`,
			...eslint,
		} );
		// Before the secret scan: building the zip regenerates the POT, which would hide a stale one.
		const pot = exec( process.execPath, [
			'--test',
			'--test-reporter=dot',
			'tools/makepot.test.mjs',
		] );
		rows.push( {
			layer: 'POT current (makepot)',
			count: 'languages/',
			...pot,
		} );
		rows.push( secretScan() );
		const drift = lockfileDrift();
		if ( drift ) {
			process.stdout.write( `${ drift }\n` );
		}
		rows.push( {
			layer: 'lockfile as committed',
			count: 'package-lock.json',
			ok: ! drift,
			seconds: 0,
		} );
		const tsc = exec( 'npx', [ 'tsc', '--noEmit' ] );
		rows.push( {
			layer: 'tsc --noEmit',
			count: `${ trackedFiles( '*.ts' ).length + trackedFiles( '*.tsx' ).length } files`,
			...tsc,
		} );
		return rows;
	},

	js() {
		const output = path.join( REPORTS, 'jest.json' );
		const result = exec( 'npx', [
			'wp-scripts',
			'test-unit-js',
			'--config',
			'jest.config.js',
			'--json',
			`--outputFile=${ output }`,
		] );
		const report = readJson( output );
		return [
			{
				layer: 'jest (src/)',
				count: report
					? `${ report.numPassedTests }/${ report.numTotalTests } tests`
					: '?',
				...result,
				ok: result.ok && !! report && report.numTotalTests > 0,
			},
		];
	},

	async php() {
		ensurePhp();
		ensureDebianPackages(
			[ 'phpunit' ],
			() => spawnSync( 'sh', [ '-c', 'command -v phpunit' ] ).status === 0
		);
		build();
		// The peer proves itself first: every PHP test below trusts its behaviour.
		const selftest = exec( process.execPath, [
			'tests/peers/selftest.mjs',
		] );
		const peerRow = {
			layer: 'peer selftest',
			count: 'tests/peers',
			...selftest,
		};
		const peer = await startPeerOnFreePort();
		let mariadb = null;
		try {
			const rows = [
				peerRow,
				...CORES.map( ( version ) => runPhpunit( version, peer.env ) ),
				sourcePluginsRow( CORES[ 0 ], null, ( version ) =>
					runPhpunit( version, peer.env, false, null, [
						'source-plugins',
					] )
				),
				// A real subdirectory network, network-activated, on the oldest core asked for.
				...( process.env.PHPUNIT_FILTER
					? []
					: [ runPhpunit( CORES[ 0 ], peer.env, true ) ] ),
			];
			// The same suite on InnoDB's row locks, where the concurrency proofs really race.
			if ( '0' !== process.env.SYNCWARDEN_TEST_MARIADB ) {
				mariadb = await startMariaDb( SLOT );
				rows.push( runPhpunit( CORES[ 0 ], peer.env, false, mariadb ) );
				// The real plugins again, with those that run only on MySQL/MariaDB (Amelia).
				rows.push(
					sourcePluginsRow( CORES[ 0 ], mariadb, ( version ) =>
						runPhpunit( version, peer.env, false, mariadb, [
							'source-plugins',
							'source-plugins-mysql',
						] )
					)
				);
			}
			return rows;
		} finally {
			mariadb?.stop();
			peer.stop();
		}
	},

	async e2e() {
		ensurePhp();
		ensureDebianPackages( [ 'chromium', 'fonts-liberation' ], () =>
			fs.existsSync( '/usr/bin/chromium' )
		);
		build();
		await choosePort( 'E2E_PORT', 8891, [ 0, 1000 ], log );
		const output = path.join( REPORTS, 'playwright.json' );
		const result = exec( 'npx', [ 'playwright', 'test' ], {
			...process.env,
			PLAYWRIGHT_JSON_OUTPUT_NAME: output,
		} );
		const stats = readJson( output )?.stats;
		const total = stats
			? stats.expected + stats.unexpected + stats.flaky + stats.skipped
			: 0;
		return [
			{
				layer: 'playwright (Chromium)',
				count: stats ? `${ stats.expected }/${ total } tests` : '?',
				...result,
				ok: result.ok && total > 0 && stats.skipped === 0,
			},
		];
	},
};

/**
 * The provider peer for the PHP layers, on a free port. A running `npm start` holds the default
 * one, and another run can bind the port between our check and the peer's listen: then another
 * port is tried (never one the caller chose).
 * @return {Promise<Object>} The running peer.
 */
async function startPeerOnFreePort() {
	for ( let attempt = 1; ; attempt++ ) {
		await choosePort( 'PEER_PORT', DEFAULT_PEER_PORT, [ 0, 1, 2 ], log );
		try {
			// Both cores' scratch sites answer on 127.0.0.1:8888 in CLI: one callback base suffices.
			return await startPeer( [ 'http://127.0.0.1:8888' ] );
		} catch ( error ) {
			if ( attempt === 3 || ! choosesPort( 'PEER_PORT' ) ) {
				throw error;
			}
			log( `${ error.message } Trying another port.` );
		}
	}
}

/**
 * A row's [passed, total]: its test counts where it has them ("343/345 tests"), otherwise the row
 * is one check (a lint over N files passes or fails as a whole).
 *
 * @param {Object} row Summary row.
 * @return {number[]} Passed and total.
 */
function tally( row ) {
	if ( row.notRun ) {
		return [ 0, 0 ];
	}
	const counts = String( row.count ).match( /^(\d+)\/(\d+) tests$/ );
	if ( counts ) {
		const passed = Number( counts[ 1 ] );
		const total = Number( counts[ 2 ] );
		// A layer that failed with every test passing (a crash after the run) still counts as failed.
		return row.ok || passed < total
			? [ passed, total ]
			: [ passed, total + 1 ];
	}
	return row.ok ? [ 1, 1 ] : [ 0, 1 ];
}

function readJson( file ) {
	try {
		return JSON.parse( fs.readFileSync( file, 'utf8' ) );
	} catch {
		return null;
	}
}

function junitCounts( file ) {
	if ( ! fs.existsSync( file ) ) {
		return null;
	}
	const xml = fs.readFileSync( file, 'utf8' );
	const suite = xml.match( /<testsuite [^>]*>/ )?.[ 0 ] ?? '';
	const attr = ( name ) =>
		Number( suite.match( new RegExp( `${ name }="(\\d+)"` ) )?.[ 1 ] ?? 0 );
	return {
		tests: attr( 'tests' ),
		failures: attr( 'failures' ),
		errors: attr( 'errors' ),
		skipped: attr( 'skipped' ),
	};
}

const requested = process.argv.slice( 2 );
const stages = requested.length ? requested : STAGES;
const unknown = stages.filter( ( stage ) => ! STAGES.includes( stage ) );
if ( unknown.length ) {
	process.stderr.write(
		`Unknown stage(s): ${ unknown.join( ', ' ) }. Known: ${ STAGES.join( ', ' ) }\n`
	);
	process.exit( 2 );
}

fs.mkdirSync( REPORTS, { recursive: true } );
const rows = [];
for ( const stage of stages ) {
	log( `--- ${ stage } ---` );
	try {
		rows.push( ...( await runners[ stage ]() ) );
	} catch ( error ) {
		rows.push( { layer: stage, count: '-', ok: false, seconds: 0 } );
		process.stderr.write( `${ error.message }\n` );
	}
}

log( 'summary' );
for ( const row of rows ) {
	process.stdout.write(
		`  ${ verdict( row ) }  ${ row.layer.padEnd( 28 ) } ${ String( row.count ).padEnd( 16 ) } ${ row.seconds.toFixed( 1 ) } s\n`
	);
}
const totals = rows.reduce(
	( sum, row ) => {
		const [ passed, total ] = tally( row );
		return {
			passed: sum.passed + passed,
			failed: sum.failed + total - passed,
		};
	},
	{ passed: 0, failed: 0 }
);
const notRun = rows.filter( ( row ) => row.notRun ).length;
process.stdout.write(
	`${ totals.passed } passed, ${ totals.failed } failed${
		notRun ? `, ${ notRun } not run` : ''
	}\n`
);
process.exit( rows.every( ( row ) => row.ok ) && totals.failed === 0 ? 0 : 1 );
