/**
 * A WordPress release the user points the tooling at, instead of the npm builds:
 *
 *   SYNCWARDEN_WP_CORE=/path/to/wordpress            an unpacked release (e.g. wordpress-7.1.zip unzipped)
 *   SYNCWARDEN_WP_CORE=/path/to/wordpress-7.1.zip    the release zip itself
 *   SYNCWARDEN_WP_CORE=/path/to/checkout@7.1.0       a git checkout or bare mirror of core at a tag
 *                                                    (e.g. johnpbloch/wordpress-core)
 *
 * It is assembled once into `.wordpress/core-user/` (the SQLite drop-in and the dev mu-plugins are
 * added by the caller) and re-assembled when the variable changes. Nothing of it is committed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const USER_CORE = 'user';

/** The source the user named, or null (then the npm builds are used). */
export function userCoreSource() {
	const value = process.env.SYNCWARDEN_WP_CORE || '';
	// The tooling passes the assembled core's own folder down to its PHP processes in the same
	// variable; that is not a new source.
	return value &&
		! value.includes( `${ path.sep }.wordpress${ path.sep }core-` )
		? value
		: null;
}

function sh( command, args, options = {} ) {
	const result = spawnSync( command, args, {
		stdio: [ 'ignore', 'pipe', 'pipe' ],
		...options,
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`${ command } ${ args.join( ' ' ) } failed: ${ String( result.stderr ).trim() }`
		);
	}
	return result.stdout;
}

/**
 * A git checkout (`<dir>@<ref>`) exported with `git archive`, tolerating blobs a snapshot lacks.
 * @param {string} source `<git dir or checkout>@<tag>`.
 * @param {string} target Folder to unpack into.
 * @return {string[]} Files the snapshot lacked (left empty).
 */
function exportGit( source, target ) {
	const at = source.lastIndexOf( '@' );
	const repo = source.slice( 0, at );
	const ref = source.slice( at + 1 );
	const gitDir = fs.existsSync( path.join( repo, '.git' ) )
		? path.join( repo, '.git' )
		: repo;
	const git = ( ...args ) =>
		sh( 'git', [ `--git-dir=${ gitDir }`, ...args ], {
			maxBuffer: 1024 * 1024 * 1024,
		} );
	// Snapshots of large mirrors can lack a few big blobs: export around them and leave them empty
	// (each is named in the log).
	const blobs = new Map();
	for ( const line of String( git( 'ls-tree', '-r', ref ) ).split( '\n' ) ) {
		const match = line.match( /^\d+ blob ([0-9a-f]+)\t(.+)$/ );
		if ( match ) {
			blobs.set( match[ 1 ], [
				...( blobs.get( match[ 1 ] ) ?? [] ),
				match[ 2 ],
			] );
		}
	}
	const check = sh(
		'git',
		[ `--git-dir=${ gitDir }`, 'cat-file', '--batch-check' ],
		{
			input: [ ...blobs.keys() ].join( '\n' ) + '\n',
			stdio: [ 'pipe', 'pipe', 'pipe' ],
			maxBuffer: 256 * 1024 * 1024,
		}
	);
	const missing = String( check )
		.split( '\n' )
		.filter( ( line ) => line.endsWith( ' missing' ) )
		.flatMap( ( line ) => blobs.get( line.split( ' ' )[ 0 ] ) ?? [] );
	const excludes = missing.map( ( file ) => `:(exclude)${ file }` );
	fs.mkdirSync( target, { recursive: true } );
	const archive = git(
		'archive',
		'--format=tar',
		ref,
		'--',
		'.',
		...excludes
	);
	execFileSync( 'tar', [ '-x', '-C', target ], { input: archive } );
	for ( const file of missing ) {
		fs.mkdirSync( path.dirname( path.join( target, file ) ), {
			recursive: true,
		} );
		fs.writeFileSync( path.join( target, file ), '' );
	}
	return missing;
}

/**
 * The folder holding wp-includes/version.php inside an unpacked tree.
 * @param {string} dir Unpacked tree.
 * @return {string} Core folder.
 */
function coreRoot( dir ) {
	for ( const candidate of [ dir, path.join( dir, 'wordpress' ) ] ) {
		if (
			fs.existsSync(
				path.join( candidate, 'wp-includes', 'version.php' )
			)
		) {
			return candidate;
		}
	}
	throw new Error(
		`No WordPress core (wp-includes/version.php) in ${ dir }.`
	);
}

/**
 * Unpacks the user's core into `dir` (replacing it).
 *
 * @param {string}   source  The SYNCWARDEN_WP_CORE value.
 * @param {string}   dir     Target core folder.
 * @param {string}   scratch A scratch folder to unpack in.
 * @param {Function} log     Logger.
 */
export function unpackUserCore( source, dir, scratch, log ) {
	const unpacked = path.join( scratch, 'core' );
	if ( /@[^/\\]+$/.test( source ) && ! fs.existsSync( source ) ) {
		const missing = exportGit( source, unpacked );
		if ( missing.length ) {
			log(
				`the git snapshot lacks ${ missing.length } file(s), left empty: ${ missing.join( ', ' ) }`
			);
		}
	} else if ( source.endsWith( '.zip' ) ) {
		sh( 'unzip', [ '-q', source, '-d', unpacked ] );
	} else if ( fs.statSync( source ).isDirectory() ) {
		fs.cpSync( coreRoot( source ), unpacked, { recursive: true } );
	} else {
		throw new Error(
			`SYNCWARDEN_WP_CORE=${ source }: give a folder, a .zip or <git dir>@<tag>.`
		);
	}
	fs.rmSync( dir, { recursive: true, force: true } );
	fs.renameSync( coreRoot( unpacked ), dir );
	// A real release has its own plugins and themes: keep them, but never a config or a database.
	for ( const leftover of [ 'wp-config.php', 'wp-content/database' ] ) {
		fs.rmSync( path.join( dir, leftover ), {
			recursive: true,
			force: true,
		} );
	}
}

/**
 * "7.1.0" from a core folder's wp-includes/version.php.
 * @param {string} dir Core folder.
 * @return {string} Version, or "?".
 */
export function coreVersion( dir ) {
	const file = path.join( dir, 'wp-includes', 'version.php' );
	const text = fs.existsSync( file ) ? fs.readFileSync( file, 'utf8' ) : '';
	return text.match( /\$wp_version\s*=\s*'([^']+)'/ )?.[ 1 ] ?? '?';
}
