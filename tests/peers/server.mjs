/**
 * Local HTTPS stand-in for Google, Microsoft, HubSpot, Zoho and Calendly.
 *
 * One oidc-provider authorization server (PKCE S256 required, rotating
 * refresh tokens with reuse detection, RFC 7009 revocation) plus API
 * fixtures (stateful ones in fixtures.mjs), fault injection and two
 * deliberately broken TLS servers.
 * See README.md beside this file.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parse as parseQuery } from 'node:querystring';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import './quiet-oidc.mjs'; // Before oidc-provider: it warns while it loads.
import Provider, { errors, interactionPolicy } from 'oidc-provider';

import { ensureCertificates } from './certs.mjs';
import { CALENDLY_USER, createFixtures } from './fixtures.mjs';
import { CALENDLY_ORG, createPush } from './push.mjs';
import { createZohoDataCentres } from './zoho-dc.mjs';

export const PROVIDERS = [
	'google',
	'microsoft',
	'hubspot',
	'zoho',
	'calendly',
];
export const ACCOUNT_ID = 'sandbox-user';

// How each provider's documentation says its clients authenticate (RFC 6749 §2.3.1), per
// endpoint. oidc-provider accepts Basic and form secrets interchangeably, so the peer checks the
// method itself before handing the request on: a server that takes only one refuses the other.
// Calendly: token endpoint Basic for web clients, revoke endpoint in the body
// (developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-refresh-token, …/post-oauth-revoke).
// Zoho: revocation takes the refresh token alone (`none`): Zoho's "Revoking a refresh token" page
// and the zohocrm SDKs' OAuthToken::revokeRefreshToken() send only `token`.
export const CLIENT_AUTH = {
	google: { token: 'client_secret_post', revoke: 'client_secret_post' },
	microsoft: { token: 'client_secret_post', revoke: 'client_secret_post' },
	hubspot: { token: 'client_secret_post', revoke: 'client_secret_post' },
	zoho: { token: 'client_secret_post', revoke: 'none' },
	calendly: { token: 'client_secret_basic', revoke: 'client_secret_post' },
};
export const CALLBACK_PATH = '/wp-json/syncwarden/v1/oauth/callback/';
export const DEFAULT_ACCESS_TOKEN_TTL = 3600;

const CANARY = {
	AccessToken: 'peercanary-at-',
	RefreshToken: 'peercanary-rt-',
	AuthorizationCode: 'peercanary-code-',
};

const USER = {
	email: 'sandbox-user@example.test',
	name: 'Sandbox User',
};

// Zoho CRM's answer to a missing, wrong-scheme, expired or unknown token.
const ZOHO_INVALID_TOKEN = {
	code: 'INVALID_TOKEN',
	details: {},
	message: 'invalid oauth token',
	status: 'error',
};

// Stateless answers: "METHOD path" (below /api/<provider>) -> JSON body, query
// strings ignored. The stateful routes live in fixtures.mjs and are tried first.
const FIXTURES = {
	google: {
		'GET /calendar/v3/users/me/calendarList': {
			items: [ { id: 'primary', summary: USER.email, primary: true } ],
		},
	},
	microsoft: {
		'GET /v1.0/me': {
			userPrincipalName: USER.email,
			displayName: USER.name,
		},
	},
	hubspot: {
		'GET /account-info/v3/details': {
			portalId: 12345678,
			uiDomain: 'app.hubspot.com',
		},
	},
	zoho: {
		'GET /crm/v6/users': {
			users: [ { email: USER.email, full_name: USER.name } ],
		},
	},
	calendly: {
		'GET /users/me': {
			resource: {
				uri: CALENDLY_USER,
				email: USER.email,
				name: USER.name,
				current_organization: CALENDLY_ORG,
			},
		},
	},
};

const sleep = ( ms ) => new Promise( ( done ) => setTimeout( done, ms ) );

const escapeHtml = ( text ) =>
	String( text ).replace( /[&<>"']/g, ( c ) => `&#${ c.charCodeAt( 0 ) };` );

function sendJson( res, status, body, headers = {} ) {
	const text = JSON.stringify( body );
	res.writeHead( status, {
		'Content-Type': 'application/json',
		'Cache-Control': 'no-store',
		'Content-Length': Buffer.byteLength( text ),
		...headers,
	} );
	res.end( text );
}

function sendHtml( res, status, html ) {
	res.writeHead( status, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
	} );
	res.end( html );
}

async function readBody( req, limit = 1024 * 1024 ) {
	const chunks = [];
	let size = 0;
	for await ( const chunk of req ) {
		size += chunk.length;
		if ( size > limit ) {
			throw new Error( 'request body too large' );
		}
		chunks.push( chunk );
	}
	return Buffer.concat( chunks ).toString( 'utf8' );
}

async function readJson( req ) {
	const text = await readBody( req );
	return text ? JSON.parse( text ) : {};
}

const page = ( title, body ) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${ escapeHtml( title ) }</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto}button{font-size:1rem;margin-right:1rem}</style>
</head>
<body>${ body }</body>
</html>`;

function listen( server, port ) {
	return new Promise( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( port, '127.0.0.1', () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );
}

function close( server ) {
	return new Promise( ( resolve ) => {
		server.close( () => resolve() );
		server.closeAllConnections();
	} );
}

/**
 * Start all peers. `redirectUris` is a list of redirect *bases* (the WordPress
 * site's origin); each client gets `<base>/wp-json/syncwarden/v1/oauth/callback/<id>`.
 *
 * @param {Object}          options
 * @param {string}          options.dir            Where certificates live (created once).
 * @param {number}          [options.port]         OAuth port; port+1 is TLS 1.1, port+2 untrusted.
 * @param {string|string[]} [options.redirectUris] Redirect bases.
 */
