/**
 * Brings the npm dependencies in when they are missing or older than the committed lockfile, with
 * the same command and flags as `.ci/run`, so `npm start` and `npm test` are the whole set-up on a
 * fresh clone. Imports nothing from node_modules (it runs before they exist).
 *
 *   node tools/deps.mjs     (run by the start and test scripts in package.json)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const LOCK = path.join( ROOT, 'package-lock.json' );
// npm writes its own record of what is installed here; a marker of ours remembers which lockfile
// that install came from.
const MARKER = path.join( ROOT, 'node_modules', '.syncwarden-lock-sha256' );
export const INSTALL_ARGS = [
	'install',
	'--no-audit',
	'--no-fund',
	'--loglevel=error',
];

function lockHash() {
	return crypto
		.createHash( 'sha256' )
		.update( fs.readFileSync( LOCK ) )
		.digest( 'hex' );
}

function installed() {
	return (
		fs.existsSync(
			path.join( ROOT, 'node_modules', '.package-lock.json' )
		) &&
		fs.existsSync( MARKER ) &&
		fs.readFileSync( MARKER, 'utf8' ).trim() === lockHash()
	);
}

export function ensureDependencies() {
	if ( installed() ) {
		return;
	}
	const before = lockHash();
	process.stdout.write(
		'[syncwarden] installing npm dependencies from package-lock.json\n'
	);
	const result = spawnSync( 'npm', INSTALL_ARGS, {
		cwd: ROOT,
		stdio: 'inherit',
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`npm ${ INSTALL_ARGS.join( ' ' ) } failed (exit ${ result.status }).`
		);
	}
	const after = lockHash();
	if ( after !== before ) {
		// Not fatal here (the test run's lockfile check reports it), but say it at once.
		process.stderr.write(
			'[syncwarden] npm install changed package-lock.json: commit the lockfile exactly as npm writes it (see README).\n'
		);
	}
	fs.writeFileSync( MARKER, `${ after }\n` );
}

/**
 * Whether the working tree's lockfile differs from the committed one while package.json does not:
 * then an install rewrote it on its own, and a fresh clone would not get the same tree.
 *
 * @return {string|null} Why the lockfile check fails, or null.
 */
export function lockfileDrift() {
	const git = ( ...args ) =>
		spawnSync( 'git', args, { cwd: ROOT, encoding: 'utf8' } );
	if ( git( 'rev-parse', '--is-inside-work-tree' ).status !== 0 ) {
		return null; // An unpacked zip: nothing to compare with.
	}
	const changed = ( file ) =>
		git( 'diff', '--quiet', 'HEAD', '--', file ).status !== 0;
	if ( changed( 'package-lock.json' ) && ! changed( 'package.json' ) ) {
		const stat = execFileSync(
			'git',
			[ 'diff', '--shortstat', 'HEAD', '--', 'package-lock.json' ],
			{ cwd: ROOT, encoding: 'utf8' }
		).trim();
		return `package-lock.json differs from the committed one (${ stat }) although package.json does not: an install rewrote it. Commit it as npm writes it, or restore it with git checkout package-lock.json.`;
	}
	return null;
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	try {
		ensureDependencies();
	} catch ( error ) {
		process.stderr.write( `${ error.message }\n` );
		process.exit( 1 );
	}
}
