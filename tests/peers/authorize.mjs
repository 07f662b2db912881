/**
 * Headless "user" for the sandbox provider: walks an authorize URL, presses
 * Allow (or Deny) on the consent page and prints the redirect back to the
 * client without requesting it.
 *
 *   node tests/peers/authorize.mjs '<authorize URL>' [--deny] [--ca /abs/ca.pem]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { request, FORM_HEADERS } from './https-client.mjs';

const MAX_STEPS = 15;

// Just enough of a cookie jar for one host: name+path -> value, path-prefix matching.
class CookieJar {
	#cookies = new Map();

	store( setCookie = [] ) {
		for ( const line of setCookie ) {
			const [ pair, ...attrs ] = line
				.split( ';' )
				.map( ( part ) => part.trim() );
			const eq = pair.indexOf( '=' );
			const name = pair.slice( 0, eq );
			const value = pair.slice( eq + 1 );
			const attr = ( key ) =>
				attrs
					.find( ( a ) => a.toLowerCase().startsWith( key + '=' ) )
					?.split( '=' )[ 1 ];
			const path = attr( 'path' ) || '/';
			const expires = attr( 'expires' );
			const gone =
				value === '' ||
				attr( 'max-age' ) === '0' ||
				( expires && Date.parse( expires ) < Date.now() );
			if ( gone ) {
				this.#cookies.delete( `${ name } ${ path }` );
			} else {
				this.#cookies.set( `${ name } ${ path }`, {
					name,
					value,
					path,
				} );
			}
		}
	}

	header( url ) {
		const { pathname } = new URL( url );
		return [ ...this.#cookies.values() ]
			.filter(
				( c ) =>
					pathname === c.path ||
					pathname.startsWith( c.path.replace( /\/?$/, '/' ) )
			)
			.map( ( c ) => `${ c.name }=${ c.value }` )
			.join( '; ' );
	}
}

const text = ( html ) =>
	html
		.replace( /<[^>]+>/g, ' ' )
		.replace( /\s+/g, ' ' )
		.trim()
		.slice( 0, 300 );

/**
 * @param {string}  authorizeUrl   Full authorization URL on the peer.
 * @param {Object}  [options]
 * @param {boolean} [options.deny] Press Deny instead of Allow.
 * @param {string}  [options.ca]   PEM CA file that signed the peer's certificate.
 * @return {Promise<string>} The redirect URL pointing back to the client.
 */
export async function approve( authorizeUrl, { deny = false, ca } = {} ) {
	const origin = new URL( authorizeUrl ).origin;
	const jar = new CookieJar();
	const button = deny ? 'Deny' : 'Allow';
	let url = new URL( authorizeUrl );
	let method = 'GET';
	let pressed = false;

	for ( let step = 0; step < MAX_STEPS; step++ ) {
		const res = await request( url, {
			method,
			ca,
			headers: {
				Cookie: jar.header( url ),
				...( method === 'POST' ? FORM_HEADERS : {} ),
			},
			body: method === 'POST' ? '' : undefined,
		} );
		jar.store( res.headers[ 'set-cookie' ] );

		if ( res.status >= 300 && res.status < 400 && res.headers.location ) {
			const next = new URL( res.headers.location, url );
			if ( next.origin !== origin ) {
				return next.href; // Back at the client: report, never fetch.
			}
			url = next;
			method = 'GET';
			continue;
		}

		// The consent page: submit the form whose button is Allow / Deny.
		const forms = [
			...res.body.matchAll(
				/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g
			),
		];
		const target = forms.find( ( [ , , inner ] ) =>
			new RegExp( `<button[^>]*>\\s*${ button }\\s*</button>` ).test(
				inner
			)
		);
		if ( res.status === 200 && target && ! pressed ) {
			pressed = true;
			url = new URL( target[ 1 ].replace( /&amp;/g, '&' ), url );
			method = 'POST';
			continue;
		}

		throw new Error(
			`unexpected answer ${ res.status } from ${ url.pathname }: ${ text( res.body ) || '(empty)' }`
		);
	}
	throw new Error(
		`no redirect back to the client after ${ MAX_STEPS } steps`
	);
}

async function main() {
	const { values, positionals } = parseArgs( {
		allowPositionals: true,
		options: {
			deny: { type: 'boolean', default: false },
			ca: { type: 'string' },
		},
	} );
	if ( positionals.length !== 1 ) {
		throw new Error(
			"usage: node tests/peers/authorize.mjs '<authorize URL>' [--deny] [--ca /abs/ca.pem]"
		);
	}
	process.stdout.write(
		( await approve( positionals[ 0 ], values ) ) + '\n'
	);
}

// Run main() only when executed directly, not when imported.
if (
	process.argv[ 1 ] &&
	import.meta.url === pathToFileURL( process.argv[ 1 ] ).href
) {
	main().catch( ( error ) => {
		process.stderr.write( `authorize: ${ error.message }\n` );
		process.exit( 1 );
	} );
}
