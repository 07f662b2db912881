/**
 * Self-test of the provider peers: node tests/peers/selftest.mjs
 * Starts them on free ports in a temp dir, walks real flows, prints PASS/FAIL
 * per check and exits non-zero if anything failed.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { approve } from './authorize.mjs';
import { request, form, FORM_HEADERS } from './https-client.mjs';
import { startPeers, CALLBACK_PATH } from './server.mjs';

const here = dirname( fileURLToPath( import.meta.url ) );
const REDIRECT_BASE = 'http://127.0.0.1:1'; // never requested: approval stops before it
const SCOPES = {
	google: 'https://www.googleapis.com/auth/calendar.events.readonly',
	microsoft: 'offline_access Calendars.Read Calendars.ReadWrite User.Read',
	hubspot: 'crm.objects.contacts.write crm.objects.contacts.read',
	zoho: 'ZohoCRM.modules.contacts.CREATE ZohoCRM.modules.contacts.READ',
	calendly: 'scheduled_events:read webhooks:write',
};
const API_PATHS = {
	google: '/calendar/v3/users/me/calendarList?maxResults=1',
	microsoft: '/v1.0/me',
	hubspot: '/account-info/v3/details',
	zoho: '/crm/v6/users?type=CurrentUser',
	calendly: '/users/me',
};

const log = ( line ) => process.stdout.write( line + '\n' );
let failures = 0;
let passes = 0;
async function check( name, fn ) {
	try {
		await fn();
		passes++;
		log( `PASS ${ name }` );
	} catch ( error ) {
		failures++;
		log( `FAIL ${ name }: ${ error.message }` );
	}
}
function assert( condition, message ) {
	if ( ! condition ) {
		throw new Error( message );
	}
}
const sleep = ( ms ) => new Promise( ( done ) => setTimeout( done, ms ) );

function portFree( port ) {
	return new Promise( ( resolve ) => {
		const server = createServer();
		server.once( 'error', () => resolve( false ) );
		server.listen( port, '127.0.0.1', () =>
			server.close( () => resolve( true ) )
		);
	} );
}

// A base port whose next two neighbours are free too (peers use port..port+2).
async function freePortTriple() {
	for ( let attempt = 0; attempt < 50; attempt++ ) {
		const base = 20000 + Math.floor( Math.random() * 40000 );
		if (
			( await portFree( base ) ) &&
			( await portFree( base + 1 ) ) &&
			( await portFree( base + 2 ) )
		) {
			return base;
		}
	}
	throw new Error( 'no three consecutive free ports found' );
}

const tmp = mkdtempSync( join( tmpdir(), 'syncwarden-peers-' ) );
const port = await freePortTriple();
const peers = await startPeers( {
	dir: join( tmp, 'peers' ),
	port,
	redirectUris: [ REDIRECT_BASE ],
} );
const { issuer, ca } = peers;

const call = ( path, options = {} ) =>
	request( issuer + path, { ca, ...options } );
const json = ( res ) => JSON.parse( res.body );
const control = ( path, body ) =>
	call( path, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify( body ),
	} );
const redirectUri = ( id ) => REDIRECT_BASE + CALLBACK_PATH + id;
const secret = ( id ) => ( {
	client_id: `sandbox-${ id }`,
	client_secret: `sandbox-${ id }-secret`,
} );
const tokenRequest = ( id, fields ) =>
	call( '/token', {
		method: 'POST',
		headers: FORM_HEADERS,
		body: form( { ...secret( id ), ...fields } ),
	} );
const api = ( id, accessToken ) =>
	call( `/api/${ id }${ API_PATHS[ id ] }`, {
		headers: accessToken
			? { Authorization: `Bearer ${ accessToken }` }
			: {},
	} );

function pkce() {
	const verifier = randomBytes( 32 ).toString( 'base64url' );
	return {
		verifier,
		challenge: createHash( 'sha256' )
			.update( verifier )
			.digest( 'base64url' ),
	};
}

function authorizeUrl(
	id,
	{ challenge, state = randomBytes( 8 ).toString( 'hex' ), extra = {} } = {}
) {
	const params = new URLSearchParams( {
		response_type: 'code',
		client_id: `sandbox-${ id }`,
		redirect_uri: redirectUri( id ),
		scope: SCOPES[ id ],
		state,
		...( challenge
			? { code_challenge: challenge, code_challenge_method: 'S256' }
			: {} ),
		...extra,
	} );
	return `${ issuer }/auth?${ params }`;
}

// Authorize (headless, in-process) and exchange the code: the plugin's whole connect step.
async function connect( id, extra = {} ) {
	const { verifier, challenge } = pkce();
	const back = new URL(
		await approve( authorizeUrl( id, { challenge, extra } ), { ca } )
	);
	const code = back.searchParams.get( 'code' );
	assert( code, `no code in ${ back }` );
	const res = await tokenRequest( id, {
		grant_type: 'authorization_code',
		code,
		redirect_uri: redirectUri( id ),
		code_verifier: verifier,
	} );
	assert(
		res.status === 200,
		`token exchange ${ res.status }: ${ res.body }`
	);
	return json( res );
}

const runNode = ( args ) =>
	promisify( execFile )( process.execPath, args, { timeout: 30000 } );

try {
	let first; // tokens of the main Google flow, reused by later checks
	let rotated;

	await check(
		'authorize CLI approves with PKCE and returns code + state',
		async () => {
			const { verifier, challenge } = pkce();
			const url = authorizeUrl( 'google', {
				challenge,
				state: 'state-123',
				extra: { access_type: 'offline', prompt: 'consent' },
			} );
			const { stdout } = await runNode( [
				join( here, 'authorize.mjs' ),
				url,
				'--ca',
				ca,
			] );
			const back = new URL( stdout.trim() );
			assert(
				back.href.startsWith( redirectUri( 'google' ) + '?' ),
				`wrong target ${ back.href }`
			);
			assert(
				back.searchParams.get( 'state' ) === 'state-123',
				'state not echoed'
			);
			const code = back.searchParams.get( 'code' );
			assert(
				code?.startsWith( 'peercanary-code-' ),
				`code lacks canary: ${ code }`
			);

			const res = await tokenRequest( 'google', {
				grant_type: 'authorization_code',
				code,
				redirect_uri: redirectUri( 'google' ),
				code_verifier: verifier,
			} );
			assert(
				res.status === 200,
				`token ${ res.status }: ${ res.body }`
			);
			first = json( res );
		}
	);

	await check(
		'token response has canaries, Bearer, 3600 s and the granted scope',
		async () => {
			assert(
				first.access_token.startsWith( 'peercanary-at-' ),
				'access token prefix'
			);
			assert(
				first.refresh_token.startsWith( 'peercanary-rt-' ),
				'refresh token prefix'
			);
			assert(
				first.token_type === 'Bearer',
				`token_type ${ first.token_type }`
			);
			assert(
				first.expires_in === 3600,
				`expires_in ${ first.expires_in }`
			);
			assert( first.scope === SCOPES.google, `scope "${ first.scope }"` );
		}
	);

	await check(
		'API fixture answers with a valid token, 401 without / with a foreign one',
		async () => {
			const ok = await api( 'google', first.access_token );
			assert(
				ok.status === 200 && json( ok ).items[ 0 ].id === 'primary',
				`got ${ ok.status } ${ ok.body }`
			);
			const none = await api( 'google' );
			assert(
				none.status === 401 && json( none ).error === 'invalid_token',
				`no token: ${ none.status }`
			);
			const bogus = await api( 'google', 'peercanary-at-nope' );
			assert( bogus.status === 401, `unknown token: ${ bogus.status }` );
			const foreign = await api( 'hubspot', first.access_token );
			assert(
				foreign.status === 401,
				`google token at hubspot: ${ foreign.status }`
			);
		}
	);

	await check( 'refresh rotates the refresh token', async () => {
		const res = await tokenRequest( 'google', {
			grant_type: 'refresh_token',
			refresh_token: first.refresh_token,
		} );
		assert( res.status === 200, `refresh ${ res.status }: ${ res.body }` );
		rotated = json( res );
		assert(
			rotated.refresh_token.startsWith( 'peercanary-rt-' ),
			'new refresh token prefix'
		);
		assert(
			rotated.refresh_token !== first.refresh_token,
			'refresh token did not rotate'
		);
		assert(
			rotated.access_token.startsWith( 'peercanary-at-' ),
			'new access token prefix'
		);
		assert(
			rotated.scope === SCOPES.google,
			`scope after refresh "${ rotated.scope }"`
		);
	} );

	await check(
		'reusing the old refresh token fails and revokes the grant',
		async () => {
			const reuse = await tokenRequest( 'google', {
				grant_type: 'refresh_token',
				refresh_token: first.refresh_token,
			} );
			assert(
				reuse.status === 400 && json( reuse ).error === 'invalid_grant',
				`reuse: ${ reuse.status } ${ reuse.body }`
			);
			const next = await tokenRequest( 'google', {
				grant_type: 'refresh_token',
				refresh_token: rotated.refresh_token,
			} );
			assert(
				next.status === 400 && json( next ).error === 'invalid_grant',
				`new token still works: ${ next.status }`
			);
			const apiCall = await api( 'google', rotated.access_token );
			assert(
				apiCall.status === 401,
				`access token of revoked grant: ${ apiCall.status }`
			);
		}
	);

	await check(
		'every provider: connect and call its API fixture',
		async () => {
			for ( const id of Object.keys( SCOPES ) ) {
				const tokens = await connect( id );
				assert(
					tokens.scope === SCOPES[ id ],
					`${ id } scope "${ tokens.scope }"`
				);
				assert(
					tokens.refresh_token?.startsWith( 'peercanary-rt-' ),
					`${ id } has no refresh token`
				);
				const res = await api( id, tokens.access_token );
				assert(
					res.status === 200,
					`${ id } API ${ res.status } ${ res.body }`
				);
			}
		}
	);

	await check(
		'peer_drop_scope leaves one scope out of the grant',
		async () => {
			const tokens = await connect( 'microsoft', {
				peer_drop_scope: 'Calendars.ReadWrite',
			} );
			assert(
				tokens.scope === 'offline_access Calendars.Read User.Read',
				`scope "${ tokens.scope }"`
			);
		}
	);

	await check(
		'revocation endpoint: 200, and the revoked tokens stop working',
		async () => {
			const tokens = await connect( 'hubspot' );
			const revoke = ( token, hint ) =>
				call( '/token/revocation', {
					method: 'POST',
					headers: FORM_HEADERS,
					body: form( {
						...secret( 'hubspot' ),
						token,
						token_type_hint: hint,
					} ),
				} );
			const at = await revoke( tokens.access_token, 'access_token' );
			assert(
				at.status === 200,
				`revoke access token: ${ at.status } ${ at.body }`
			);
			assert(
				( await api( 'hubspot', tokens.access_token ) ).status === 401,
				'revoked access token still accepted'
			);
			const rt = await revoke( tokens.refresh_token, 'refresh_token' );
			assert(
				rt.status === 200,
				`revoke refresh token: ${ rt.status } ${ rt.body }`
			);
			const refresh = await tokenRequest( 'hubspot', {
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token,
			} );
			assert(
				refresh.status === 400 &&
					json( refresh ).error === 'invalid_grant',
				`refresh after revoke: ${ refresh.status }`
			);
			const unknown = await revoke(
				'peercanary-rt-unknown',
				'refresh_token'
			);
			assert(
				unknown.status === 200,
				`unknown token revocation (RFC 7009 says 200): ${ unknown.status }`
			);
		}
	);

	await check(
		'PKCE is required (no code_challenge -> invalid_request)',
		async () => {
			const back = new URL(
				await approve( authorizeUrl( 'zoho', { state: 'nopkce' } ), {
					ca,
				} )
			);
			assert(
				back.searchParams.get( 'error' ) === 'invalid_request',
				`got ${ back.href }`
			);
			assert(
				/PKCE/.test( back.searchParams.get( 'error_description' ) ),
				'description does not mention PKCE'
			);
			assert(
				back.searchParams.get( 'state' ) === 'nopkce',
				'state not echoed'
			);
		}
	);

	await check(
		'PKCE: plain method rejected, wrong verifier rejected',
		async () => {
			const plain = new URL(
				await approve(
					authorizeUrl( 'zoho', {
						extra: {
							code_challenge: 'x'.repeat( 43 ),
							code_challenge_method: 'plain',
						},
					} ),
					{ ca }
				)
			);
			assert(
				plain.searchParams.get( 'error' ) === 'invalid_request',
				`plain: ${ plain.href }`
			);
			const { challenge } = pkce();
			const back = new URL(
				await approve( authorizeUrl( 'zoho', { challenge } ), { ca } )
			);
			const res = await tokenRequest( 'zoho', {
				grant_type: 'authorization_code',
				code: back.searchParams.get( 'code' ),
				redirect_uri: redirectUri( 'zoho' ),
				code_verifier: pkce().verifier,
			} );
			assert(
				res.status === 400 && json( res ).error === 'invalid_grant',
				`wrong verifier: ${ res.status } ${ res.body }`
			);
		}
	);

	await check(
		'authorize CLI --deny yields error=access_denied with state',
		async () => {
			const url = authorizeUrl( 'calendly', {
				challenge: pkce().challenge,
				state: 'deny-me',
			} );
			const { stdout } = await runNode( [
				join( here, 'authorize.mjs' ),
				url,
				'--deny',
				'--ca',
				ca,
			] );
			const back = new URL( stdout.trim() );
			assert(
				back.href.startsWith( redirectUri( 'calendly' ) + '?' ),
				`wrong target ${ back.href }`
			);
			assert(
				back.searchParams.get( 'error' ) === 'access_denied',
				`got ${ back.href }`
			);
			assert(
				back.searchParams.get( 'state' ) === 'deny-me',
				'state not echoed'
			);
		}
	);

	await check(
		'unregistered redirect_uri: no redirect, authorize CLI exits non-zero',
		async () => {
			const url = authorizeUrl( 'google', {
				challenge: pkce().challenge,
			} ).replace(
				encodeURIComponent( redirectUri( 'google' ) ),
				encodeURIComponent( redirectUri( 'google' ) + '/x' )
			);
			const outcome = await runNode( [
				join( here, 'authorize.mjs' ),
				url,
				'--ca',
				ca,
			] ).then(
				() => 'exit 0',
				( error ) => error.stderr
			);
			assert( /redirect_uri/.test( outcome ), `got: ${ outcome }` );
		}
	);

	await check(
		'consent page: title, scopes, Allow and Deny buttons',
		async () => {
			const auth = await call(
				authorizeUrl( 'microsoft', {
					challenge: pkce().challenge,
				} ).slice( issuer.length )
			);
			assert(
				auth.status === 303,
				`authorize answered ${ auth.status }`
			);
			const cookie = auth.headers[ 'set-cookie' ]
				.map( ( c ) => c.split( ';' )[ 0 ] )
				.join( '; ' );
			const html = (
				await call( new URL( auth.headers.location, issuer ).pathname, {
					headers: { Cookie: cookie },
				} )
			).body;
			assert( /<title>Sandbox provider<\/title>/.test( html ), 'title' );
			assert(
				html.includes( '<code>Calendars.ReadWrite</code>' ),
				'scope list'
			);
			assert(
				/<button type="submit"[^>]*>Allow<\/button>/.test( html ),
				'Allow button'
			);
			assert(
				/<button type="submit"[^>]*>Deny<\/button>/.test( html ),
				'Deny button'
			);
		}
	);

	await check(
		'fault injection: canned 503 with Retry-After once, then real answers',
		async () => {
			await control( '/__control/reset', {} );
			const set = await control( '/__control/next', {
				path: '/token',
				status: 503,
				headers: { 'Retry-After': '2' },
				body: '{"error":"temporarily_unavailable"}',
				times: 1,
			} );
			assert( set.status === 200, `next: ${ set.status } ${ set.body }` );
			const faulted = await tokenRequest( 'google', {
				grant_type: 'refresh_token',
				refresh_token: 'peercanary-rt-x',
			} );
			assert(
				faulted.status === 503 &&
					faulted.headers[ 'retry-after' ] === '2',
				`got ${ faulted.status }`
			);
			assert(
				faulted.body === '{"error":"temporarily_unavailable"}',
				'body'
			);
			const real = await tokenRequest( 'google', {
				grant_type: 'refresh_token',
				refresh_token: 'peercanary-rt-x',
			} );
			assert(
				real.status === 400 && json( real ).error === 'invalid_grant',
				`then ${ real.status }`
			);
		}
	);

	await check( 'fault injection: bodyBytes and delayMs', async () => {
		const tokens = await connect( 'calendly' );
		await control( '/__control/next', {
			path: '/api/calendly/users/me',
			status: 200,
			bodyBytes: 3000000,
		} );
		const big = await api( 'calendly', tokens.access_token );
		assert(
			big.body.length === 3000000,
			`body length ${ big.body.length }`
		);
		await control( '/__control/next', {
			path: '/api/calendly/users/me',
			delayMs: 400,
		} );
		const started = Date.now();
		const slow = await api( 'calendly', tokens.access_token );
		const took = Date.now() - started;
		assert(
			slow.status === 200 && took >= 400,
			`status ${ slow.status } after ${ took } ms`
		);
	} );

	await check(
		'faults apply to GET control endpoints but never to control writes',
		async () => {
			await control( '/__control/next', {
				path: '/__control/stats',
				status: 429,
				headers: { 'Retry-After': '1' },
				body: '{}',
			} );
			await control( '/__control/next', {
				path: '/__control/reset',
				status: 500,
			} );
			const limited = await control( '/__control/stats' );
			assert(
				limited.status === 429 &&
					limited.headers[ 'retry-after' ] === '1',
				`stats got ${ limited.status }`
			);
			assert(
				( await control( '/__control/stats' ) ).status === 200,
				'fault used more than once'
			);
			const reset = await control( '/__control/reset', {} );
			assert(
				reset.status === 200,
				`reset was faulted: ${ reset.status }`
			);
		}
	);

	await check(
		'Google events fixture (the plugin test request) answers with summary',
		async () => {
			const tokens = await connect( 'google' );
			const res = await call(
				'/api/google/calendar/v3/calendars/primary/events?maxResults=1&fields=summary',
				{
					headers: {
						Authorization: `Bearer ${ tokens.access_token }`,
					},
				}
			);
			assert(
				res.status === 200 &&
					json( res ).summary === 'sandbox-user@example.test',
				`${ res.status } ${ res.body }`
			);
		}
	);

	await check(
		'stats count requests and keep the last /token form; reset clears',
		async () => {
			await control( '/__control/reset', {} );
			await connect( 'zoho' );
			await tokenRequest( 'zoho', {
				grant_type: 'refresh_token',
				refresh_token: 'peercanary-rt-y',
			} );
			await call( '/token/revocation', {
				method: 'POST',
				headers: FORM_HEADERS,
				body: form( { ...secret( 'zoho' ), token: 'z' } ),
			} );
			const stats = json( await control( '/__control/stats' ) );
			assert(
				stats.token === 2 && stats.revocation === 1 && stats.api === 0,
				`counts ${ JSON.stringify( stats ) }`
			);
			const last = stats.lastTokenRequest;
			assert(
				last.client_secret === 'sandbox-zoho-secret' &&
					last.refresh_token === 'peercanary-rt-y',
				'last form'
			);
			await control( '/__control/reset', {} );
			const cleared = json( await control( '/__control/stats' ) );
			assert(
				cleared.token === 0 && cleared.lastTokenRequest === null,
				`after reset ${ JSON.stringify( cleared ) }`
			);
		}
	);

	await check( 'TTL control: short-lived access tokens expire', async () => {
		await control( '/__control/ttl', { access_token: 1 } );
		const tokens = await connect( 'google' );
		assert( tokens.expires_in === 1, `expires_in ${ tokens.expires_in }` );
		await sleep( 2100 );
		assert(
			( await api( 'google', tokens.access_token ) ).status === 401,
			'expired token accepted'
		);
		await control( '/__control/reset', {} );
		assert(
			( await connect( 'google' ) ).expires_in === 3600,
			'reset did not restore 3600 s'
		);
	} );

	await check( 'redirect-elsewhere points at another host name', async () => {
		const res = await call( '/__control/redirect-elsewhere' );
		const target = `https://localhost:${ port }/api/google/calendar/v3/users/me/calendarList`;
		assert(
			res.status === 302 && res.headers.location === target,
			`${ res.status } ${ res.headers.location }`
		);
	} );

	await check(
		'TLS 1.1 server: TLS 1.2+ client fails, TLS 1.1 client works',
		async () => {
			const url = `https://127.0.0.1:${ peers.ports.tls11 }/`;
			const modern = await request( url, { ca } ).then(
				( r ) => `status ${ r.status }`,
				( e ) => e.code || e.message
			);
			assert(
				! modern.startsWith( 'status' ),
				`TLS 1.2 client got ${ modern }`
			);
			const legacy = await request( url, {
				ca,
				tls: {
					minVersion: 'TLSv1.1',
					maxVersion: 'TLSv1.1',
					ciphers: 'DEFAULT@SECLEVEL=0',
				},
			} );
			assert(
				legacy.status === 200 && json( legacy ).ok === true,
				`TLS 1.1 client got ${ legacy.status }`
			);
		}
	);

	await check(
		'untrusted server: CA check fails, answers {"ok":true} when unchecked',
		async () => {
			const url = `https://127.0.0.1:${ peers.ports.untrusted }/`;
			const checked = await request( url, { ca } ).then(
				( r ) => `status ${ r.status }`,
				( e ) => e.code || e.message
			);
			assert( /SELF_SIGNED/.test( checked ), `with CA got ${ checked }` );
			const unchecked = await request( url, {
				tls: { rejectUnauthorized: false },
			} );
			assert(
				unchecked.status === 200 && json( unchecked ).ok === true,
				`unchecked got ${ unchecked.status }`
			);
		}
	);

	await check(
		'server CLI prints one ready line and stops on SIGTERM',
		async () => {
			const cliPort = await freePortTriple();
			const started = Date.now();
			const child = spawn(
				process.execPath,
				[
					join( here, 'server.mjs' ),
					'--dir',
					join( tmp, 'peers' ),
					'--port',
					String( cliPort ),
					'--redirect-base',
					REDIRECT_BASE,
					'--redirect-base',
					'http://localhost:2',
				],
				{ stdio: [ 'ignore', 'pipe', 'pipe' ] }
			);
			let stdout = '';
			child.stdout.on( 'data', ( chunk ) => ( stdout += chunk ) );
			const exited = new Promise( ( resolve ) =>
				child.once( 'exit', ( code, signal ) =>
					resolve( { code, signal } )
				)
			);
			for ( let i = 0; i < 100 && ! stdout.includes( '\n' ); i++ ) {
				await sleep( 50 );
			}
			const ms = Date.now() - started;
			const ready = JSON.parse( stdout.split( '\n' )[ 0 ] );
			assert(
				ready.ready === true &&
					ready.issuer === `https://127.0.0.1:${ cliPort }`,
				stdout
			);
			assert(
				ready.ports.tls11 === cliPort + 1 &&
					ready.ports.untrusted === cliPort + 2,
				'ports'
			);
			// The second --redirect-base is registered too.
			const back = new URL(
				await approve(
					authorizeUrl( 'hubspot', { challenge: pkce().challenge } )
						.replace( issuer, ready.issuer )
						.replace(
							encodeURIComponent( REDIRECT_BASE ),
							encodeURIComponent( 'http://localhost:2' )
						),
					{ ca: ready.ca }
				)
			);
			assert(
				back.origin === 'http://localhost:2' &&
					back.searchParams.get( 'code' ),
				back.href
			);
			child.kill( 'SIGTERM' );
			const { code } = await exited;
			assert( code === 0, `exit code ${ code }` );
			assert(
				stdout.trim().split( '\n' ).length === 1,
				`stdout had more than one line: ${ stdout }`
			);
			log( `     (CLI ready after ${ ms } ms)` );
		}
	);
} finally {
	await peers.close();
	rmSync( tmp, { recursive: true, force: true } );
}

log( `selftest: ${ passes } passed, ${ failures } failed` );
process.exit( failures ? 1 : 0 );