export async function startPeers( {
	dir,
	port = 9443,
	redirectUris = [ 'http://127.0.0.1:8891' ],
} = {} ) {
	if ( ! dir ) {
		throw new Error( 'startPeers: dir is required' );
	}
	const bases = (
		Array.isArray( redirectUris ) ? redirectUris : [ redirectUris ]
	).map( ( base ) => base.replace( /\/+$/, '' ) );
	const certs = ensureCertificates( dir );
	const tls = {
		cert: readFileSync( certs.cert ),
		key: readFileSync( certs.key ),
	};
	const issuer = `https://127.0.0.1:${ port }`;
	const ports = { oauth: port, tls11: port + 1, untrusted: port + 2 };

	const state = {
		accessTokenTtl: DEFAULT_ACCESS_TOKEN_TTL,
		faults: [],
		stats: freshStats(),
		fixtures: createFixtures( { issuer, user: USER } ),
		push: null, // webhook subscriptions and channels (push.mjs), set below
		// Scopes seen per resource: every requested scope becomes grantable.
		knownScopes: new Map(),
		zoho: createZohoDataCentres( { issuer } ),
	};

	const freshPush = () =>
		createPush( {
			fixtures: () => state.fixtures,
			issuer,
			user: CALENDLY_USER,
		} );
	state.push = freshPush();

	const providerOf = ( clientId ) => clientId.replace( /^sandbox-/, '' );
	const resourceFor = ( clientId ) =>
		`${ issuer }/api/${ providerOf( clientId ) }`;

	const provider = new Provider( issuer, {
		clients: PROVIDERS.map( ( id ) => ( {
			client_id: `sandbox-${ id }`,
			client_secret: `sandbox-${ id }-secret`,
			client_name: `SyncWarden (${ id })`,
			// Either is accepted by the library; checkClientAuth() enforces CLIENT_AUTH.
			token_endpoint_auth_method: CLIENT_AUTH[ id ].token,
			grant_types: [ 'authorization_code', 'refresh_token' ],
			response_types: [ 'code' ],
			redirect_uris: bases.map( ( base ) => base + CALLBACK_PATH + id ),
		} ) ),
		// Fresh keys per run: nothing signed here needs to outlive the process.
		jwks: { keys: [ signingKey() ] },
		cookies: { keys: [ randomBytes( 32 ).toString( 'hex' ) ] },
		// The v9 defaults, spelled out because tests and the plugin hard-code them.
		routes: {
			authorization: '/auth',
			token: '/token',
			revocation: '/token/revocation',
		},
		responseTypes: [ 'code' ],
		pkce: { required: () => true }, // v9 only knows S256, so this means S256.
		rotateRefreshToken: true,
		// Providers hand out refresh tokens without OIDC's offline_access dance.
		issueRefreshToken: async ( ctx, client ) =>
			client.grantTypeAllowed( 'refresh_token' ),
		expiresWithSession: async () => false,
		extraParams: [ 'peer_drop_scope' ],
		findAccount: async ( ctx, sub ) =>
			sub === ACCOUNT_ID
				? { accountId: sub, claims: async () => ( { sub, ...USER } ) }
				: undefined,
		features: {
			devInteractions: { enabled: false },
			userinfo: { enabled: false },
			revocation: {
				enabled: true,
				// Clients may revoke only their own tokens (the library default, made explicit).
				allowedPolicy: async ( ctx, client, token ) => {
					if ( token.clientId !== client.clientId ) {
						throw new errors.InvalidRequest(
							'client is not authorized to revoke the presented token'
						);
					}
					return true;
				},
			},
			// Provider scopes are not OIDC scopes, so they live on a resource
			// server: one per client, used by default, and it accepts any scope.
			resourceIndicators: {
				enabled: true,
				defaultResource: async ( ctx, client, oneOf ) =>
					oneOf || resourceFor( client.clientId ),
				useGrantedResource: async () => true,
				getResourceServerInfo: async ( ctx, indicator, client ) => {
					if ( indicator !== resourceFor( client.clientId ) ) {
						throw new errors.InvalidTarget();
					}
					const known =
						state.knownScopes.get( indicator ) || new Set();
					state.knownScopes.set( indicator, known );
					const requested = ctx.oidc.params?.scope || '';
					requested
						.split( ' ' )
						.filter( Boolean )
						.forEach( ( scope ) => known.add( scope ) );
					return {
						scope: [ ...known ].join( ' ' ),
						accessTokenFormat: 'opaque',
					};
				},
			},
		},
		interactions: {
			policy: alwaysAskPolicy(),
			url: ( ctx, interaction ) => `/interaction/${ interaction.uid }`,
		},
		ttl: {
			AccessToken: () => state.accessTokenTtl,
			AuthorizationCode: 300,
			Grant: 14 * 24 * 3600,
			IdToken: 3600,
			Interaction: 3600,
			RefreshToken: 14 * 24 * 3600,
			Session: 24 * 3600,
		},
		clientBasedCORS: () => false,
		renderError: async ( ctx, out ) => {
			ctx.type = 'html';
			ctx.body = page(
				'Sandbox provider error',
				`<h1>Sandbox provider error</h1><p id="error">${ escapeHtml(
					out.error
				) }</p><p id="error_description">${ escapeHtml( out.error_description || '' ) }</p>`
			);
		},
	} );

	// Canary prefixes make leaked secrets easy to grep for in logs and HTML.
	for ( const [ model, prefix ] of Object.entries( CANARY ) ) {
		const Model = provider[ model ];
		const original = Model.prototype.generateTokenId;
		Model.prototype.generateTokenId = function generateTokenId() {
			return prefix + original.call( this );
		};
	}

	// Record the parsed form of every /token request that reached the provider.
	provider.use( async ( ctx, next ) => {
		try {
			await next();
		} finally {
			if ( ctx.path === '/token' && ctx.oidc?.body ) {
				state.stats.lastTokenRequest = { ...ctx.oidc.body };
			}
		}
	} );

	// Zoho answers a bad code or a dead refresh token with HTTP 200 and
	// {"error":"invalid_code"}, not RFC 6749's 400 invalid_grant (Zoho's OAuth docs; its SDKs
	// read the error from a 200 body). The peer's Zoho client answers the same way.
	provider.use( async ( ctx, next ) => {
		await next();
		if ( ctx.path !== '/token' ) {
			return;
		}
		const client = ctx.oidc?.client?.clientId;
		if (
			client === 'sandbox-zoho' &&
			ctx.body?.error === 'invalid_grant'
		) {
			ctx.status = 200;
			ctx.body = { error: 'invalid_code' };
		} else if (
			client === 'sandbox-hubspot' &&
			[ 'invalid_grant', 'invalid_client' ].includes( ctx.body?.error )
		) {
			// HubSpot's token endpoint answers in its own form, a `status` code beside `message`
			// and `correlationId` (see tests/fixtures/providers/hubspot/token-error-*.source.md).
			ctx.status = 400;
			ctx.body = {
				status: hubspotTokenStatus(
					ctx.body.error,
					ctx.oidc?.body?.grant_type
				),
				message: 'peer: token refused',
				correlationId: randomUUID(),
			};
		} else if (
			client === 'sandbox-microsoft' &&
			typeof ctx.body?.scope === 'string'
		) {
			ctx.body = { ...ctx.body, scope: graphScope( ctx.body.scope ) };
		} else if (
			client === 'sandbox-hubspot' &&
			typeof ctx.body?.scope === 'string'
		) {
			// HubSpot's v3 token answer (AccessTokenResponse in HubSpot's public API spec
			// collection, Auth/Oauth v3): the grant as a `scopes` array, no `scope` string.
			const { scope, ...rest } = ctx.body;
			ctx.body = {
				...rest,
				scopes: scope.split( ' ' ).filter( Boolean ),
				hub_id: 12345678,
				user_id: 87654321,
				token_use: 'access',
			};
		}
	} );

	// Zoho's data centres (zoho-dc.mjs): the redirect names the account's accounts server, token
	// answers name its API domain, and a revocation says whether it worked in its body (the
	// zohocrm SDKs read `status: success`; what a failure says is not documented, so the peer
	// answers Zoho's usual HTTP 200 `{"error": …}` and a client must not trust the status).
	provider.use( async ( ctx, next ) => {
		await next();
		const location = ctx.response.get( 'Location' );
		if (
			ctx.status >= 300 &&
			ctx.status < 400 &&
			location.includes( CALLBACK_PATH + 'zoho?' ) &&
			location.includes( 'code=' )
		) {
			ctx.set( 'Location', state.zoho.tagRedirect( location ) );
			return;
		}
		if ( ctx.oidc?.client?.clientId !== 'sandbox-zoho' ) {
			return;
		}
		if ( ctx.path === '/token' && ctx.body?.access_token ) {
			ctx.body = state.zoho.bindAnswer( ctx.body, ctx.req.zohoDc );
		} else if ( ctx.path === '/token/revocation' && ctx.status === 200 ) {
			ctx.body = { status: 'success' };
		}
	} );

	const oidcHandler = provider.callback();
	const interactions = interactionHandlers( provider, resourceFor );

	async function handle( req, res ) {
		const routed = state.zoho.route( req );
		if ( ! routed ) {
			return sendJson( res, 421, { error: 'misdirected_request' } );
		}
		req.url = routed.url;
		req.zohoDc = routed.dc;
		const url = new URL( req.url, issuer );
		const path = url.pathname;
		countRequest( state.stats, req.method, path );

		// API bodies are read up front, so that faulted requests are recorded too.
		let body = null;
		let badJson = false;
		if ( path.startsWith( '/api/' ) ) {
			const text = await readBody( req );
			try {
				body = text ? JSON.parse( text ) : null;
			} catch {
				body = text;
				badJson = true;
			}
			recordRequest( state.stats, req.method, req.url, body, req.zohoDc );
		}

		// Control writes are never faulted (or a test could lock itself out);
		// GETs such as /__control/stats are, since tests use them as targets.
		if ( path.startsWith( '/__control/' ) && req.method !== 'GET' ) {
			return control( req, res, path );
		}

		const fault = takeFault( state.faults, path );
		if ( fault ) {
			if ( fault.delayMs ) {
				await sleep( fault.delayMs );
			}
			if ( fault.drop ) {
				// The connection dies mid-request: no status line, no body.
				return req.socket.destroy();
			}
			if ( fault.status ) {
				if ( path === '/token' ) {
					state.stats.lastTokenRequest = {
						...parseQuery( await readBody( req ) ),
					};
				}
				return sendFault( res, fault );
			}
		}

		if ( path.startsWith( '/__control/' ) ) {
			return control( req, res, path );
		}
		if (
			req.method === 'POST' &&
			( path === '/token' || path === '/token/revocation' )
		) {
			const refused = await checkClientAuth( req, path );
			if ( refused ) {
				return sendJson(
					res,
					refused.status ?? 401,
					refused.body,
					refused.headers
				);
			}
			const elsewhere = zohoGrantElsewhere( req, path );
			if ( elsewhere ) {
				return sendJson( res, 200, elsewhere );
			}
		}
		if ( path.startsWith( '/api/' ) ) {
			return api( req, res, url, body, badJson );
		}
		if ( path.startsWith( '/interaction/' ) ) {
			return interactions( req, res, path );
		}
		if ( path === '/auth' && req.method === 'GET' ) {
			// The consent page shows every time anyway, so `prompt` carries no
			// meaning here; pinning it to "consent" keeps oidc-provider from
			// dropping offline_access (OIDC Core 11) and from rejecting
			// provider-specific values such as select_account.
			url.searchParams.set( 'prompt', 'consent' );
			req.url = url.pathname + url.search;
		}
		return oidcHandler( req, res );
	}

	// Reads the form (handing it to oidc-provider as req.body) and refuses a client that
	// authenticates another way than its provider documents for this endpoint.
	async function checkClientAuth( req, path ) {
		const form = { ...parseQuery( await readBody( req ) ) };
		req.body = form;
		const basic = /^Basic\s+(\S+)$/i.exec(
			req.headers.authorization || ''
		);
		const kind = path === '/token' ? 'token' : 'revoke';
		if ( ! basic && form.client_id === undefined && kind === 'revoke' ) {
			return tokenAlone( form );
		}
		const used = basic ? 'client_secret_basic' : 'client_secret_post';
		const clientId = basic
			? decodeURIComponent(
					Buffer.from( basic[ 1 ], 'base64' )
						.toString( 'utf8' )
						.split( ':' )[ 0 ]
						.replace( /\+/g, '%20' )
				)
			: form.client_id;
		const rules = CLIENT_AUTH[ providerOf( String( clientId || '' ) ) ];
		const wanted = rules?.[ kind ];
		if ( ! wanted || wanted === used ) {
			return null;
		}
		if ( path === '/token' ) {
			state.stats.lastTokenRequest = { ...form };
		}
		return {
			body: {
				error: 'invalid_client',
				error_description:
					wanted === 'none'
						? 'this endpoint takes the token alone, without client credentials'
						: `this client authenticates with ${ wanted } only`,
			},
			headers:
				wanted === 'client_secret_basic'
					? { 'WWW-Authenticate': 'Basic realm="peer"' }
					: {},
		};
	}

	// A revocation with the token alone, as Zoho's takes it. oidc-provider wants the client, so the
	// peer finds the client from the token and authenticates it itself. A token nobody holds (at
	// Zoho: one already revoked) gets Zoho's HTTP 200 {"error":"invalid_code"}.
	async function tokenAlone( form ) {
		const found =
			typeof form.token === 'string' &&
			( ( await provider.RefreshToken.find( form.token ) ) ??
				( await provider.AccessToken.find( form.token ) ) );
		const client = found?.clientId;
		if ( ! client ) {
			return {
				status: 200,
				body: { error: 'invalid_code' },
				headers: {},
			};
		}
		if ( CLIENT_AUTH[ providerOf( client ) ]?.revoke !== 'none' ) {
			return {
				body: {
					error: 'invalid_client',
					error_description: 'client authentication is required',
				},
				headers: {},
			};
		}
		form.client_id = client;
		form.client_secret = `${ client }-secret`;
		return null;
	}

	// A Zoho code or refresh token is only known at the accounts server of the data centre that
	// issued it; anywhere else Zoho answers HTTP 200 {"error":"invalid_code"} and nothing changes.
	function zohoGrantElsewhere( req, path ) {
		const form = req.body;
		if ( form.client_id !== 'sandbox-zoho' ) {
			return null;
		}
		const value =
			path === '/token/revocation'
				? form.token
				: ( form.code ?? form.refresh_token );
		return value && state.zoho.issuer( value ) !== req.zohoDc
			? { error: 'invalid_code' }
			: null;
	}

	async function api( req, res, url, body, badJson ) {
		const match = /^\/api\/([a-z]+)(\/.*)$/.exec( url.pathname );
		const id = match?.[ 1 ];
		// Zoho CRM documents `Zoho-oauthtoken <token>` (its SDKs' header prefix)
		// and nothing else; the others take RFC 6750 `Bearer <token>`.
		const scheme = id === 'zoho' ? 'Zoho-oauthtoken' : 'Bearer';
		const bearer = new RegExp( `^${ scheme }\\s+(\\S+)$`, 'i' ).exec(
			req.headers.authorization || ''
		)?.[ 1 ];
		const token = bearer && ( await provider.AccessToken.find( bearer ) );
		// A token is only good at the API of the provider it was issued for.
		// find() allows 15 s of clock skew; the API must not, or TTL tests drag.
		// A Zoho access token is good only at its own data centre's API domain.
		const valid =
			token &&
			! token.isExpired &&
			token.clientId === `sandbox-${ id }` &&
			( id !== 'zoho' || state.zoho.issuer( bearer ) === req.zohoDc );
		if ( ! valid && id === 'zoho' ) {
			return sendJson( res, 401, ZOHO_INVALID_TOKEN );
		}
		if ( ! valid || ! FIXTURES[ id ] ) {
			return sendJson(
				res,
				401,
				{ error: 'invalid_token' },
				{ 'WWW-Authenticate': 'Bearer error="invalid_token"' }
			);
		}
		if ( badJson ) {
			return sendJson( res, 400, { error: 'invalid_json' } );
		}
		const answer =
			( await state.push.handle(
				id,
				req.method,
				match[ 2 ],
				url.searchParams,
				body
			) ) ??
			state.fixtures.handle(
				id,
				req.method,
				match[ 2 ],
				url.searchParams,
				body,
				req.headers
			);
		if ( answer ) {
			const [ status, json, headers = {} ] = answer;
			if ( json === undefined ) {
				res.writeHead( status, {
					'Cache-Control': 'no-store',
					...headers,
				} );
				return res.end();
			}
			return sendJson( res, status, json, headers );
		}
		const fixed = FIXTURES[ id ][ `${ req.method } ${ match[ 2 ] }` ];
		return fixed
			? sendJson( res, 200, fixed )
			: sendJson( res, 404, { error: 'not_found' } );
	}

	async function control( req, res, path ) {
		const route = `${ req.method } ${ path }`;
		try {
			switch ( route ) {
				case 'GET /__control/stats':
					return sendJson( res, 200, state.stats );
				case 'POST /__control/reset':
					state.faults.length = 0;
					state.stats = freshStats();
					state.accessTokenTtl = DEFAULT_ACCESS_TOKEN_TTL;
					state.fixtures = createFixtures( { issuer, user: USER } );
					state.push = freshPush();
					state.zoho = createZohoDataCentres( { issuer } );
					return sendJson( res, 200, { ok: true } );
				case 'POST /__control/zoho':
					// The data centre the sandbox user's Zoho account is in, from the next consent on.
					return sendJson(
						res,
						200,
						state.zoho.setHome( ( await readJson( req ) ).dc )
					);
				case 'POST /__control/deliver':
					return sendJson(
						res,
						200,
						await state.push.deliver( await readJson( req ) )
					);
				case 'GET /__control/push':
					return sendJson( res, 200, state.push.state() );
				case 'POST /__control/push':
					return sendJson(
						res,
						200,
						state.push.control( await readJson( req ) )
					);
				case 'POST /__control/calendar':
					return sendJson(
						res,
						200,
						state.fixtures.calendar( await readJson( req ) )
					);
				case 'POST /__control/next': {
					const fault = validateFault( await readJson( req ) );
					state.faults.push( fault );
					return sendJson( res, 200, {
						ok: true,
						pending: state.faults.length,
					} );
				}
				case 'POST /__control/ttl': {
					const ttl = ( await readJson( req ) ).access_token;
					if ( ! Number.isInteger( ttl ) || ttl < 1 ) {
						throw new Error(
							'access_token must be a positive integer (seconds)'
						);
					}
					state.accessTokenTtl = ttl;
					return sendJson( res, 200, { access_token: ttl } );
				}
				case 'GET /__control/redirect-elsewhere':
					res.writeHead( 302, {
						Location: `https://localhost:${ port }/api/google/calendar/v3/users/me/calendarList`,
						'Content-Length': 0,
					} );
					return res.end();
			}
			return sendJson( res, 404, {
				error: 'unknown control endpoint',
				route,
			} );
		} catch ( error ) {
			return sendJson( res, 400, { error: error.message } );
		}
	}

	const okHandler = ( req, res ) => sendJson( res, 200, { ok: true } );
	const servers = [
		createServer( tls, ( req, res ) =>
			handle( req, res ).catch( ( error ) => {
				process.stderr.write(
					`peer error on ${ req.url }: ${ error.stack }\n`
				);
				if ( ! res.headersSent ) {
					sendJson( res, 500, { error: 'server_error' } );
				} else {
					res.destroy();
				}
			} )
		),
		// OpenSSL 3 refuses TLS 1.1 at its default security level.
		createServer(
			{
				...tls,
				minVersion: 'TLSv1.1',
				maxVersion: 'TLSv1.1',
				ciphers: 'DEFAULT@SECLEVEL=0',
			},
			okHandler
		),
		createServer(
			{
				cert: readFileSync( certs.untrustedCert ),
				key: readFileSync( certs.untrustedKey ),
			},
			okHandler
		),
	];

	const started = [];
	try {
		for ( const [ i, server ] of servers.entries() ) {
			await listen( server, port + i );
			started.push( server );
		}
	} catch ( error ) {
		await Promise.all( started.map( close ) );
		throw new Error(
			`cannot listen on 127.0.0.1:${ error.port ?? port }: ${ error.message }`
		);
	}

	return {
		issuer,
		ca: certs.ca,
		certs,
		ports,
		clients: PROVIDERS.map( ( id ) => ( {
			provider: id,
			clientId: `sandbox-${ id }`,
			clientSecret: `sandbox-${ id }-secret`,
			redirectUris: bases.map( ( base ) => base + CALLBACK_PATH + id ),
		} ) ),
		provider,
		close: () => Promise.all( servers.map( close ) ),
	};
}

