/**
 * `npm run plugin-zip`: dist/syncwarden.zip with only what runs on a site — plugin.php,
 * uninstall.php, readme.txt, includes/, build/ and languages/ (the POT, regenerated) — under a `syncwarden/` folder,
 * then the secret scan over the zip's contents.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { writePot } from './makepot.mjs';
import { scanFiles } from './secret-scan.mjs';
import { log, ROOT } from './wordpress.mjs';

export const ZIP_ENTRIES = [
	'plugin.php',
	'uninstall.php',
	'readme.txt',
	'includes',
	'build',
	'languages',
];
const SLUG = 'syncwarden';

function listFiles( entry ) {
	const absolute = path.join( ROOT, entry );
	if ( ! fs.existsSync( absolute ) ) {
		return [];
	}
	if ( fs.statSync( absolute ).isFile() ) {
		return [ entry ];
	}
	return fs
		.readdirSync( absolute, { recursive: true } )
		.map( ( name ) => path.join( entry, String( name ) ) )
		.filter(
			( file ) =>
				fs.statSync( path.join( ROOT, file ) ).isFile() &&
				! file.endsWith( '.map' )
		);
}

/**
 * Builds the admin app, then writes the zip (after the secret scan).
 * @param {string} target Where to write it; e2e tests give each run its own copy.
 * @return {{target: string, files: string[]}} The zip's path and the files in it.
 */
export function buildZip(
	target = path.join( ROOT, 'dist', `${ SLUG }.zip` )
) {
	execFileSync( 'npx', [ 'wp-scripts', 'build' ], {
		cwd: ROOT,
		stdio: [ 'ignore', 'ignore', 'inherit' ],
	} );
	writePot();
	const files = ZIP_ENTRIES.flatMap( listFiles ).sort();
	const leaks = scanFiles( files );
	if ( leaks.length ) {
		throw new Error(
			`Refusing to package secret-looking strings:\n${ leaks.join( '\n' ) }`
		);
	}
	fs.mkdirSync( path.dirname( target ), { recursive: true } );
	fs.rmSync( target, { force: true } );
	// Python's zipfile is on every machine of this kind; Node has no zip writer built in.
	const script = [
		'import sys, zipfile',
		'root, target, slug = sys.argv[1:4]',
		'with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:',
		'    for name in sys.stdin.read().split("\\n"):',
		'        if name: z.write(root + "/" + name, slug + "/" + name)',
	].join( '\n' );
	execFileSync( 'python3', [ '-c', script, ROOT, target, SLUG ], {
		input: files.join( '\n' ),
	} );
	return { target, files };
}

if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	const { target, files } = buildZip();
	log(
		`${ path.relative( ROOT, target ) }: ${ files.length } files, ${ ( fs.statSync( target ).size / 1024 ).toFixed( 1 ) } KB`
	);
}
