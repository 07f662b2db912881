/**
 * Offline WordPress for development, tests and benchmarks.
 *
 * Everything lives in the ignored `.wordpress/` folder:
 *   cache/        npm tarballs the cores are assembled from (packed once)
 *   core-6.5/     WordPress 6.5.5 (+ SQLite drop-in, dev mu-plugin, this plugin symlinked)
 *   core-6.7/     the 6.7-alpha build, for the compatibility run
 *   sites/<name>/ one SQLite database, fresh salts, debug.log and captured mail per site;
 *                 a `bare` site also holds its own core, wordpress/, without SyncWarden
 *
 * A core serves any site: wp-config.php picks the site from SYNCWARDEN_SITE_DIR.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	coreVersion,
	unpackUserCore,
	USER_CORE,
	userCoreSource,
} from './user-core.mjs';

export const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
export const WP_DIR = path.join( ROOT, '.wordpress' );
const CACHE_DIR = path.join( WP_DIR, 'cache' );
const SITES_DIR = path.join( WP_DIR, 'sites' );
const TOOLS_WP = path.join( ROOT, 'tools', 'wp' );
export const PLUGIN_SLUG = 'syncwarden';
export const ADMIN = {
	user: 'admin',
	password: 'password',
	email: 'admin@example.test',
};

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

const PHP_PACKAGES = [
	'php8.2-cli',
	'php8.2-sqlite3',
	'php8.2-mbstring',
	'php8.2-xml',
	'php8.2-curl',
	'php8.2-intl',
	'unzip',
];

export function log( message ) {
	process.stdout.write( `[syncwarden] ${ message }\n` );
}

function run( command, args, options = {} ) {
	execFileSync( command, args, {
		stdio: [ 'ignore', 'ignore', 'inherit' ],
		...options,
	} );
}

function commandExists( command ) {
	return spawnSync( 'sh', [ '-c', `command -v ${ command }` ] ).status === 0;
}

function phpHasExtensions() {
	if ( ! commandExists( 'php' ) ) {
		return false;
	}
	const modules = spawnSync( 'php', [ '-m' ], {
		encoding: 'utf8',
	} ).stdout.toLowerCase();
	return [ 'pdo_sqlite', 'mbstring', 'xml', 'curl', 'intl', 'sodium' ].every(
		( m ) => modules.includes( m )
	);
}

/**
 * Installs Debian packages when they are missing. As root with apt we do it ourselves;
 * otherwise we stop with the exact command, because a half-working PHP is worse than none.
 * @param {string[]}      packages  Debian package names.
 * @param {() => boolean} isPresent Tells whether they are usable already.
 */
export function ensureDebianPackages( packages, isPresent ) {
	if ( isPresent() ) {
		return;
	}
	const command = `apt-get install -y --no-install-recommends ${ packages.join( ' ' ) }`;
	if ( process.getuid?.() !== 0 || ! commandExists( 'apt-get' ) ) {
		throw new Error(
			`Missing system packages. Install them with:\n  sudo apt-get update && sudo ${ command }`
		);
	}
	log( `installing ${ packages.join( ' ' ) } (apt)` );
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run( 'apt-get', [ 'update', '-q' ], { env } );
	run( 'sh', [ '-c', command ], { env } );
}

