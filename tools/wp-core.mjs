/**
 * WordPress cores assembled offline from npm packages (or the user's own, SYNCWARDEN_WP_CORE),
 * with the SQLite drop-in, the dev mu-plugins and this plugin symlinked in.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import {
	coreVersion,
	unpackUserCore,
	USER_CORE,
	userCoreSource,
} from './user-core.mjs';
import {
	CACHE_DIR,
	log,
	PLUGIN_SLUG,
	ROOT,
	run,
	TOOLS_WP,
	WP_DIR,
	withScratch,
} from './wp-base.mjs';

const BUILDS_PACKAGE = '@wp-playground/wordpress-builds@0.9.19';
const SQLITE_PACKAGE = '@wp-playground/cli@3.1.56';

/** The cores this project runs on; `6.5` is the default and the minimum supported version. */
export const CORES = {
	6.5: { zip: 'wp-6.5.zip', assets: 'wp-6.5' },
	6.7: { zip: 'wp-nightly.zip', assets: 'wp-nightly' },
	...( userCoreSource()
		? { [ USER_CORE ]: { source: userCoreSource() } }
		: {} ),
};

/** The core everything uses unless told otherwise: the user's (SYNCWARDEN_WP_CORE) or 6.5.5. */
export const DEFAULT_CORE = userCoreSource() ? USER_CORE : '6.5';

/**
 * "6.5.5", "7.1.0": the WordPress version of an assembled core.
 * @param {string} version Core version key.
 */
export function coreLabel( version ) {
	return coreVersion( coreDir( version ) );
}

function packOnce( spec ) {
	fs.mkdirSync( CACHE_DIR, { recursive: true } );
	const name = spec.replace( /^@/, '' ).replace( /[/@]/g, '-' ) + '.tgz';
	const target = path.join( CACHE_DIR, name );
	if ( ! fs.existsSync( target ) ) {
		log( `fetching ${ spec } from the npm registry (cached afterwards)` );
		const packed = execFileSync(
			'npm',
			[ 'pack', spec, '--silent', '--pack-destination', CACHE_DIR ],
			{
				encoding: 'utf8',
				stdio: [ 'ignore', 'pipe', 'inherit' ],
			}
		)
			.trim()
			.split( '\n' )
			.pop();
		fs.renameSync( path.join( CACHE_DIR, packed ), target );
	}
	return target;
}

export function coreDir( version ) {
	return path.join( WP_DIR, `core-${ version }` );
}

/**
 * Assembles a runnable WordPress core once; later calls only refresh the generated files.
 * @param {string} version Core version key (see CORES).
 */
export function ensureCore( version = DEFAULT_CORE ) {
	const spec = CORES[ version ];
	if ( ! spec ) {
		throw new Error(
			`Unknown WordPress core "${ version }". Known: ${ Object.keys( CORES ).join( ', ' ) }`
		);
	}
	const dir = coreDir( version );
	const marker = path.join( dir, '.syncwarden-assembled' );
	// A user core is re-assembled when SYNCWARDEN_WP_CORE names another source.
	const stamp = spec.source ? `source ${ spec.source }` : null;
	const current = fs.existsSync( marker )
		? fs.readFileSync( marker, 'utf8' )
		: null;
	if ( null === current || ( stamp && current !== stamp ) ) {
		if ( spec.source ) {
			assembleUserCore( spec.source, dir );
		} else {
			assembleCore( spec, dir );
		}
		fs.writeFileSync( marker, stamp ?? new Date().toISOString() );
	}
	writeGeneratedFiles( dir );
	return dir;
}

/**
 * Unpacks one core of Playground's builds package into `target` (replaced): the zip's PHP, then
 * its static files, which live in public/ and must not overwrite PHP files.
 * @param {Object} spec   A CORES entry with `zip` and `assets`.
 * @param {string} target Folder to create.
 */
