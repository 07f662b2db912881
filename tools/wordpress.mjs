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
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { coreDir, DEFAULT_CORE, ensureCore } from './wp-core.mjs';
import { PLUGIN_SLUG, TOOLS_WP, WP_DIR } from './wp-base.mjs';

// One module for the tools to import from; paths and cores live in their own files.
export {
	ensureDebianPackages,
	ensurePhp,
	log,
	PLUGIN_SLUG,
	ROOT,
	WP_DIR,
} from './wp-base.mjs';
export {
	coreDir,
	coreLabel,
	CORES,
	DEFAULT_CORE,
	ensureCore,
	unpackBuild,
} from './wp-core.mjs';

const SITES_DIR = path.join( WP_DIR, 'sites' );
export const ADMIN = {
	user: 'admin',
	password: 'password',
	email: 'admin@example.test',
};

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