// The Microsoft identity platform's token response lists the scopes the access token is good
// for: no offline_access (the refresh token shows it), Graph scopes qualified with their
// resource, and the OpenID scopes it always adds (learn.microsoft.com/entra/identity-platform/
// v2-oauth2-auth-code-flow, "Successful response").
export function graphScope( granted ) {
	const openid = [ 'openid', 'profile', 'email' ];
	const graph = granted
		.split( ' ' )
		.filter(
			( s ) => s && s !== 'offline_access' && ! openid.includes( s )
		)
		.map( ( s ) => `https://graph.microsoft.com/${ s }` );
	return [ ...openid, ...graph ].join( ' ' );
}

function freshStats() {
	return {
		token: 0,
		revocation: 0,
		api: 0,
		apiRoutes: {}, // "METHOD /api/…" (no query) -> count
		lastTokenRequest: null,
		requests: [], // the last REQUEST_LOG API requests, oldest first
	};
}

const REQUEST_LOG = 200;

function countRequest( stats, method, path ) {
	if ( path === '/token' ) {
		stats.token++;
	} else if ( path === '/token/revocation' ) {
		stats.revocation++;
	} else if ( path.startsWith( '/api/' ) ) {
		stats.api++;
		const route = `${ method } ${ path }`;
		stats.apiRoutes[ route ] = ( stats.apiRoutes[ route ] || 0 ) + 1;
	}
}

