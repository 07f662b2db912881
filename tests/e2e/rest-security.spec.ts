import { expect, request as playwrightRequest, test } from '@playwright/test';

import { baseURL, e2eSite } from '../../playwright.config';
import { publicRoutePatterns, SETTINGS_URL } from './helpers';

/** No cookies at all (request contexts otherwise inherit the admin's storage state). */
const ANONYMOUS = { baseURL, storageState: { cookies: [], origins: [] } };

type RouteIndex = { routes: Record< string, { methods: string[] } > };

/** A value the route's own pattern accepts, so the request reaches the route (not a 404). */
function samplePathValue( pattern: string ): string {
	return (
		[ '1', 'google', 'a1b2c3d4' ].find( ( candidate ) =>
			new RegExp( `^(?:${ pattern })$` ).test( candidate )
		) ?? '1'
	);
}

/** Every syncwarden/v1 route and method, from WordPress's own namespace index. */
async function endpoints(): Promise<
	Array< { path: string; method: string } >
> {
	const anonymous = await playwrightRequest.newContext( ANONYMOUS );
	const index = ( await (
		await anonymous.get( '/wp-json/syncwarden/v1' )
	).json() ) as RouteIndex;
	await anonymous.dispose();
	const publicRoutes = publicRoutePatterns().map(
		( pattern ) => `/syncwarden/v1${ pattern }`
	);
	return Object.entries( index.routes )
		.filter(
			( [ route ] ) =>
				route !== '/syncwarden/v1' && ! publicRoutes.includes( route )
		)
		.flatMap( ( [ route, { methods } ] ) =>
			methods.map( ( method ) => ( {
				path: route.replace(
					/\(\?P<\w+>([^)]*)\)/g,
					( _, pattern: string ) => samplePathValue( pattern )
				),
				method,
			} ) )
		);
}

test.describe( 'REST API over real HTTP', () => {
	test( 'every route refuses an anonymous visitor and a logged-in admin without the REST nonce', async ( {
		page,
	} ) => {
		const routes = await endpoints();
		expect( routes.length ).toBeGreaterThan( 0 );
		const anonymous = await playwrightRequest.newContext( ANONYMOUS );
		const failures: string[] = [];

		for ( const { path, method } of routes ) {
			for ( const [ who, client ] of [
				[ 'anonymous', anonymous ],
				[ 'admin without nonce', page.request ],
			] as const ) {
				const response = await client.fetch( `/wp-json${ path }`, {
					method,
				} );
				if ( ! [ 401, 403 ].includes( response.status() ) ) {
					failures.push(
						`${ method } ${ path } → ${ response.status() } for ${ who }`
					);
				}
			}
		}
		await anonymous.dispose();

		expect( failures ).toEqual( [] );
	} );

	test( 'the same admin with the REST nonce from the page is let in', async ( {
		page,
	} ) => {
		await page.goto( SETTINGS_URL );
		const nonce = await page.evaluate(
			() =>
				( window as unknown as { wpApiSettings?: { nonce: string } } )
					.wpApiSettings?.nonce ??
				(
					window as unknown as {
						wp: {
							apiFetch: { nonceMiddleware: { nonce: string } };
						};
					}
				 ).wp.apiFetch.nonceMiddleware.nonce
		);

		const response = await page.request.get(
			'/wp-json/syncwarden/v1/status',
			{ headers: { 'X-WP-Nonce': nonce } }
		);

		expect( response.status() ).toBe( 200 );
	} );

	test( 'the public OAuth callback sends a visitor who is not logged in to the login page and stores nothing', async () => {
		const request = await playwrightRequest.newContext( ANONYMOUS );
		const response = await request.get(
			'/wp-json/syncwarden/v1/oauth/callback/google?code=stolen-code&state=guessed',
			{ maxRedirects: 0 }
		);

		expect( response.status() ).toBe( 302 );
		expect( response.headers().location ).toContain( '/wp-login.php' );
		expect( response.headers().location ).not.toContain( 'stolen-code' );
		await request.dispose();
	} );

	test( 'the router never serves the SQLite database or dotfiles', async ( {
		request,
	} ) => {
		for ( const path of [
			'/wp-content/database/.ht.sqlite',
			// The database of the very site under test (its core and slot included).
			`/wp-content/plugins/syncwarden/${ e2eSite.dir }/wordpress.sqlite`,
			'/wp-content/plugins/syncwarden/.git/config',
			'/wp-content/debug.log',
		] ) {
			expect( ( await request.get( path ) ).status(), path ).toBe( 403 );
		}
	} );
} );
