/**
 * Fails on secret-looking strings in the repository and in the plugin zip.
 *
 *   node tools/secret-scan.mjs            scans every tracked file
 *
 * Test canaries and sandbox credentials are deliberately fake and recognisable (peercanary-*,
 * sandbox-*-secret, canary…); real credential formats are what this looks for.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from './wordpress.mjs';

export const PATTERNS = [
	[
		'private key block',
		/-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----/,
	],
	[ 'Google API key', /AIza[0-9A-Za-z_-]{35}/ ],
	[ 'Google OAuth client secret', /GOCSPX-[0-9A-Za-z_-]{20,}/ ],
	[ 'Google refresh token', /\b1\/\/0[0-9A-Za-z_-]{40,}/ ],
	[ 'Google access token', /\bya29\.[0-9A-Za-z_-]{40,}/ ],
	[
		'HubSpot private app token',
		/\bpat-(?:na|eu)1-[0-9a-f]{8}-[0-9a-f-]{27}/,
	],
	[ 'Slack token', /\bxox[abprs]-[0-9A-Za-z-]{10,}/ ],
	[ 'AWS access key', /\bAKIA[0-9A-Z]{16}\b/ ],
	[ 'GitHub token', /\bgh[pousr]_[0-9A-Za-z]{36}\b/ ],
	[
		'Microsoft client secret',
		/\b[0-9A-Za-z~._-]{3}8Q~[0-9A-Za-z~._-]{31,34}\b/,
	],
	[
		'JSON Web Token',
		/\beyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}/,
	],
	[
		'hard-coded encryption key',
		/define\(\s*'SYNCWARDEN_ENCRYPTION_KEY'\s*,\s*'[A-Za-z0-9+/]{43}='\s*\)/,
	],
];

/**
 * Every secret-looking match in a text, as "label: excerpt".
 *
 * @param {string} text Text to scan.
 * @return {string[]} Findings.
 */
export function findSecrets( text ) {
	return PATTERNS.flatMap( ( [ label, pattern ] ) => {
		const match = text.match( pattern );
		return match ? [ `${ label }: ${ match[ 0 ].slice( 0, 12 ) }…` ] : [];
	} );
}

/**
 * Scans files (paths relative to the repository root).
 *
 * @param {string[]} files Files.
 * @return {string[]} "file: label: excerpt" lines.
 */
export function scanFiles( files ) {
	return files.flatMap( ( file ) => {
		const content = fs.readFileSync( path.resolve( ROOT, file ) );
		if ( content.includes( 0 ) ) {
			return []; // Binary.
		}
		return findSecrets( content.toString( 'utf8' ) ).map(
			( finding ) => `${ file }: ${ finding }`
		);
	} );
}

/**
 * Files git tracks or would track (untracked, not ignored), relative to the root.
 *
 * @param {string} pattern Optional pathspec such as '*.php'.
 * @return {string[]} Files.
 */
export function trackedFiles( pattern = '' ) {
	const args = [
		'ls-files',
		'-co',
		'--exclude-standard',
		...( pattern ? [ pattern ] : [] ),
	];
	return execFileSync( 'git', args, { cwd: ROOT, encoding: 'utf8' } )
		.split( '\n' )
		.filter(
			( file ) =>
				file &&
				fs.existsSync( path.join( ROOT, file ) ) &&
				fs.statSync( path.join( ROOT, file ) ).isFile()
		);
}

if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	const findings = scanFiles( trackedFiles() );
	process.stdout.write(
		findings.length
			? `${ findings.join( '\n' ) }\n`
			: 'secret scan: nothing found\n'
	);
	process.exit( findings.length ? 1 : 0 );
}