// What the peer received, so tests can assert on the plugin's requests.
function recordRequest( stats, method, path, body, dc ) {
	stats.requests.push( {
		method,
		path,
		body,
		...( dc === 'us' ? {} : { dc } ),
	} );
	if ( stats.requests.length > REQUEST_LOG ) {
		stats.requests.shift();
	}
}

function validateFault( input ) {
	const fault = {
		path: input.path,
		status: input.status,
		headers: input.headers || {},
		body: input.body,
		bodyBytes: input.bodyBytes,
		delayMs: input.delayMs || 0,
		drop: input.drop === true,
		after: input.after ?? 0,
		times: input.times ?? 1,
	};
	if ( typeof fault.path !== 'string' || ! fault.path.startsWith( '/' ) ) {
		throw new Error( 'path must start with /' );
	}
	if ( fault.bodyBytes !== undefined && ! fault.status ) {
		fault.status = 200;
	}
	if ( fault.status === undefined && ! fault.delayMs && ! fault.drop ) {
		throw new Error(
			'give status (canned answer), drop (cut the connection) and/or delayMs (slow real answer)'
		);
	}
	if ( ! Number.isInteger( fault.after ) || fault.after < 0 ) {
		throw new Error( 'after must be a non-negative integer' );
	}
	if (
		fault.status !== undefined &&
		! ( fault.status >= 100 && fault.status <= 599 )
	) {
		throw new Error( 'status must be an HTTP status code' );
	}
	if ( ! Number.isInteger( fault.times ) || fault.times < 1 ) {
		throw new Error( 'times must be a positive integer' );
	}
	return fault;
}

