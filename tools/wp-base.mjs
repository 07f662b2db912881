/**
 * What every offline WordPress tool shares: the project's paths, logging, running commands and
 * the Debian packages PHP needs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
export const WP_DIR = path.join( ROOT, '.wordpress' );
export const CACHE_DIR = path.join( WP_DIR, 'cache' );
export const TOOLS_WP = path.join( ROOT, 'tools', 'wp' );
export const PLUGIN_SLUG = 'syncwarden';

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

export function run( command, args, options = {} ) {
	execFileSync( command, args, {
		stdio: [ 'ignore', 'ignore', 'inherit' ],
		...options,
	} );
}

export function commandExists( command ) {
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

/**
 * Runs `work` with a fresh scratch folder under .wordpress/ (same file system as its targets, so
 * results can be renamed into place), removed afterwards whatever happens.
 * @param {(scratch: string) => *} work Work.
 * @return {*} What `work` returned.
 */
export function withScratch( work ) {
	fs.mkdirSync( WP_DIR, { recursive: true } );
	const scratch = fs.mkdtempSync( path.join( WP_DIR, 'tmp-' ) );
	try {
		return work( scratch );
	} finally {
		fs.rmSync( scratch, { recursive: true, force: true } );
	}
}
