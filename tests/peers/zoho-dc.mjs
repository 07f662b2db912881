/**
 * Zoho's data centres, as the peer plays them.
 *
 * A Zoho account lives in one data centre (US, EU, IN, AU, JP, CN, CA, SA, UK). Zoho's multi-DC
 * OAuth documentation (www.zoho.com/accounts/protocol/oauth/multi-dc.html) and the CRM SDKs'
 * `Environment` classes (zoho/zohocrm-php-sdk-8.0 src/crm/api/dc/*DataCenter.php) give:
 *
 * - the consent always starts at accounts.zoho.com; the redirect back carries `location` and
 *   `accounts-server` naming the account's own accounts server;
 * - the code is exchanged, and the refresh token later used and revoked, at that server only;
 * - the token answer names the account's API domain (`api_domain`), and an access token is good
 *   only there.
 *
 * The peer answers for every data centre on its one port: a test points the real host names at it
 * (cURL `CONNECT_TO`) and the certificate carries them (certs.mjs). The US data centre is the peer's
 * own address, which is what the local sandbox configures as Zoho's default endpoints.
 */

export const ZOHO_DATA_CENTRES = {
	eu: { accounts: 'accounts.zoho.eu', api: 'www.zohoapis.eu' },
	in: { accounts: 'accounts.zoho.in', api: 'www.zohoapis.in' },
	au: { accounts: 'accounts.zoho.com.au', api: 'www.zohoapis.com.au' },
	jp: { accounts: 'accounts.zoho.jp', api: 'www.zohoapis.jp' },
	ca: { accounts: 'accounts.zohocloud.ca', api: 'www.zohoapis.ca' },
	sa: { accounts: 'accounts.zoho.sa', api: 'www.zohoapis.sa' },
	uk: { accounts: 'accounts.zoho.uk', api: 'www.zohoapis.uk' },
	cn: { accounts: 'accounts.zoho.com.cn', api: 'www.zohoapis.com.cn' },
};

/** Every host name the peer's certificate must carry for the data centres. */
export const ZOHO_HOSTS = Object.values( ZOHO_DATA_CENTRES ).flatMap(
	( dc ) => [ dc.accounts, dc.api ]
);

const US = 'us';

// Zoho's accounts paths (zohocrm SDK `Constants`: /oauth/v2/token, /oauth/v2/token/revoke)
// → the peer's own oidc-provider routes.
const ACCOUNTS_PATHS = {
	'/oauth/v2/token': '/token',
	'/oauth/v2/token/revoke': '/token/revocation',
};

/**
 * Per-run state: which data centre the sandbox user's account is in, and which data centre
 * issued each code and token.
 *
 * @param {Object} options        Options.
 * @param {string} options.issuer The peer's own origin (the US data centre).
 */
export function createZohoDataCentres( { issuer } ) {
	let home = US;
	const issuedAt = new Map(); // code / token value → data centre key

	const byHost = new Map();
	for ( const [ key, dc ] of Object.entries( ZOHO_DATA_CENTRES ) ) {
		byHost.set( dc.accounts, { key, kind: 'accounts' } );
		byHost.set( dc.api, { key, kind: 'api' } );
	}

	const accountsServer = ( key ) =>
		key === US ? issuer : `https://${ ZOHO_DATA_CENTRES[ key ].accounts }`;

	return {
		/** @param {string} key Data centre of the sandbox account from now on (`us`, `eu`, …). */
		setHome( key ) {
			if ( key !== US && ! ZOHO_DATA_CENTRES[ key ] ) {
				throw new Error( `unknown Zoho data centre ${ key }` );
			}
			home = key;
			return { home, accountsServer: accountsServer( key ) };
		},

		/**
		 * Where a request goes, from its Host header: `{dc, url}` with the peer-internal URL for a
		 * data-centre host, `{dc: 'us'}` for the peer's own address (with Zoho's accounts paths
		 * mapped), `null` for a host the peer does not serve.
		 *
		 * @param {import('node:http').IncomingMessage} req Request.
		 */
		route( req ) {
			const host = String( req.headers.host || '' )
				.replace( /:\d+$/, '' )
				.toLowerCase();
			const url = new URL( req.url, issuer );
			const known = byHost.get( host );
			if ( ! known ) {
				const own = ACCOUNTS_PATHS[ url.pathname ];
				return {
					dc: US,
					url: own ? own + url.search : req.url,
				};
			}
			if ( known.kind === 'accounts' ) {
				const own = ACCOUNTS_PATHS[ url.pathname ];
				return own ? { dc: known.key, url: own + url.search } : null;
			}
			return url.pathname.startsWith( '/crm/' )
				? {
						dc: known.key,
						url: `/api/zoho${ url.pathname }${ url.search }`,
					}
				: null;
		},

		/**
		 * The redirect back to a Zoho client names the account's data centre (as Zoho does for
		 * every data centre, US included) and binds the code to it.
		 *
		 * @param {string} location Redirect target with `code`.
		 * @return {string} The redirect with `location` and `accounts-server`.
		 */
		tagRedirect( location ) {
			const target = new URL( location );
			const code = target.searchParams.get( 'code' );
			if ( code ) {
				issuedAt.set( code, home );
			}
			target.searchParams.set( 'location', home );
			target.searchParams.set(
				'accounts-server',
				accountsServer( home )
			);
			return target.toString();
		},

		/**
		 * Data centre that issued a code or token (US for one the peer never bound).
		 * @param {string} value Code or token.
		 */
		issuer( value ) {
			return issuedAt.get( value ) ?? US;
		},

		/**
		 * Binds a token answer's tokens to the data centre that answered, and names its API
		 * domain as Zoho's token answer does.
		 *
		 * @param {Object} body Token answer.
		 * @param {string} dc   Data centre key.
		 * @return {Object} The answer with `api_domain`.
		 */
		bindAnswer( body, dc ) {
			for ( const value of [ body.access_token, body.refresh_token ] ) {
				if ( value ) {
					issuedAt.set( value, dc );
				}
			}
			return {
				...body,
				api_domain:
					dc === US
						? `${ issuer }/api/zoho`
						: `https://${ ZOHO_DATA_CENTRES[ dc ].api }`,
			};
		},
	};
}