// First pending fault for this exact path: it lets `after` requests through
// (a fault on page 2), then answers `times` requests.
function takeFault( faults, path ) {
	const i = faults.findIndex( ( fault ) => fault.path === path );
	if ( i === -1 ) {
		return undefined;
	}
	const fault = faults[ i ];
	if ( fault.after > 0 ) {
		fault.after--;
		return undefined;
	}
	if ( --fault.times === 0 ) {
		faults.splice( i, 1 );
	}
	return fault;
}

async function sendFault( res, fault ) {
	const headers = { 'Cache-Control': 'no-store', ...fault.headers };
	if ( fault.bodyBytes !== undefined ) {
		// Oversized answers are streamed so that memory use stays flat.
		res.writeHead( fault.status, {
			'Content-Type': 'application/json',
			...headers,
			'Content-Length': fault.bodyBytes,
		} );
		const chunk = Buffer.alloc( 64 * 1024, 'x' );
		for ( let left = fault.bodyBytes; left > 0; left -= chunk.length ) {
			if (
				! res.write(
					left >= chunk.length ? chunk : chunk.subarray( 0, left )
				)
			) {
				await new Promise( ( resume ) => res.once( 'drain', resume ) );
			}
			if ( res.destroyed ) {
				return;
			}
		}
		return res.end();
	}
	const hasType = Object.keys( headers ).some(
		( h ) => h.toLowerCase() === 'content-type'
	);
	let body = fault.body ?? '';
	if ( typeof body !== 'string' ) {
		body = JSON.stringify( body );
		if ( ! hasType ) {
			headers[ 'Content-Type' ] = 'application/json';
		}
	} else if ( ! hasType ) {
		headers[ 'Content-Type' ] = 'text/plain; charset=utf-8';
	}
	res.writeHead( fault.status, {
		...headers,
		'Content-Length': Buffer.byteLength( body ),
	} );
	res.end( body );
}