export function ensurePhp() {
	ensureDebianPackages( PHP_PACKAGES, phpHasExtensions );
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

function assembleCore( spec, dir ) {
	const started = Date.now();
	const builds = packOnce( BUILDS_PACKAGE );
	const scratch = fs.mkdtempSync( path.join( WP_DIR, 'tmp-' ) );
	try {
		run( 'tar', [
			'-xzf',
			builds,
			'-C',
			scratch,
			`package/src/wordpress/${ spec.zip }`,
			`package/public/${ spec.assets }`,
		] );
		fs.rmSync( dir, { recursive: true, force: true } );
		run( 'unzip', [
			'-q',
			path.join( scratch, 'package/src/wordpress', spec.zip ),
			'-d',
			path.join( scratch, 'core' ),
		] );
		// The zip ships PHP only; static assets live in public/ and must not overwrite PHP files.
		run( 'cp', [
			'-rn',
			path.join( scratch, 'package/public', spec.assets ) + '/.',
			path.join( scratch, 'core' ),
		] );
		fs.renameSync( path.join( scratch, 'core' ), dir );
	} finally {
		fs.rmSync( scratch, { recursive: true, force: true } );
	}
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
	fs.mkdirSync( WP_DIR, { recursive: true } );
	const scratch = fs.mkdtempSync( path.join( WP_DIR, 'tmp-' ) );
	try {
		unpackUserCore( source, dir, scratch, log );
	} finally {
		fs.rmSync( scratch, { recursive: true, force: true } );
	}
	installSqlitePlugin( dir );
	log(
		`assembled WordPress ${ coreVersion( dir ) } from ${ source } in ${ path.relative( ROOT, dir ) } (${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)`
	);
}

function installSqlitePlugin( dir ) {
	const cli = packOnce( SQLITE_PACKAGE );
	const scratch = fs.mkdtempSync( path.join( WP_DIR, 'tmp-' ) );
	try {
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
	} finally {
		fs.rmSync( scratch, { recursive: true, force: true } );
	}
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

export function siteDir( name ) {
	return path.join( SITES_DIR, name );
}

/**
 * Environment that points WordPress (PHP CLI or php -S) at one site.
 * @param {string} name  Site name.
 * @param {Object} extra More environment variables.
 */
export function siteEnv( name, extra = {} ) {
	return { ...process.env, SYNCWARDEN_SITE_DIR: siteDir( name ), ...extra };
}

/**
 * The core a site runs on: its own copy when ensureSite made one (`bare`), else the shared core.
 * @param {string} version Core version key.
 * @param {string} name    Site name.
 */
export function siteCore( version, name ) {
	const own = path.join( siteDir( name ), 'wordpress' );
	return fs.existsSync( own ) ? own : coreDir( version );
}

/**
 * Gives a site its own copy of a core without SyncWarden, so the plugin can be installed the way
 * a site owner does: the shared cores have the working tree symlinked in as
 * wp-content/plugins/syncwarden, where an uploaded copy would collide with it. Other sites'
 * uploads stay behind, and the SQLite drop-in is pointed at the copy's own SQLite plugin.
 * @param {string} version Core version key.
 * @param {string} name    Site name.
 */
function copyCoreWithoutPlugin( version, name ) {
	const shared = coreDir( version );
	const own = path.join( siteDir( name ), 'wordpress' );
	const skip = new Set(
		[ `wp-content/plugins/${ PLUGIN_SLUG }`, 'wp-content/uploads' ].map(
			( entry ) => path.join( shared, entry )
		)
	);
	fs.cpSync( shared, own, {
		recursive: true,
		filter: ( source ) => ! skip.has( source ),
	} );
	const dropIn = path.join( own, 'wp-content/db.php' );
	fs.writeFileSync(
		dropIn,
		fs.readFileSync( dropIn, 'utf8' ).replaceAll( shared, own )
	);
}

function wpCli( version, name, args, extraEnv = {} ) {
	return execFileSync(
		'php',
		[
			path.join( TOOLS_WP, 'cli.php' ),
			siteCore( version, name ),
			...args,
		],
		{
			env: siteEnv( name, extraEnv ),
			encoding: 'utf8',
			stdio: [ 'ignore', 'pipe', 'inherit' ],
		}
	).trim();
}

/**
 * The site's database constants when it runs on MariaDB (see tools/mariadb.mjs); none for SQLite.
 * @param {?{host: string, name: string}} db Server address (DB_HOST) and database name.
 */
function databaseConfig( db ) {
	if ( ! db ) {
		return '';
	}
	return [
		'// MariaDB instead of the SQLite drop-in.',
		"define( 'DB_ENGINE', 'mysql' );",
		`define( 'DB_HOST', '${ db.host }' );`,
		`define( 'DB_NAME', '${ db.name }' );`,
		"define( 'DB_USER', 'root' );",
		"define( 'DB_PASSWORD', '' );",
		"define( 'DB_COLLATE', 'utf8mb4_unicode_ci' );",
		'',
	].join( '\n' );
}

function saltsFile() {
	const names = [
		'AUTH_KEY',
		'SECURE_AUTH_KEY',
		'LOGGED_IN_KEY',
		'NONCE_KEY',
		'AUTH_SALT',
		'SECURE_AUTH_SALT',
		'LOGGED_IN_SALT',
		'NONCE_SALT',
	];
	const lines = names.map(
		( n ) =>
			`define( '${ n }', '${ randomBytes( 48 ).toString( 'base64' ) }' );`
	);
	return `<?php\n// Fresh random salts for this local site only.\n${ lines.join( '\n' ) }\n`;
}

/**
 * Installs a site from scratch (when `fresh` or missing) and activates SyncWarden (unless `bare`).
 * Returns the site name.
 * @param {Object}  site           Site options.
 * @param {string}  site.version   Core version key (see CORES).
 * @param {string}  site.name      Site name (folder under .wordpress/sites).
 * @param {boolean} site.fresh     Delete and reinstall.
 * @param {string}  site.url       URL WordPress is installed for.
 * @param {boolean} site.multisite A subdirectory network with a second site (see makeNetwork).
 * @param {boolean} site.bare      Its own core without SyncWarden, which stays uninstalled (see
 *                                 copyCoreWithoutPlugin).
 * @param {Object}  site.db        MariaDB `{ host, name }` instead of SQLite (see databaseConfig).
 */
export function ensureSite( {
	version = DEFAULT_CORE,
	name,
	fresh = false,
	url = 'http://127.0.0.1:8888',
	multisite = false,
	bare = false,
	db = null,
} ) {
	ensureCore( version );
	const dir = siteDir( name );
	if ( fresh ) {
		fs.rmSync( dir, { recursive: true, force: true } );
	}
	if ( fs.existsSync( path.join( dir, 'installed' ) ) ) {
		return name;
	}
	fs.rmSync( dir, { recursive: true, force: true } );
	fs.mkdirSync( dir, { recursive: true } );
	fs.writeFileSync(
		path.join( dir, 'config.php' ),
		saltsFile() + databaseConfig( db )
	);
	fs.writeFileSync( path.join( dir, 'core' ), version );
	if ( bare ) {
		copyCoreWithoutPlugin( version, name );
	}
	wpCli( version, name, [
		'install',
		url,
		ADMIN.user,
		ADMIN.password,
		ADMIN.email,
	] );
	if ( multisite ) {
		makeNetwork( version, name, url );
	} else if ( ! bare ) {
		wpCli( version, name, [ 'activate', `${ PLUGIN_SLUG }/plugin.php` ] );
	}
	fs.writeFileSync( path.join( dir, 'installed' ), new Date().toISOString() );
	return name;
}

/**
 * Converts an installed site into a subdirectory network with a second site, `site2`, and
 * network-activates SyncWarden, the way a network administrator would.
 * @param {string} version Core version key.
 * @param {string} name    Site name.
 * @param {string} url     The network's URL.
 */
function makeNetwork( version, name, url ) {
	const host = new URL( url ).host;
	wpCli( version, name, [ 'install-network' ], { SYNCWARDEN_HOST: host } );
	fs.appendFileSync(
		path.join( siteDir( name ), 'config.php' ),
		[
			"define( 'WP_ALLOW_MULTISITE', true );",
			"define( 'MULTISITE', true );",
			"define( 'SUBDOMAIN_INSTALL', false );",
			`define( 'DOMAIN_CURRENT_SITE', '${ host }' );`,
			"define( 'PATH_CURRENT_SITE', '/' );",
			"define( 'SITE_ID_CURRENT_SITE', 1 );",
			"define( 'BLOG_ID_CURRENT_SITE', 1 );",
			'',
		].join( '\n' )
	);
	wpCli( version, name, [ 'create-site', 'site2' ], {
		SYNCWARDEN_HOST: host,
	} );
	wpCli(
		version,
		name,
		[ 'activate', `${ PLUGIN_SLUG }/plugin.php`, 'network' ],
		{
			SYNCWARDEN_HOST: host,
		}
	);
}

export function setPluginActive( version, name, active ) {
	wpCli( version, name, [
		active ? 'activate' : 'deactivate',
		`${ PLUGIN_SLUG }/plugin.php`,
	] );
}

export function autoloadedOptionBytes( version, name ) {
	return JSON.parse( wpCli( version, name, [ 'autoload-bytes' ] ) );
}

export function vaultBenchmark( version, name ) {
	return JSON.parse( wpCli( version, name, [ 'bench-vault' ] ) );
}

export function sourcesBenchmark( version, name ) {
	return JSON.parse( wpCli( version, name, [ 'bench-sources' ] ) );
}

export function httpBenchmark( version, name, peerEnv ) {
	return JSON.parse( wpCli( version, name, [ 'bench-http' ], peerEnv ) );
}

/**
 * One step of the import benchmark (tools/wp/bench-import.php), in a fresh PHP process.
 * @param {string}   version Core version key.
 * @param {string}   name    Site name.
 * @param {string[]} args    `connect`, or `run <side> <connection id>`.
 * @param {Object}   env     Peer and site environment.
 * @return {Object} What the step printed.
 */
export function importBenchmark( version, name, args, env ) {
	return JSON.parse(
		wpCli( version, name, [ 'bench-import', ...args ], env )
	);
}

/**
 * Starts `php -S` for a site (from its own core when it has one); resolves once the port answers.
 * @param {Object}  site          Server options.
 * @param {string}  site.version  Core version key.
 * @param {string}  site.name     Site name.
 * @param {number}  site.port     Port on 127.0.0.1.
 * @param {Object}  site.env      Extra environment for PHP.
 * @param {boolean} site.quiet    Discard the server's output.
 * @param {boolean} site.detached Own process group (stop() kills it); false when a parent
 *                                (Playwright's webServer) kills our whole group itself.
 */
export async function serve( {
	version = DEFAULT_CORE,
	name,
	port,
	env = {},
	quiet = false,
	detached = true,
} ) {
	const dir = siteCore( version, name );
	const child = spawn(
		'php',
		[
			'-S',
			`127.0.0.1:${ port }`,
			'-t',
			dir,
			path.join( TOOLS_WP, 'router.php' ),
		],
		{
			env: siteEnv( name, { PHP_CLI_SERVER_WORKERS: '4', ...env } ),
			stdio: [
				'ignore',
				quiet ? 'ignore' : 'inherit',
				quiet ? 'ignore' : 'inherit',
			],
			detached,
		}
	);
	const stop = () => {
		try {
			// Workers too: killing only the parent leaves them listening.
			process.kill( detached ? -child.pid : child.pid, 'SIGTERM' );
		} catch {}
	};
	for ( let i = 0; i < 100; i++ ) {
		try {
			await fetch( `http://127.0.0.1:${ port }/wp-login.php`, {
				redirect: 'manual',
			} );
			return { child, stop, url: `http://127.0.0.1:${ port }` };
		} catch {
			await new Promise( ( r ) => setTimeout( r, 100 ) );
		}
	}
	stop();
	throw new Error( `php -S did not answer on port ${ port }` );
}
