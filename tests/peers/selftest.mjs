/**
 * Self-test of the provider peers: node tests/peers/selftest.mjs
 * Starts them on free ports in a temp dir, walks real flows, prints PASS/FAIL
 * per check and exits non-zero if anything failed.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { approve } from './authorize.mjs';
import { request, form, FORM_HEADERS } from './https-client.mjs';
import {
	startPeers,
	CALLBACK_PATH,
	CLIENT_AUTH,
	graphScope,
} from './server.mjs';
import { CALENDLY_USER } from './fixtures.mjs';
import { CALENDLY_APP_SIGNING_KEY } from './push.mjs';
import { googleZoneChecks } from './selftest-google-zone.mjs';

const here = dirname( fileURLToPath( import.meta.url ) );
const REDIRECT_BASE = 'http://127.0.0.1:1'; // never requested: approval stops before it
const SCOPES = {
	google: 'https://www.googleapis.com/auth/calendar.events.readonly',
	microsoft: 'offline_access Calendars.Read Calendars.ReadWrite User.Read',
	hubspot: 'crm.objects.contacts.write crm.objects.contacts.read',
	zoho: 'ZohoCRM.modules.contacts.CREATE ZohoCRM.modules.contacts.READ ZohoCRM.modules.contacts.UPDATE',
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
// Client authentication as each provider documents it (CLIENT_AUTH in server.mjs).
const tokenRequest = ( id, fields, method = CLIENT_AUTH[ id ].token ) =>
	call( '/token', {
		method: 'POST',
		headers:
			method === 'client_secret_basic'
				? {
						...FORM_HEADERS,
						Authorization: `Basic ${ Buffer.from(
							`sandbox-${ id }:sandbox-${ id }-secret`
						).toString( 'base64' ) }`,
					}
				: FORM_HEADERS,
		body: form(
			method === 'client_secret_basic'
				? fields
				: { ...secret( id ), ...fields }
		),
	} );
// Zoho CRM takes `Zoho-oauthtoken <token>`, the others RFC 6750 `Bearer <token>`.
const authScheme = ( id ) => ( id === 'zoho' ? 'Zoho-oauthtoken' : 'Bearer' );
const api = ( id, accessToken, scheme = authScheme( id ) ) =>
	call( `/api/${ id }${ API_PATHS[ id ] }`, {
		headers: accessToken
			? { Authorization: `${ scheme } ${ accessToken }` }
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

// ---- Stateful fixtures -------------------------------------------------------

const EVENTS = '/calendar/v3/calendars/primary/events';
const CALENDLY_USER_PARAM = encodeURIComponent( CALENDLY_USER );
const bearers = {}; // provider -> access token, connected on first use

// A JSON API call; `target` is a path below /api/<id> or an absolute URL (next links).
async function fx( id, method, target, body, headers = {} ) {
	bearers[ id ] ??= ( await connect( id ) ).access_token;
	const res = await request(
		target.startsWith( 'https://' )
			? target
			: `${ issuer }/api/${ id }${ target }`,
		{
			ca,
			method,
			headers: {
				Authorization: `${ authScheme( id ) } ${ bearers[ id ] }`,
				'Content-Type': 'application/json',
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify( body ),
		}
	);
	return {
		status: res.status,
		headers: res.headers,
		body: res.body ? JSON.parse( res.body ) : null,
	};
}

// Follows `next(page)` links from `first`; returns every page's body.
async function pages( id, first, next, headers ) {
	const all = [];
	for ( let url = first; url; url = next( all[ all.length - 1 ] ) ) {
		const res = await fx( id, 'GET', url, undefined, headers );
		assert(
			res.status === 200,
			`${ url }: ${ res.status } ${ JSON.stringify( res.body ) }`
		);
		all.push( res.body );
	}
	return all;
}

const googlePages = ( query ) =>
	pages(
		'google',
		`${ EVENTS }?${ new URLSearchParams( query ) }`,
		( last ) =>
			last.nextPageToken &&
			`${ EVENTS }?${ new URLSearchParams( {
				...query,
				pageToken: last.nextPageToken,
			} ) }`
	);
const graphPages = ( first, size ) =>
	pages(
		'microsoft',
		first,
		( last ) => last[ '@odata.nextLink' ],
		size ? { Prefer: `odata.maxpagesize=${ size }` } : {}
	);
const graphWindow = () => {
	const from = new Date( Date.now() - 86400000 ).toISOString();
	const to = new Date( Date.now() + 30 * 86400000 ).toISOString();
	return `/v1.0/me/calendarView/delta?startDateTime=${ from }&endDateTime=${ to }`;
};
const items = ( all, key = 'items' ) => all.flatMap( ( p ) => p[ key ] );

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
				// Each in its provider's form: Microsoft's qualified scopes, HubSpot's `scopes` array.
				const granted =
					id === 'hubspot'
						? tokens.scopes?.join( ' ' )
						: tokens.scope;
				assert(
					granted ===
						( id === 'microsoft'
							? graphScope( SCOPES[ id ] )
							: SCOPES[ id ] ) &&
						( id !== 'hubspot' || tokens.scope === undefined ),
					`${ id } scope "${ granted }"`
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
		"Zoho API refuses a Bearer header with Zoho's INVALID_TOKEN body; Zoho-oauthtoken works",
		async () => {
			const tokens = await connect( 'zoho' );
			const bearer = await api( 'zoho', tokens.access_token, 'Bearer' );
			const body = json( bearer );
			assert(
				bearer.status === 401 &&
					body.code === 'INVALID_TOKEN' &&
					body.status === 'error' &&
					body.message === 'invalid oauth token',
				`${ bearer.status } ${ bearer.body }`
			);
			const zoho = await api( 'zoho', tokens.access_token );
			assert( zoho.status === 200, `${ zoho.status } ${ zoho.body }` );
		}
	);

	await check(
		'Zoho data centres: the redirect names the EU accounts server; its code, tokens and API work only at the EU hosts',
		async () => {
			await control( '/__control/zoho', { dc: 'eu' } );
			const { verifier, challenge } = pkce();
			const back = new URL(
				await approve( authorizeUrl( 'zoho', { challenge } ), { ca } )
			);
			assert(
				back.searchParams.get( 'location' ) === 'eu' &&
					back.searchParams.get( 'accounts-server' ) ===
						'https://accounts.zoho.eu',
				`redirect ${ back }`
			);
			const grant = form( {
				...secret( 'zoho' ),
				grant_type: 'authorization_code',
				code: back.searchParams.get( 'code' ),
				redirect_uri: redirectUri( 'zoho' ),
				code_verifier: verifier,
			} );
			const at = ( host, path, options ) =>
				call( path, {
					...options,
					headers: { ...options.headers, Host: host },
				} );
			const post = { method: 'POST', headers: FORM_HEADERS, body: grant };
			const us = json( await call( '/oauth/v2/token', post ) );
			assert(
				us.error === 'invalid_code',
				`US ${ JSON.stringify( us ) }`
			);
			const eu = json(
				await at( 'accounts.zoho.eu', '/oauth/v2/token', post )
			);
			assert(
				eu.access_token && eu.api_domain === 'https://www.zohoapis.eu',
				`EU ${ JSON.stringify( eu ) }`
			);
			const auth = {
				headers: {
					Authorization: `Zoho-oauthtoken ${ eu.access_token }`,
				},
			};
			const elsewhere = await api( 'zoho', eu.access_token );
			const home = await at( 'www.zohoapis.eu', API_PATHS.zoho, auth );
			await control( '/__control/reset', {} );
			assert(
				elsewhere.status === 401 && home.status === 200,
				`US API ${ elsewhere.status }, EU API ${ home.status }`
			);
		}
	);

	await check(
		'peer_drop_scope leaves one scope out of the grant',
		async () => {
			const tokens = await connect( 'microsoft', {
				peer_drop_scope: 'Calendars.ReadWrite',
			} );
			assert(
				tokens.scope ===
					'openid profile email https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read',
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
					json( refresh ).status === 'BAD_REFRESH_TOKEN' &&
					json( refresh ).error === undefined,
				`refresh after revoke (HubSpot's own status form): ${ refresh.status } ${ refresh.body }`
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
		'Zoho revocation takes the refresh token alone: {"status":"success"}; with client credentials it is refused, and a token nobody holds gets invalid_code',
		async () => {
			const tokens = await connect( 'zoho' );
			const revoke = ( fields ) =>
				call( '/token/revocation', {
					method: 'POST',
					headers: FORM_HEADERS,
					body: form( fields ),
				} );
			const withSecret = await revoke( {
				...secret( 'zoho' ),
				token: tokens.refresh_token,
			} );
			assert(
				withSecret.status === 401 &&
					json( withSecret ).error === 'invalid_client',
				`with client credentials: ${ withSecret.status } ${ withSecret.body }`
			);
			const alone = await revoke( { token: tokens.refresh_token } );
			assert(
				alone.status === 200 && json( alone ).status === 'success',
				`token alone: ${ alone.status } ${ alone.body }`
			);
			const again = await revoke( { token: tokens.refresh_token } );
			assert(
				again.status === 200 && json( again ).error === 'invalid_code',
				`revoked twice: ${ again.status } ${ again.body }`
			);
			const hubspot = await connect( 'hubspot' );
			const anonymous = await revoke( { token: hubspot.refresh_token } );
			assert(
				anonymous.status === 401,
				`another provider's token without client credentials: ${ anonymous.status }`
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
		'client authentication: each client must use its provider’s documented method (Calendly token: Basic only; others: form)',
		async () => {
			const grant = { grant_type: 'refresh_token', refresh_token: 'x' };
			const calendlyPost = await tokenRequest(
				'calendly',
				grant,
				'client_secret_post'
			);
			assert(
				calendlyPost.status === 401 &&
					json( calendlyPost ).error === 'invalid_client',
				`calendly post: ${ calendlyPost.status } ${ calendlyPost.body }`
			);
			const googleBasic = await tokenRequest(
				'google',
				grant,
				'client_secret_basic'
			);
			assert(
				googleBasic.status === 401 &&
					json( googleBasic ).error === 'invalid_client',
				`google basic: ${ googleBasic.status } ${ googleBasic.body }`
			);
			const calendlyBasic = await tokenRequest( 'calendly', grant );
			assert(
				calendlyBasic.status === 400 &&
					json( calendlyBasic ).error === 'invalid_grant',
				`calendly basic reaches the grant check: ${ calendlyBasic.status } ${ calendlyBasic.body }`
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
			// Zoho's form of invalid_grant: HTTP 200, {"error":"invalid_code"}.
			assert(
				res.status === 200 &&
					json( res ).error === 'invalid_code' &&
					! json( res ).access_token,
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
		'fault injection: after lets requests through, drop cuts the connection',
		async () => {
			const tokens = await connect( 'calendly' );
			await control( '/__control/next', {
				path: '/api/calendly/users/me',
				drop: true,
				after: 1,
			} );
			const passed = await api( 'calendly', tokens.access_token );
			assert( passed.status === 200, `first got ${ passed.status }` );
			let dropped = null;
			try {
				await api( 'calendly', tokens.access_token );
			} catch ( error ) {
				dropped = error;
			}
			assert( dropped !== null, 'the second request was answered' );
			const third = await api( 'calendly', tokens.access_token );
			assert( third.status === 200, `third got ${ third.status }` );
		}
	);

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

	await check(
		'Google list: seeded calendar, nextPageToken on early pages, nextSyncToken on the last only',
		async () => {
			await control( '/__control/reset', {} );
			const all = await googlePages( {
				singleEvents: 'true',
				eventTypes: 'default',
				maxResults: '7',
			} );
			const last = all[ all.length - 1 ];
			assert( all.length === 4, `${ all.length } pages of 7` );
			assert(
				all
					.slice( 0, -1 )
					.every( ( p ) => p.nextPageToken && ! p.nextSyncToken ),
				'an early page lacks nextPageToken or has nextSyncToken'
			);
			assert(
				last.nextSyncToken && ! last.nextPageToken,
				'last page tokens'
			);
			const events = items( all );
			assert(
				events.length === 26 &&
					events.every( ( e ) => e.status === 'confirmed' ),
				`${ events.length } live events`
			);
			assert(
				events.some( ( e ) => e.start.date ) &&
					events.some( ( e ) =>
						e.summary.includes( '<b>VIP</b>' )
					) &&
					events.filter( ( e ) => e.recurringEventId ).length === 2,
				'no all-day, HTML or recurring instances'
			);
			const deleted = items(
				await googlePages( {
					singleEvents: 'true',
					showDeleted: 'true',
				} )
			);
			assert(
				deleted.filter( ( e ) => e.status === 'cancelled' ).length ===
					4,
				'showDeleted should add the 4 cancelled events'
			);
			const masters = items( await googlePages( {} ) );
			assert(
				masters.some( ( e ) => e.recurrence ) &&
					! masters.some( ( e ) => e.recurringEventId ),
				'singleEvents=false should list the series master, not instances'
			);
			const day = 86400000;
			const min = Math.floor( Date.now() / day ) * day + 7 * day;
			const window = items(
				await googlePages( {
					singleEvents: 'true',
					timeMin: new Date( min ).toISOString(),
					timeMax: new Date( min + day ).toISOString(),
				} )
			);
			assert(
				window.length > 0 &&
					window.length < 26 &&
					window.every(
						( e ) =>
							Date.parse( e.start.dateTime ?? e.start.date ) <
							min + day
					),
				`timeMin/timeMax gave ${ window.length }`
			);
		}
	);

	await check(
		'Google eventTypes: unset lists every type, default leaves out working location and birthday; unknown types 400',
		async () => {
			await control( '/__control/reset', {} );
			const types = ( list ) =>
				new Set( items( list ).map( ( e ) => e.eventType ) );
			const every = types(
				await googlePages( { singleEvents: 'true' } )
			);
			assert(
				every.has( 'workingLocation' ) && every.has( 'birthday' ),
				[ ...every ].join( ',' )
			);
			const only = types(
				await googlePages( {
					singleEvents: 'true',
					eventTypes: 'default',
				} )
			);
			assert(
				only.size === 1 && only.has( 'default' ),
				[ ...only ].join( ',' )
			);
			const bad = await fx(
				'google',
				'GET',
				`${ EVENTS }?eventTypes=meeting`
			);
			assert(
				bad.status === 400 &&
					bad.body.error.errors[ 0 ].reason === 'invalid',
				`${ bad.status }`
			);
		}
	);

	await check(
		'Google syncToken with any of the window and search parameters is a 400 invalid, as events.list documents',
		async () => {
			const full = await googlePages( { singleEvents: 'true' } );
			const token = full[ full.length - 1 ].nextSyncToken;
			for ( const [ name, value ] of [
				[ 'timeMin', '2026-01-01T00:00:00Z' ],
				[ 'timeMax', '2027-01-01T00:00:00Z' ],
				[ 'orderBy', 'updated' ],
				[ 'q', 'call' ],
				[ 'updatedMin', '2026-01-01T00:00:00Z' ],
				[ 'iCalUID', 'x@google.com' ],
				[ 'privateExtendedProperty', 'a=b' ],
				[ 'sharedExtendedProperty', 'a=b' ],
			] ) {
				const res = await fx(
					'google',
					'GET',
					`${ EVENTS }?${ new URLSearchParams( {
						syncToken: token,
						[ name ]: value,
					} ) }`
				);
				assert(
					res.status === 400 &&
						res.body.error.code === 400 &&
						res.body.error.errors[ 0 ].reason === 'invalid',
					`${ name }: ${ res.status }`
				);
			}
		}
	);

	await check(
		'Google incremental sync returns only the changes, cancelled included; 410 after expiry',
		async () => {
			const full = await googlePages( { singleEvents: 'true' } );
			const token = full[ full.length - 1 ].nextSyncToken;
			await control( '/__control/calendar', {
				action: 'edit',
				count: 2,
			} );
			await control( '/__control/calendar', {
				action: 'cancel',
				count: 1,
			} );
			await control( '/__control/calendar', { action: 'add', count: 1 } );
			const delta = await googlePages( {
				singleEvents: 'true',
				syncToken: token,
			} );
			const changes = items( delta );
			assert(
				changes.length === 4 &&
					new Set( changes.map( ( e ) => e.id ) ).size === 4,
				`${ changes.length } changes`
			);
			assert(
				changes.filter( ( e ) => e.status === 'cancelled' ).length ===
					1,
				'the cancelled event is missing'
			);
			const next = delta[ delta.length - 1 ].nextSyncToken;
			const quiet = items(
				await googlePages( { singleEvents: 'true', syncToken: next } )
			);
			assert(
				quiet.length === 0,
				`${ quiet.length } changes when quiet`
			);
			await control( '/__control/calendar', {
				action: 'expire-sync-tokens',
			} );
			for ( const stale of [ next, 'garbage' ] ) {
				const res = await fx(
					'google',
					'GET',
					`${ EVENTS }?syncToken=${ stale }`
				);
				assert(
					res.status === 410 &&
						res.body.error.code === 410 &&
						res.body.error.errors[ 0 ].reason ===
							'fullSyncRequired',
					`${ stale }: ${ res.status } ${ JSON.stringify( res.body ) }`
				);
			}
		}
	);

	await googleZoneChecks( { check, assert, control, googlePages } );

	await check(
		'Google export: create, privateExtendedProperty lookup, patch, delete 204/410/404',
		async () => {
			await control( '/__control/reset', {} );
			const event = {
				summary: 'Booking 42',
				start: {
					dateTime: new Date( Date.now() + 3600000 ).toISOString(),
				},
				end: {
					dateTime: new Date( Date.now() + 7200000 ).toISOString(),
				},
				extendedProperties: {
					private: { syncwarden_booking_id: '42' },
				},
			};
			const made = await fx( 'google', 'POST', EVENTS, event );
			const { id, etag } = made.body;
			assert(
				made.status === 200 &&
					id &&
					etag &&
					made.body.updated &&
					made.body.status === 'confirmed' &&
					made.body.summary === 'Booking 42',
				`create ${ made.status } ${ JSON.stringify( made.body ) }`
			);
			const lookup = ( n ) =>
				fx(
					'google',
					'GET',
					`${ EVENTS }?privateExtendedProperty=syncwarden_booking_id%3D${ n }`
				);
			const found = ( await lookup( 42 ) ).body.items;
			assert(
				found.length === 1 && found[ 0 ].id === id,
				`lookup 42 found ${ found.length }`
			);
			assert(
				( await lookup( 43 ) ).body.items.length === 0,
				'lookup 43 found something'
			);
			const patched = await fx(
				'google',
				'PATCH',
				`${ EVENTS }/${ id }`,
				{
					summary: 'Booking 42 (moved)',
				}
			);
			assert(
				patched.status === 200 &&
					patched.body.summary === 'Booking 42 (moved)' &&
					patched.body.extendedProperties.private
						.syncwarden_booking_id === '42' &&
					patched.body.etag !== etag,
				`patch ${ patched.status } ${ JSON.stringify( patched.body ) }`
			);
			const del = () => fx( 'google', 'DELETE', `${ EVENTS }/${ id }` );
			assert( ( await del() ).status === 204, 'first delete' );
			assert( ( await del() ).status === 410, 'second delete' );
			assert(
				( await fx( 'google', 'DELETE', `${ EVENTS }/nosuchevent` ) )
					.status === 404,
				'unknown delete'
			);
			assert(
				( await lookup( 42 ) ).body.items.length === 0,
				'deleted event still found'
			);
			const noEnd = await fx( 'google', 'POST', EVENTS, {
				start: event.start,
			} );
			assert( noEnd.status === 400, `no end: ${ noEnd.status }` );
		}
	);

	await check(
		'Graph delta: nextLink pages, deltaLink last, then only changes with @removed; 410 syncStateNotFound',
		async () => {
			await control( '/__control/reset', {} );
			const all = await graphPages( graphWindow(), 10 );
			const last = all[ all.length - 1 ];
			assert( all.length === 3, `${ all.length } pages of 10` );
			assert(
				all
					.slice( 0, -1 )
					.every(
						( p ) =>
							p[ '@odata.nextLink' ].startsWith(
								`${ issuer }/api/microsoft/v1.0/me/calendarView/delta?$skiptoken=`
							) && ! p[ '@odata.deltaLink' ]
					),
				'early pages need a nextLink back to the peer'
			);
			assert(
				last[ '@odata.deltaLink' ].includes( '$deltatoken=' ) &&
					! last[ '@odata.nextLink' ],
				'last page needs the deltaLink only'
			);
			assert(
				items( all, 'value' ).length === 26,
				`${ items( all, 'value' ).length } events`
			);
			const gone = items( all, 'value' )[ 0 ];
			assert(
				(
					await fx(
						'microsoft',
						'DELETE',
						`/v1.0/me/events/${ encodeURIComponent( gone.id ) }`
					)
				).status === 204,
				'delete'
			);
			await control( '/__control/calendar', {
				action: 'cancel',
				count: 1,
			} );
			await control( '/__control/calendar', {
				action: 'edit',
				count: 1,
			} );
			const changes = items(
				await graphPages( last[ '@odata.deltaLink' ] ),
				'value'
			);
			const removed = changes.filter( ( e ) => e[ '@removed' ] );
			assert(
				changes.length === 3 &&
					removed.length === 2 &&
					removed.every(
						( e ) => e.id && e[ '@removed' ].reason === 'deleted'
					) &&
					removed.some( ( e ) => e.id === gone.id ),
				`changes ${ JSON.stringify( changes ) }`
			);
			await control( '/__control/calendar', {
				action: 'expire-sync-tokens',
			} );
			const stale = await fx(
				'microsoft',
				'GET',
				last[ '@odata.deltaLink' ]
			);
			assert(
				stale.status === 410 &&
					stale.body.error.code === 'syncStateNotFound',
				`stale ${ stale.status } ${ JSON.stringify( stale.body ) }`
			);
		}
	);

	await check(
		'Graph export: transactionId makes a repeated create return the same event; GET honours $select and refuses an unknown property',
		async () => {
			const body = {
				subject: 'Booking 7',
				start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' },
				end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' },
				transactionId: 'syncwarden-7',
			};
			const one = await fx(
				'microsoft',
				'POST',
				'/v1.0/me/events',
				body
			);
			const two = await fx(
				'microsoft',
				'POST',
				'/v1.0/me/events',
				body
			);
			const other = await fx( 'microsoft', 'POST', '/v1.0/me/events', {
				...body,
				transactionId: 'syncwarden-8',
			} );
			assert(
				one.status === 201 && one.body.id && one.body.changeKey,
				`create ${ one.status } ${ JSON.stringify( one.body ) }`
			);
			assert(
				two.status === 201 && two.body.id === one.body.id,
				'a repeated transactionId created a second event'
			);
			assert( other.body.id !== one.body.id, 'new transactionId' );
			const path = `/v1.0/me/events/${ encodeURIComponent( one.body.id ) }`;
			const patched = await fx( 'microsoft', 'PATCH', path, {
				subject: 'Booking 7 (moved)',
			} );
			assert(
				patched.status === 200 &&
					patched.body.subject === 'Booking 7 (moved)' &&
					patched.body.changeKey !== one.body.changeKey,
				`patch ${ patched.status }`
			);
			const full = await fx( 'microsoft', 'GET', path );
			const picked = await fx(
				'microsoft',
				'GET',
				`${ path }?$select=id,isCancelled`
			);
			assert(
				full.body.subject === 'Booking 7 (moved)' &&
					JSON.stringify( Object.keys( picked.body ) ) ===
						JSON.stringify( [
							'@odata.etag',
							'id',
							'isCancelled',
						] ) &&
					picked.body.isCancelled === false,
				`$select kept ${ JSON.stringify( picked.body ) }`
			);
			const unknown = await fx(
				'microsoft',
				'GET',
				`${ path }?$select=id,cancelled`
			);
			assert(
				unknown.status === 400 &&
					unknown.body.error.code === 'RequestBroker--ParseUri',
				`unknown $select property: ${ unknown.status }`
			);
			assert(
				( await fx( 'microsoft', 'DELETE', path ) ).status === 204,
				'delete'
			);
			assert(
				( await fx( 'microsoft', 'DELETE', path ) ).status === 404,
				'second delete'
			);
		}
	);

	await check(
		'Graph time zones: Windows ids and the documented IANA names only (400 TimeZoneNotSupportedException), wall time in that zone, Prefer: outlook.timezone renders in the zone asked for',
		async () => {
			const at = ( dateTime, timeZone ) => ( { dateTime, timeZone } );
			const create = ( zone ) =>
				fx( 'microsoft', 'POST', '/v1.0/me/events', {
					subject: `Zone ${ zone }`,
					start: at( '2030-07-01T09:00:00', zone ),
					end: at( '2030-07-01T10:00:00', zone ),
				} );
			for ( const zone of [
				'Europe/Madrid',
				'Asia/Calcutta',
				'Mars',
				'',
			] ) {
				const refused = await create( zone );
				assert(
					refused.status === 400 &&
						refused.body.error.code ===
							'TimeZoneNotSupportedException',
					`${ zone }: ${ refused.status }`
				);
			}
			const madrid = await create( 'Romance Standard Time' );
			const tokyo = await create( 'Asia/Tokyo' );
			assert( madrid.status === 201 && tokyo.status === 201, 'accepted' );
			assert(
				madrid.body.originalStartTimeZone === 'Romance Standard Time',
				'originalStartTimeZone'
			);
			const path = `/v1.0/me/events/${ encodeURIComponent(
				madrid.body.id
			) }`;
			const utc = await fx( 'microsoft', 'GET', path );
			assert(
				utc.body.start.dateTime === '2030-07-01T07:00:00.0000000' &&
					utc.body.start.timeZone === 'UTC',
				`UTC by default: ${ JSON.stringify( utc.body.start ) }`
			);
			const india = await fx( 'microsoft', 'GET', path, undefined, {
				Prefer: 'outlook.timezone="India Standard Time"',
			} );
			assert(
				india.body.start.dateTime === '2030-07-01T12:30:00.0000000' &&
					india.body.start.timeZone === 'India Standard Time',
				`Prefer: ${ JSON.stringify( india.body.start ) }`
			);
			const bad = await fx( 'microsoft', 'GET', path, undefined, {
				Prefer: 'outlook.timezone="Nowhere/Else"',
			} );
			assert( bad.status === 400, `bad Prefer ${ bad.status }` );
			const patched = await fx( 'microsoft', 'PATCH', path, {
				start: at( '2030-07-01T09:00:00', 'Europe/Madrid' ),
			} );
			assert(
				patched.status === 400 &&
					patched.body.error.code === 'TimeZoneNotSupportedException',
				`patch ${ patched.status }`
			);
		}
	);

	await check(
		'All-day events: Google refuses a start with both date and dateTime or mixed kinds (PATCH merged), Graph refuses isAllDay off midnight',
		async () => {
			const events = '/calendar/v3/calendars/primary/events';
			const day = { date: '2030-12-24' };
			const next = { date: '2030-12-25' };
			const ok = await fx( 'google', 'POST', events, {
				summary: 'Closed',
				start: day,
				end: next,
			} );
			assert( ok.status === 200, `all-day create ${ ok.status }` );
			const both = await fx( 'google', 'POST', events, {
				start: { ...day, dateTime: '2030-12-24T00:00:00Z' },
				end: next,
			} );
			const mixed = await fx( 'google', 'POST', events, {
				start: day,
				end: { dateTime: '2030-12-25T00:00:00Z' },
			} );
			const path = `${ events }/${ ok.body.id }`;
			const merged = await fx( 'google', 'PATCH', path, {
				start: { dateTime: '2030-12-24T09:00:00Z' },
				end: { dateTime: '2030-12-24T10:00:00Z' },
			} );
			const cleared = await fx( 'google', 'PATCH', path, {
				start: { dateTime: '2030-12-24T09:00:00Z', date: null },
				end: { dateTime: '2030-12-24T10:00:00Z', date: null },
			} );
			assert(
				[
					both.status,
					mixed.status,
					merged.status,
					cleared.status,
				].join() === '400,400,400,200',
				`${ both.status } ${ mixed.status } ${ merged.status } ${ cleared.status }`
			);
			const graph = ( start, end ) =>
				fx( 'microsoft', 'POST', '/v1.0/me/events', {
					subject: 'Closed',
					isAllDay: true,
					start: {
						dateTime: start,
						timeZone: 'Pacific Standard Time',
					},
					end: { dateTime: end, timeZone: 'Pacific Standard Time' },
				} );
			const allDay = await graph(
				'2030-12-24T00:00:00',
				'2030-12-25T00:00:00'
			);
			const offMidnight = await graph(
				'2030-12-24T08:00:00',
				'2030-12-25T08:00:00'
			);
			assert(
				allDay.status === 201 && offMidnight.status === 400,
				`graph ${ allDay.status } ${ offMidnight.status }`
			);
		}
	);

	await check(
		'Calendly: scheduled_events pages with page tokens, invitees per event',
		async () => {
			await control( '/__control/reset', {} );
			const all = await pages(
				'calendly',
				`/scheduled_events?user=${ CALENDLY_USER_PARAM }&count=8`,
				( last ) => last.pagination.next_page
			);
			const events = items( all, 'collection' );
			assert(
				all.length === 4 &&
					all[ 3 ].pagination.next_page_token === null &&
					all[ 0 ].pagination.next_page_token &&
					all[ 0 ].pagination.count === 8,
				`pages ${ JSON.stringify( all.map( ( p ) => p.pagination ) ) }`
			);
			assert(
				events.length === 30 &&
					events.filter( ( e ) => e.status === 'canceled' ).length ===
						4 &&
					events.every(
						( e ) =>
							e.uri &&
							e.name &&
							e.start_time &&
							e.end_time &&
							e.updated_at &&
							e.location
					),
				`${ events.length } events`
			);
			const later = await fx(
				'calendly',
				'GET',
				`/scheduled_events?user=${ CALENDLY_USER_PARAM }&min_start_time=${ events[ 10 ].start_time }`
			);
			const expected = events.filter(
				( e ) => e.start_time >= events[ 10 ].start_time
			).length;
			assert(
				later.body.collection.length === expected && expected < 30,
				`min_start_time kept ${ later.body.collection.length }`
			);
			const uuid = events[ 0 ].uri.split( '/' ).pop();
			const invitees = await fx(
				'calendly',
				'GET',
				`/scheduled_events/${ uuid }/invitees`
			);
			const [ invitee ] = invitees.body.collection;
			assert(
				invitees.status === 200 &&
					invitee.email &&
					invitee.name &&
					invitee.status === 'active',
				`invitees ${ JSON.stringify( invitees.body ) }`
			);
		}
	);

	await check(
		'Calendly: scheduled_events keeps max_start_time and refuses times not in UTC form with 400 details',
		async () => {
			await control( '/__control/reset', {} );
			const list = ( extra ) =>
				fx(
					'calendly',
					'GET',
					`/scheduled_events?user=${ CALENDLY_USER_PARAM }&count=100${ extra }`
				);
			const all = ( await list( '' ) ).body.collection;
			const [ from, to ] = [ all[ 5 ].start_time, all[ 12 ].start_time ];
			const span = await list(
				`&min_start_time=${ from }&max_start_time=${ to }`
			);
			assert(
				span.status === 200 &&
					span.body.collection.length > 0 &&
					span.body.collection.every(
						( e ) => e.start_time >= from && e.start_time < to
					) &&
					span.body.collection.length <
						all.filter( ( e ) => e.start_time >= from ).length,
				`span kept ${ span.body.collection.length }`
			);
			for ( const bad of [
				'2026-12-01',
				'2026-12-01T10:00:00+01:00',
				'yesterday',
			] ) {
				const refused = await list(
					`&max_start_time=${ encodeURIComponent( bad ) }`
				);
				assert(
					refused.status === 400 &&
						refused.body.title === 'Invalid Argument' &&
						refused.body.details?.[ 0 ]?.parameter ===
							'max_start_time',
					`${ bad }: ${ refused.status } ${ JSON.stringify(
						refused.body
					) }`
				);
			}
		}
	);

	await check(
		'HubSpot contacts: 201, 409 CONFLICT for the same email in any case, PATCH, GET by email',
		async () => {
			const made = await fx(
				'hubspot',
				'POST',
				'/crm/v3/objects/contacts',
				{
					properties: { email: 'Ann@Example.com', firstname: 'Ann' },
				}
			);
			assert(
				made.status === 201 &&
					made.body.id &&
					made.body.properties.firstname === 'Ann',
				`create ${ made.status } ${ JSON.stringify( made.body ) }`
			);
			const again = await fx(
				'hubspot',
				'POST',
				'/crm/v3/objects/contacts',
				{
					properties: { email: 'ann@example.COM' },
				}
			);
			assert(
				again.status === 409 &&
					again.body.status === 'error' &&
					again.body.category === 'CONFLICT' &&
					again.body.message ===
						`Contact already exists. Existing ID: ${ made.body.id }`,
				`duplicate ${ again.status } ${ JSON.stringify( again.body ) }`
			);
			const patched = await fx(
				'hubspot',
				'PATCH',
				`/crm/v3/objects/contacts/${ made.body.id }`,
				{ properties: { phone: '+44 20 7946 0000' } }
			);
			assert(
				patched.status === 200 &&
					patched.body.properties.phone === '+44 20 7946 0000',
				`patch ${ patched.status }`
			);
			const byEmail = ( email ) =>
				fx(
					'hubspot',
					'GET',
					`/crm/v3/objects/contacts/${ encodeURIComponent( email ) }?idProperty=email`
				);
			const got = await byEmail( 'ann@example.com' );
			assert(
				got.status === 200 && got.body.id === made.body.id,
				`get ${ got.status }`
			);
			assert(
				( await byEmail( 'bob@example.com' ) ).status === 404,
				'unknown email'
			);
		}
	);

	await check(
		'Zoho upsert: insert, then update on the same Email; MANDATORY_NOT_FOUND without Last_Name',
		async () => {
			const upsert = ( record ) =>
				fx( 'zoho', 'POST', '/crm/v6/Contacts/upsert', {
					data: [ record ],
					duplicate_check_fields: [ 'Email' ],
				} );
			const inserting = await upsert( {
				Email: 'zed@example.com',
				Last_Name: 'Zed',
			} );
			const [ inserted ] = inserting.body.data;
			assert(
				inserting.status === 200 &&
					inserted.code === 'SUCCESS' &&
					inserted.action === 'insert' &&
					inserted.message === 'record added' &&
					inserted.status === 'success' &&
					inserted.details.id,
				`insert ${ inserting.status } ${ JSON.stringify( inserting.body ) }`
			);
			const second = await upsert( {
				Email: 'ZED@example.com',
				Last_Name: 'Zed',
				Phone: '1',
			} );
			const [ updated ] = second.body.data;
			assert(
				second.status === 200 &&
					updated.action === 'update' &&
					updated.message === 'record updated' &&
					updated.details.id === inserted.details.id,
				`update ${ JSON.stringify( second.body ) }`
			);
			const missing = await upsert( { Email: 'nolast@example.com' } );
			const [ error ] = missing.body.data;
			assert(
				missing.status === 400 &&
					error.code === 'MANDATORY_NOT_FOUND' &&
					error.details.api_name === 'Last_Name' &&
					error.status === 'error',
				`missing ${ missing.status } ${ JSON.stringify( missing.body ) }`
			);
		}
	);

	await check(
		"HubSpot is strict: properties an object of strings, unknown property and invalid email refused in HubSpot's error form",
		async () => {
			const create = ( body ) =>
				fx( 'hubspot', 'POST', '/crm/v3/objects/contacts', body );
			const code = ( res ) => res.body.errors?.[ 0 ]?.code;
			const list = await create( { properties: [] } );
			assert(
				list.status === 400 &&
					list.body.category === 'VALIDATION_ERROR' &&
					list.body.correlationId,
				`array ${ list.status } ${ JSON.stringify( list.body ) }`
			);
			const unknown = await create( {
				properties: { email: 'x@example.com', favourite: 'blue' },
			} );
			assert(
				unknown.status === 400 &&
					code( unknown ) === 'PROPERTY_DOESNT_EXIST' &&
					unknown.body.message.includes( '"PROPERTY_DOESNT_EXIST"' ),
				`unknown ${ JSON.stringify( unknown.body ) }`
			);
			const email = await create( { properties: { email: 'x@@nope' } } );
			assert(
				email.status === 400 && code( email ) === 'INVALID_EMAIL',
				`email ${ JSON.stringify( email.body ) }`
			);
			const number = await create( {
				properties: { email: 'y@example.com', phone: 5 },
			} );
			assert( number.status === 400, `number ${ number.status }` );
		}
	);

	await check(
		'Zoho v8: search 204 then 200, insert needs Last_Name, PUT keeps it, INVALID_DATA for a bad Email, upsert updates without Last_Name',
		async () => {
			const search = () =>
				fx(
					'zoho',
					'GET',
					'/crm/v8/Contacts/search?email=' +
						encodeURIComponent( 'kay@example.com' )
				);
			assert( ( await search() ).status === 204, 'nothing found yet' );
			const insert = ( record ) =>
				fx( 'zoho', 'POST', '/crm/v8/Contacts', { data: [ record ] } );
			const missing = await insert( { Email: 'kay@example.com' } );
			assert(
				missing.status === 400 &&
					missing.body.data[ 0 ].code === 'MANDATORY_NOT_FOUND',
				`missing ${ JSON.stringify( missing.body ) }`
			);
			const made = await insert( {
				Email: 'kay@example.com',
				Last_Name: 'Kay',
			} );
			const id = made.body.data[ 0 ].details.id;
			assert(
				made.status === 201 &&
					made.body.data[ 0 ].message === 'record added',
				`insert ${ made.status }`
			);
			const put = await fx( 'zoho', 'PUT', `/crm/v8/Contacts/${ id }`, {
				data: [ { Email: 'kay@example.com', Phone: '1' } ],
			} );
			const found = await search();
			assert(
				put.status === 200 &&
					found.status === 200 &&
					found.body.data[ 0 ].Last_Name === 'Kay' &&
					found.body.data[ 0 ].Phone === '1',
				`put ${ put.status } ${ JSON.stringify( found.body ) }`
			);
			const bad = await insert( { Email: 'nope', Last_Name: 'N' } );
			assert(
				bad.status === 400 &&
					bad.body.data[ 0 ].code === 'INVALID_DATA' &&
					bad.body.data[ 0 ].details.api_name === 'Email',
				`bad ${ JSON.stringify( bad.body ) }`
			);
			const upsert = await fx(
				'zoho',
				'POST',
				'/crm/v8/Contacts/upsert',
				{
					data: [ { Email: 'KAY@example.com', Phone: '2' } ],
					duplicate_check_fields: [ 'Email' ],
				}
			);
			assert(
				upsert.status === 200 &&
					upsert.body.data[ 0 ].action === 'update' &&
					( await search() ).body.data[ 0 ].Last_Name === 'Kay',
				`upsert ${ JSON.stringify( upsert.body ) }`
			);
		}
	);

	await check(
		'stats.requests records what the peer received, faulted requests too',
		async () => {
			await control( '/__control/reset', {} );
			await control( '/__control/next', {
				path: '/api/zoho/crm/v6/Contacts/upsert',
				status: 503,
			} );
			const body = { data: [ { Email: 'a@b.c', Last_Name: 'B' } ] };
			const faulted = await fx(
				'zoho',
				'POST',
				'/crm/v6/Contacts/upsert?trigger=workflow',
				body
			);
			assert( faulted.status === 503, `fault ${ faulted.status }` );
			await fx( 'zoho', 'POST', '/crm/v6/Contacts/upsert', body );
			const stats = json( await control( '/__control/stats' ) );
			const [ a, b ] = stats.requests;
			assert(
				stats.requests.length === 2 &&
					a.method === 'POST' &&
					a.path ===
						'/api/zoho/crm/v6/Contacts/upsert?trigger=workflow' &&
					JSON.stringify( a.body ) === JSON.stringify( body ) &&
					JSON.stringify( b.body ) === JSON.stringify( body ),
				JSON.stringify( stats.requests )
			);
			assert(
				stats.api === 2 &&
					stats.apiRoutes[
						'POST /api/zoho/crm/v6/Contacts/upsert'
					] === 2,
				`api ${ stats.api } ${ JSON.stringify( stats.apiRoutes ) }`
			);
			// Only the last 200 are kept.
			for ( let round = 0; round < 21; round++ ) {
				await Promise.all(
					Array.from( { length: 10 }, () =>
						fx( 'zoho', 'GET', '/crm/v6/users?type=CurrentUser' )
					)
				);
			}
			const full = json( await control( '/__control/stats' ) ).requests;
			assert(
				full.length === 200 && full[ 0 ].method === 'GET',
				`kept ${ full.length }`
			);
		}
	);

	await check(
		'seed 10,000 real-sized events and page through all of them; reset restores the calendar and CRM',
		async () => {
			const seeded = await control( '/__control/calendar', {
				action: 'seed',
				count: 10000,
			} );
			assert( seeded.status === 200, `seed ${ seeded.body }` );
			let started = Date.now();
			const all = await googlePages( {
				singleEvents: 'true',
				eventTypes: 'default',
			} );
			const googleMs = Date.now() - started;
			const ids = new Set( items( all ).map( ( e ) => e.id ) );
			assert(
				ids.size === 10000 && all.length === 40,
				`${ ids.size } events in ${ all.length } pages`
			);
			started = Date.now();
			const graph = await graphPages( graphWindow(), 1000 );
			const graphMs = Date.now() - started;
			assert(
				items( graph, 'value' ).length === 10000,
				`Graph ${ items( graph, 'value' ).length }`
			);
			// Timings are reported, not asserted: on a loaded machine they vary, and the peer's speed
			// is measured where it matters, in npm run bench.
			log(
				`     (10,000 events: Google 40 pages in ${ googleMs } ms, Graph 10 pages in ${ graphMs } ms)`
			);
			await fx( 'hubspot', 'POST', '/crm/v3/objects/contacts', {
				properties: { email: 'reset@example.com' },
			} );
			await control( '/__control/reset', {} );
			const back = items(
				await googlePages( {
					singleEvents: 'true',
					eventTypes: 'default',
				} )
			);
			assert( back.length === 26, `after reset ${ back.length } events` );
			const again = await fx(
				'hubspot',
				'POST',
				'/crm/v3/objects/contacts',
				{
					properties: { email: 'reset@example.com' },
				}
			);
			assert(
				again.status === 201,
				`HubSpot after reset ${ again.status }`
			);
		}
	);

	// ---- Push: webhook subscriptions, channels, Graph handshake, deliveries --

	// A stand-in subscriber on loopback: answers Graph's validation by echoing
	// the token (unless told not to) and records every delivery it gets.
	const subscriber = await new Promise( ( resolve ) => {
		const received = [];
		const server = createHttpServer( ( req, res ) => {
			const chunks = [];
			req.on( 'data', ( chunk ) => chunks.push( chunk ) );
			req.on( 'end', () => {
				const url = new URL( req.url, 'http://127.0.0.1' );
				const body = Buffer.concat( chunks ).toString( 'utf8' );
				received.push( {
					path: url.pathname,
					headers: req.headers,
					body,
				} );
				const token = url.searchParams.get( 'validationToken' );
				if ( token !== null && ! url.pathname.endsWith( '/mute' ) ) {
					res.writeHead( 200, { 'Content-Type': 'text/plain' } );
					return res.end( token );
				}
				res.writeHead( url.pathname.endsWith( '/mute' ) ? 404 : 202 );
				res.end();
			} );
		} );
		server.listen( 0, '127.0.0.1', () =>
			resolve( {
				server,
				received,
				url: `http://127.0.0.1:${ server.address().port }`,
			} )
		);
	} );
	const pushState = async () => json( await control( '/__control/push' ) );
	const deliverNow = async ( body ) =>
		json( await control( '/__control/deliver', body ) );
	const lastReceived = () =>
		subscriber.received[ subscriber.received.length - 1 ];

	try {
		await check(
			'Calendly webhook subscriptions: our signing key, 409 for the same url, list (scope, user, count checked), get, delete',
			async () => {
				await control( '/__control/reset', {} );
				const me = await fx( 'calendly', 'GET', '/users/me' );
				const org = me.body.resource.current_organization;
				assert( org, 'users/me names the current organization' );
				const body = {
					url: `${ subscriber.url }/calendly/1`,
					events: [ 'invitee.created', 'invitee.canceled' ],
					organization: org,
					user: me.body.resource.uri,
					scope: 'user',
					signing_key: 'selftest-signing-key-0123456789',
				};
				const made = await fx(
					'calendly',
					'POST',
					'/webhook_subscriptions',
					body
				);
				assert(
					made.status === 201 &&
						made.body.resource.state === 'active' &&
						made.body.resource.callback_url === body.url &&
						made.body.resource.signing_key === undefined,
					`create ${ made.status } ${ JSON.stringify( made.body ) }`
				);
				const again = await fx(
					'calendly',
					'POST',
					'/webhook_subscriptions',
					body
				);
				assert( again.status === 409, `duplicate ${ again.status }` );
				const listed = await fx(
					'calendly',
					'GET',
					`/webhook_subscriptions?organization=${ encodeURIComponent(
						org
					) }&scope=user&user=${ encodeURIComponent(
						me.body.resource.uri
					) }&count=100`
				);
				assert(
					listed.body.collection.length === 1,
					`list ${ JSON.stringify( listed.body ) }`
				);
				const orgParam = `organization=${ encodeURIComponent( org ) }`;
				for ( const query of [
					orgParam,
					`${ orgParam }&scope=user`,
					`${ orgParam }&scope=organization&count=101`,
				] ) {
					const refused = await fx(
						'calendly',
						'GET',
						`/webhook_subscriptions?${ query }`
					);
					assert(
						refused.status === 400,
						`list without scope, user or with count 101 (${ query }): ${ refused.status }`
					);
				}
				const path = `/webhook_subscriptions/${ made.body.resource.uri
					.split( '/' )
					.pop() }`;
				assert(
					( await fx( 'calendly', 'GET', path ) ).status === 200,
					'get'
				);
				assert(
					( await pushState() ).calendly[ 0 ].signing_key ===
						body.signing_key,
					'the peer keeps the key it signs with'
				);
				assert(
					( await fx( 'calendly', 'DELETE', path ) ).status === 204,
					'delete'
				);
				assert(
					( await fx( 'calendly', 'DELETE', path ) ).status === 404,
					'second delete'
				);
			}
		);

		await check(
			'deliver: Calendly signs t.body with the OAuth app’s key, not the subscription’s; tampered variants do not verify',
			async () => {
				await control( '/__control/reset', {} );
				const me = ( await fx( 'calendly', 'GET', '/users/me' ) ).body
					.resource;
				await fx( 'calendly', 'POST', '/webhook_subscriptions', {
					url: `${ subscriber.url }/calendly/2`,
					events: [ 'invitee.created', 'invitee.canceled' ],
					organization: me.current_organization,
					user: me.uri,
					scope: 'user',
					signing_key: 'selftest-key-for-deliveries',
				} );
				const verifies = ( got ) => {
					const [ , t, v1 ] =
						/^t=(\d+),v1=([0-9a-f]{64})$/.exec(
							got.headers[ 'calendly-webhook-signature' ] || ''
						) || [];
					const expected = createHmac(
						'sha256',
						CALENDLY_APP_SIGNING_KEY
					)
						.update( `${ t }.${ got.body }` )
						.digest( 'hex' );
					return { ok: v1 === expected, t: Number( t ) };
				};
				const sent = await deliverNow( { provider: 'calendly' } );
				const got = lastReceived();
				const document = JSON.parse( got.body );
				const { ok, t } = verifies( got );
				assert(
					sent.status === 202 &&
						got.path === '/calendly/2' &&
						ok &&
						Math.abs( t - Date.now() / 1000 ) < 5,
					`delivery ${ JSON.stringify( sent ) } ${ got.headers[ 'calendly-webhook-signature' ] }`
				);
				assert(
					document.event === 'invitee.created' &&
						document.payload.scheduled_event.uri.endsWith(
							`/scheduled_events/${ sent.uuid }`
						) &&
						document.payload.email,
					`document ${ got.body.slice( 0, 200 ) }`
				);
				const listed = await fx(
					'calendly',
					'GET',
					`/scheduled_events/${ sent.uuid }`
				);
				assert(
					listed.status === 200,
					'the booking exists for polling too'
				);
				for ( const tamper of [ 'key', 'body', 'subscription-key' ] ) {
					await deliverNow( { provider: 'calendly', tamper } );
					assert( ! verifies( lastReceived() ).ok, tamper );
				}
				await deliverNow( { provider: 'calendly', tamper: 'stale' } );
				assert(
					verifies( lastReceived() ).t < Date.now() / 1000 - 500,
					'stale'
				);
				const cancelled = await deliverNow( {
					provider: 'calendly',
					event: 'invitee.canceled',
					uuid: sent.uuid,
				} );
				const doc = JSON.parse( lastReceived().body );
				assert(
					cancelled.uuid === sent.uuid &&
						doc.payload.status === 'canceled' &&
						doc.payload.scheduled_event.status === 'canceled',
					'cancel'
				);
				const twice = await deliverNow( {
					provider: 'calendly',
					repeat: 2,
				} );
				const [ a, b ] = subscriber.received.slice( -2 );
				assert(
					twice.results.length === 2 &&
						a.body === b.body &&
						a.headers[ 'calendly-webhook-signature' ] ===
							b.headers[ 'calendly-webhook-signature' ],
					'repeat replays the identical request'
				);
			}
		);

		await check(
			'Google events.watch: channel echoed, unknown eventTypes refused, sync message sent, notifications carry id/token/resource, stop',
			async () => {
				await control( '/__control/reset', {} );
				const before = subscriber.received.length;
				const watch = await fx(
					'google',
					'POST',
					'/calendar/v3/calendars/primary/events/watch',
					{
						id: 'selftest-channel-1',
						type: 'web_hook',
						address: `${ subscriber.url }/google/1`,
						token: 'selftest-channel-token',
						params: { ttl: '3600' },
					}
				);
				const expires = Number( watch.body.expiration );
				assert(
					watch.status === 200 &&
						watch.body.kind === 'api#channel' &&
						watch.body.id === 'selftest-channel-1' &&
						watch.body.resourceId &&
						Math.abs( expires - ( Date.now() + 3600000 ) ) < 5000,
					`watch ${ JSON.stringify( watch.body ) }`
				);
				const duplicate = await fx(
					'google',
					'POST',
					'/calendar/v3/calendars/primary/events/watch',
					{
						id: 'selftest-channel-1',
						type: 'web_hook',
						address: `${ subscriber.url }/google/1`,
					}
				);
				assert(
					duplicate.status === 400 &&
						duplicate.body.error.errors[ 0 ].reason ===
							'channelIdNotUnique',
					`duplicate ${ duplicate.status }`
				);
				const badType = await fx(
					'google',
					'POST',
					'/calendar/v3/calendars/primary/events/watch?eventTypes=meeting',
					{
						id: 'selftest-channel-2',
						type: 'web_hook',
						address: `${ subscriber.url }/google/1`,
					}
				);
				assert(
					badType.status === 400,
					`unknown eventTypes on watch ${ badType.status }`
				);
				for (
					let i = 0;
					i < 50 && subscriber.received.length === before;
					i++
				) {
					await sleep( 20 );
				}
				const sync = subscriber.received[ before ];
				assert(
					sync?.headers[ 'x-goog-resource-state' ] === 'sync' &&
						sync.headers[ 'x-goog-channel-token' ] ===
							'selftest-channel-token',
					`sync message ${ JSON.stringify( sync?.headers ) }`
				);
				await deliverNow( { provider: 'google' } );
				const note = lastReceived().headers;
				assert(
					note[ 'x-goog-channel-id' ] === 'selftest-channel-1' &&
						note[ 'x-goog-resource-id' ] ===
							watch.body.resourceId &&
						note[ 'x-goog-resource-state' ] === 'exists' &&
						note[ 'x-goog-message-number' ] === '2',
					`notification ${ JSON.stringify( note ) }`
				);
				await deliverNow( { provider: 'google', tamper: 'token' } );
				assert(
					lastReceived().headers[ 'x-goog-channel-token' ] !==
						'selftest-channel-token',
					'tampered token'
				);
				const stop = ( resourceId ) =>
					fx( 'google', 'POST', '/calendar/v3/channels/stop', {
						id: 'selftest-channel-1',
						resourceId,
					} );
				assert(
					( await stop( 'other' ) ).status === 404,
					'wrong resource'
				);
				assert(
					( await stop( watch.body.resourceId ) ).status === 204,
					'stop'
				);
				assert(
					( await stop( watch.body.resourceId ) ).status === 404,
					'stopped twice'
				);
			}
		);

		await check(
			'Graph subscriptions: changeType and TLS version checked, validation handshake first (an endpoint that does not echo gets 400), PATCH renews, clientState delivered, DELETE',
			async () => {
				await control( '/__control/reset', {} );
				const expiry = new Date(
					Date.now() + 3 * 86400000
				).toISOString();
				const create = ( path ) =>
					fx( 'microsoft', 'POST', '/v1.0/subscriptions', {
						changeType: 'created,updated,deleted',
						notificationUrl: `${ subscriber.url }${ path }`,
						resource: 'me/events',
						expirationDateTime: expiry,
						clientState: 'selftest-client-state',
					} );
				for ( const [ changeType, tls ] of [
					[ 'created,moved', 'v1_2' ],
					[ 'created,updated,deleted', 'v1_4' ],
				] ) {
					const invalid = await fx(
						'microsoft',
						'POST',
						'/v1.0/subscriptions',
						{
							changeType,
							notificationUrl: `${ subscriber.url }/graph/1`,
							resource: 'me/events',
							expirationDateTime: expiry,
							latestSupportedTlsVersion: tls,
						}
					);
					assert(
						invalid.status === 400,
						`changeType ${ changeType } / TLS ${ tls }: ${ invalid.status }`
					);
				}
				const refused = await create( '/graph/mute' );
				assert(
					refused.status === 400 &&
						refused.body.error.code === 'ValidationError',
					`no echo ${ refused.status } ${ JSON.stringify( refused.body ) }`
				);
				const made = await create( '/graph/1' );
				const validation = subscriber.received.find(
					( r ) =>
						r.path === '/graph/1' &&
						r.headers[ 'content-type' ]?.startsWith( 'text/plain' )
				);
				assert(
					made.status === 201 &&
						made.body.clientState === 'selftest-client-state' &&
						validation,
					`create ${ made.status } ${ JSON.stringify( made.body ) }`
				);
				const tooLong = await fx(
					'microsoft',
					'PATCH',
					`/v1.0/subscriptions/${ made.body.id }`,
					{
						expirationDateTime: new Date(
							Date.now() + 30 * 86400000
						).toISOString(),
					}
				);
				assert(
					tooLong.status === 400,
					`too long ${ tooLong.status }`
				);
				const later = new Date(
					Date.now() + 4 * 86400000
				).toISOString();
				const renewed = await fx(
					'microsoft',
					'PATCH',
					`/v1.0/subscriptions/${ made.body.id }`,
					{ expirationDateTime: later }
				);
				assert(
					renewed.status === 200 &&
						renewed.body.expirationDateTime === later,
					`renew ${ renewed.status }`
				);
				const sent = await deliverNow( { provider: 'microsoft' } );
				const item = JSON.parse( lastReceived().body ).value[ 0 ];
				assert(
					sent.status === 202 &&
						item.subscriptionId === made.body.id &&
						item.clientState === 'selftest-client-state',
					`notification ${ JSON.stringify( item ) }`
				);
				await deliverNow( {
					provider: 'microsoft',
					tamper: 'clientState',
				} );
				assert(
					JSON.parse( lastReceived().body ).value[ 0 ].clientState !==
						'selftest-client-state',
					'tampered clientState'
				);
				const path = `/v1.0/subscriptions/${ made.body.id }`;
				assert(
					( await fx( 'microsoft', 'DELETE', path ) ).status === 204,
					'delete'
				);
				assert(
					(
						await fx( 'microsoft', 'PATCH', path, {
							expirationDateTime: later,
						} )
					).status === 404,
					'renewing a deleted subscription'
				);
			}
		);

		await check(
			'push control: disable and forget change subscriptions as a provider might',
			async () => {
				await control( '/__control/reset', {} );
				const me = ( await fx( 'calendly', 'GET', '/users/me' ) ).body
					.resource;
				const made = await fx(
					'calendly',
					'POST',
					'/webhook_subscriptions',
					{
						url: `${ subscriber.url }/calendly/3`,
						events: [ 'invitee.created' ],
						organization: me.current_organization,
						user: me.uri,
						scope: 'user',
					}
				);
				await control( '/__control/push', {
					action: 'disable',
					provider: 'calendly',
				} );
				const uuid = made.body.resource.uri.split( '/' ).pop();
				const got = await fx(
					'calendly',
					'GET',
					`/webhook_subscriptions/${ uuid }`
				);
				assert(
					got.body.resource.state === 'disabled',
					`state ${ got.body.resource.state }`
				);
				await control( '/__control/push', {
					action: 'forget',
					provider: 'calendly',
				} );
				assert(
					( await pushState() ).calendly.length === 0,
					'forgotten'
				);
				const none = await control( '/__control/deliver', {
					provider: 'calendly',
				} );
				assert(
					none.status === 400,
					`deliver with none ${ none.status }`
				);
			}
		);
	} finally {
		subscriber.server.close();
	}
} finally {
	await peers.close();
	rmSync( tmp, { recursive: true, force: true } );
}

log( `selftest: ${ passes } passed, ${ failures } failed` );
process.exit( failures ? 1 : 0 );