function signingKey() {
	const { privateKey } = generateKeyPairSync( 'rsa', {
		modulusLength: 2048,
	} );
	return {
		...privateKey.export( { format: 'jwk' } ),
		use: 'sig',
		alg: 'RS256',
	};
}

// Real providers show their consent screen on every authorize call the
// plugin makes; so does the peer, even when its session would allow skipping.
function alwaysAskPolicy() {
	const { base, Check } = interactionPolicy;
	const policy = base();
	policy
		.get( 'consent' )
		.checks.add(
			new Check(
				'peer_always_ask',
				'the sandbox provider always asks',
				( ctx ) =>
					ctx.oidc.result?.consent
						? Check.NO_NEED_TO_PROMPT
						: Check.REQUEST_PROMPT
			)
		);
	return policy;
}

// GET /interaction/:uid shows the consent page; POST .../allow or .../deny ends it.
function interactionHandlers( provider, resourceFor ) {
	return async function handleInteraction( req, res, path ) {
		let details;
		try {
			details = await provider.interactionDetails( req, res );
		} catch ( error ) {
			return sendHtml(
				res,
				400,
				page(
					'Sandbox provider',
					`<h1>Sandbox provider</h1><p>This sign-in request has expired or is unknown (${ escapeHtml(
						error.message
					) }). Start again from the plugin.</p>`
				)
			);
		}
		// path is /interaction/<uid>[/allow|/deny]
		const [ , , uid, action ] = path.split( '/' );
		if ( details.uid !== uid ) {
			return sendJson( res, 400, {
				error: `interaction mismatch (${ action || 'view' })`,
			} );
		}
		const { params } = details;
		const requested = ( params.scope || '' ).split( ' ' ).filter( Boolean );
		const dropped = new Set(
			( params.peer_drop_scope || '' ).split( ' ' ).filter( Boolean )
		);

		if ( req.method === 'GET' && ! action ) {
			const items = requested
				.map(
					( scope ) =>
						`<li><code>${ escapeHtml( scope ) }</code>${
							dropped.has( scope ) ? ' (will be left out)' : ''
						}</li>`
				)
				.join( '' );
			return sendHtml(
				res,
				200,
				page(
					'Sandbox provider',
					`<h1>Sandbox provider</h1>
<p><strong>${ escapeHtml( params.client_id ) }</strong> asks to access the account
<strong>${ escapeHtml( USER.email ) }</strong> with these scopes:</p>
<ul id="scopes">${ items || '<li>(none)</li>' }</ul>
<form method="post" action="/interaction/${ escapeHtml( uid ) }/allow">
<button type="submit" autofocus>Allow</button></form>
<form method="post" action="/interaction/${ escapeHtml( uid ) }/deny">
<button type="submit">Deny</button></form>`
				)
			);
		}

		if ( req.method === 'POST' && action === 'deny' ) {
			return provider.interactionFinished(
				req,
				res,
				{
					error: 'access_denied',
					error_description: 'the user denied the request',
				},
				{ mergeWithLastSubmission: false }
			);
		}

		if ( req.method === 'POST' && action === 'allow' ) {
			// Log in and consent in one step. A new grant per approval keeps
			// earlier approvals (and dropped scopes) from leaking into this one.
			const grant = new provider.Grant( {
				accountId: ACCOUNT_ID,
				clientId: params.client_id,
			} );
			const resource = resourceFor( params.client_id );
			const granted = requested.filter(
				( scope ) => ! dropped.has( scope )
			);
			const rejected = requested.filter( ( scope ) =>
				dropped.has( scope )
			);
			const isOidc = ( scope ) =>
				scope === 'openid' || scope === 'offline_access';
			if ( granted.length ) {
				grant.addResourceScope( resource, granted );
			}
			if ( granted.some( isOidc ) ) {
				grant.addOIDCScope( granted.filter( isOidc ) );
			}
			if ( rejected.length ) {
				grant.rejectResourceScope( resource, rejected );
			}
			if ( rejected.some( isOidc ) ) {
				grant.rejectOIDCScope( rejected.filter( isOidc ) );
			}
			const grantId = await grant.save();
			return provider.interactionFinished(
				req,
				res,
				{ login: { accountId: ACCOUNT_ID }, consent: { grantId } },
				{ mergeWithLastSubmission: false }
			);
		}

		return sendJson( res, 405, { error: 'method not allowed' } );
	};
}