export function unpackBuild( spec, target ) {
	const builds = packOnce( BUILDS_PACKAGE );
	withScratch( ( scratch ) => {
		run( 'tar', [
			'-xzf',
			builds,
			'-C',
			scratch,
			`package/src/wordpress/${ spec.zip }`,
			`package/public/${ spec.assets }`,
		] );
		run( 'unzip', [
			'-q',
			path.join( scratch, 'package/src/wordpress', spec.zip ),
			'-d',
			path.join( scratch, 'core' ),
		] );
		run( 'cp', [
			'-rn',
			path.join( scratch, 'package/public', spec.assets ) + '/.',
			path.join( scratch, 'core' ),
		] );
		fs.rmSync( target, { recursive: true, force: true } );
		fs.mkdirSync( path.dirname( target ), { recursive: true } );
		fs.renameSync( path.join( scratch, 'core' ), target );
	} );
}

function assembleCore( spec, dir ) {
	const started = Date.now();
	unpackBuild( spec, dir );
	// Playground leftovers: its placeholder config, its pre-installed database, its asset list.
	for ( const leftover of [
		'wp-config.php',
		'wp-content/database',
		'wordpress-remote-asset-paths',
	] ) {
		fs.rmSync( path.join( dir, leftover ), {
			recursive: true,
			force: true,
		} );
	}
	installSqlitePlugin( dir );
	log(
		`assembled WordPress in ${ path.relative( ROOT, dir ) } (${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)`
	);
}

function assembleUserCore( source, dir ) {
	const started = Date.now();
	withScratch( ( scratch ) => unpackUserCore( source, dir, scratch, log ) );
	installSqlitePlugin( dir );
	log(
		`assembled WordPress ${ coreVersion( dir ) } from ${ source } in ${ path.relative( ROOT, dir ) } (${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)`
	);
}

function installSqlitePlugin( dir ) {
	const cli = packOnce( SQLITE_PACKAGE );
	withScratch( ( scratch ) => {
		run( 'tar', [
			'-xzf',
			cli,
			'-C',
			scratch,
			'package/sqlite-database-integration.zip',
		] );
		run( 'unzip', [
			'-q',
			path.join( scratch, 'package/sqlite-database-integration.zip' ),
			'-d',
			scratch,
		] );
		const target = path.join(
			dir,
			'wp-content/plugins/sqlite-database-integration'
		);
		fs.rmSync( target, { recursive: true, force: true } );
		fs.renameSync(
			path.join( scratch, 'plugin-sqlite-database-integration' ),
			target
		);
		const dropIn = fs
			.readFileSync( path.join( target, 'db.copy' ), 'utf8' )
			.replaceAll( '{SQLITE_IMPLEMENTATION_FOLDER_PATH}', target )
			.replaceAll(
				'{SQLITE_PLUGIN}',
				'sqlite-database-integration/load.php'
			);
		fs.writeFileSync( path.join( dir, 'wp-content/db.php' ), dropIn );
	} );
}

function writeGeneratedFiles( dir ) {
	fs.copyFileSync(
		path.join( TOOLS_WP, 'wp-config.php' ),
		path.join( dir, 'wp-config.php' )
	);
	const muPlugins = path.join( dir, 'wp-content/mu-plugins' );
	fs.mkdirSync( muPlugins, { recursive: true } );
	const devPlugins = {
		'mu-plugin.php': 'syncwarden-offline-dev.php',
		'sandbox.php': 'syncwarden-sandbox.php',
	};
	for ( const [ source, target ] of Object.entries( devPlugins ) ) {
		fs.copyFileSync(
			path.join( TOOLS_WP, source ),
			path.join( muPlugins, target )
		);
	}
	const link = path.join( dir, 'wp-content/plugins', PLUGIN_SLUG );
	if ( ! fs.existsSync( link ) ) {
		fs.symlinkSync( ROOT, link, 'dir' );
	}
}
