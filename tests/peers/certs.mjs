// Throwaway TLS material for the test peers, made with the openssl CLI so that
// no crypto code of our own decides what a "valid" certificate looks like.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ZOHO_HOSTS } from './zoho-dc.mjs';

function hasOpenssl() {
	try {
		execFileSync( 'openssl', [ 'version' ], { stdio: 'ignore' } );
		return true;
	} catch {
		return false;
	}
}

function ensureOpenssl() {
	if ( hasOpenssl() ) {
		return;
	}
	const cmd = 'apt-get install -y openssl';
	if ( process.getuid?.() !== 0 ) {
		throw new Error(
			`openssl CLI not found; install it with: sudo ${ cmd }`
		);
	}
	const run = ( args ) =>
		execFileSync( 'apt-get', args, {
			stdio: [ 'ignore', 'ignore', 'inherit' ],
		} );
	try {
		run( [ 'install', '-y', 'openssl' ] );
	} catch {
		// A fresh container has no package lists yet.
		run( [ 'update' ] );
		run( [ 'install', '-y', 'openssl' ] );
	}
	if ( ! hasOpenssl() ) {
		throw new Error( `openssl still missing after: ${ cmd }` );
	}
}

const openssl = ( args ) =>
	execFileSync( 'openssl', args, { stdio: [ 'ignore', 'ignore', 'pipe' ] } );

// Tagged template -> argv: literal text splits on whitespace, each ${value}
// stays one argument (so paths with spaces survive).
function argv( strings, ...values ) {
	const out = [];
	strings.forEach( ( text, i ) => {
		out.push( ...text.split( /\s+/ ).filter( Boolean ) );
		if ( i < values.length ) {
			out.push( String( values[ i ] ) );
		}
	} );
	return out;
}

// True when the server cert names every host the peer answers for (an older cert lacks the
// Zoho data-centre names and is made again).
function coversNames( certPath ) {
	const names = execFileSync(
		'openssl',
		argv`x509 -noout -ext subjectAltName -in ${ certPath }`,
		{ encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'ignore' ] }
	);
	return ZOHO_HOSTS.every( ( host ) => names.includes( `DNS:${ host }` ) );
}

// True when the cert exists and stays valid for at least another day.
function usable( certPath ) {
	if ( ! existsSync( certPath ) ) {
		return false;
	}
	try {
		openssl( argv`x509 -checkend 86400 -noout -in ${ certPath }` );
		return true;
	} catch {
		return false;
	}
}

/**
 * Create (once) a test CA, a CA-signed server cert for 127.0.0.1/localhost and
 * a self-signed cert the CA does not vouch for.
 *
 * @param {string} dir Folder for the PEM files (created when missing).
 * @return {Object} Absolute paths: dir, ca, caKey, cert, key, untrustedCert, untrustedKey.
 */
export function ensureCertificates( dir ) {
	dir = resolve( dir );
	const paths = {
		dir,
		ca: join( dir, 'ca.pem' ),
		caKey: join( dir, 'ca-key.pem' ),
		cert: join( dir, 'server.pem' ),
		key: join( dir, 'server-key.pem' ),
		untrustedCert: join( dir, 'untrusted.pem' ),
		untrustedKey: join( dir, 'untrusted-key.pem' ),
	};
	const files = [
		paths.ca,
		paths.caKey,
		paths.cert,
		paths.key,
		paths.untrustedCert,
		paths.untrustedKey,
	];
	if (
		files.every( existsSync ) &&
		[ paths.ca, paths.cert, paths.untrustedCert ].every( usable ) &&
		coversNames( paths.cert )
	) {
		return paths;
	}

	ensureOpenssl();
	mkdirSync( dir, { recursive: true } );
	const san = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
	// The trusted server cert also answers for Zoho's data-centre hosts (zoho-dc.mjs), which a
	// test points at the peer; the untrusted one keeps the plain names.
	const serverSan = [ san, ...ZOHO_HOSTS.map( ( h ) => `DNS:${ h }` ) ].join(
		','
	);
	const serial = () => `0x${ randomBytes( 12 ).toString( 'hex' ) }`;

	openssl(
		argv`req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ${ paths.caKey } -out ${ paths.ca }
		-subj ${ '/CN=SyncWarden Test CA (throwaway)' } -addext basicConstraints=critical,CA:TRUE
		-addext keyUsage=critical,keyCertSign,cRLSign`
	);

	// Server cert: CSR, then signed by the CA with the SANs that clients check.
	const csr = join( dir, 'server.csr' );
	const ext = join( dir, 'server.ext' );
	const extensions = [
		serverSan,
		'basicConstraints=CA:FALSE',
		'keyUsage=digitalSignature,keyEncipherment',
		'extendedKeyUsage=serverAuth',
	];
	writeFileSync( ext, extensions.join( '\n' ) + '\n' );
	openssl(
		argv`req -newkey rsa:2048 -nodes -keyout ${ paths.key } -out ${ csr } -subj /CN=127.0.0.1`
	);
	openssl(
		argv`x509 -req -in ${ csr } -CA ${ paths.ca } -CAkey ${ paths.caKey } -set_serial ${ serial() }
		-days 825 -sha256 -extfile ${ ext } -out ${ paths.cert }`
	);
	rmSync( csr );
	rmSync( ext );

	// Same names, but self-signed: the only thing wrong with it is trust.
	openssl(
		argv`req -x509 -newkey rsa:2048 -nodes -days 825 -keyout ${ paths.untrustedKey }
		-out ${ paths.untrustedCert } -subj /CN=127.0.0.1 -addext ${ san } -addext basicConstraints=CA:FALSE`
	);

	return paths;
}