// CLI: prints one JSON line once everything listens, runs until SIGTERM/SIGINT.
async function main() {
	// oidc-provider prints notices with console.info; stdout is for the ready line only.
	// eslint-disable-next-line no-console
	console.info = console.log = ( ...args ) => console.error( ...args );
	const { values } = parseArgs( {
		options: {
			dir: { type: 'string', default: '.wordpress/peers' },
			port: { type: 'string', default: '9443' },
			'redirect-base': { type: 'string', multiple: true },
		},
	} );
	const port = Number( values.port );
	if ( ! Number.isInteger( port ) || port < 1 || port > 65533 ) {
		throw new Error( `--port must be a port number, got ${ values.port }` );
	}
	const peers = await startPeers( {
		dir: values.dir,
		port,
		redirectUris: values[ 'redirect-base' ] || undefined,
	} );
	process.stdout.write(
		JSON.stringify( {
			ready: true,
			issuer: peers.issuer,
			ca: peers.ca,
			ports: peers.ports,
		} ) + '\n'
	);
	const stop = async () => {
		await peers.close();
		process.exit( 0 );
	};
	process.once( 'SIGTERM', stop );
	process.once( 'SIGINT', stop );
}

// Run main() only when executed directly, not when imported.
if (
	process.argv[ 1 ] &&
	import.meta.url === pathToFileURL( process.argv[ 1 ] ).href
) {
	main().catch( ( error ) => {
		process.stderr.write( `peers: ${ error.message }\n` );
		process.exit( 1 );
	} );
}

// HubSpot's `status` code for an RFC 6749 token error: a dead refresh token, a bad code, a refused client.
function hubspotTokenStatus( error, grantType ) {
	if ( error === 'invalid_client' ) {
		return 'BAD_CLIENT_ID';
	}
	return grantType === 'refresh_token'
		? 'BAD_REFRESH_TOKEN'
		: 'BAD_AUTH_CODE';
}
