import {
	expect,
	request as playwrightRequest,
	test,
	type APIRequestContext,
	type Page,
} from '@playwright/test';

import { baseURL } from '../../playwright.config';
import {
	CALENDLY_APP_KEY,
	enterCalendlySigningKey,
	enterSandboxCredentials,
	scanSiteForCanaries,
	SETTINGS_URL,
	startConnect,
} from './helpers';

// The consent page and the peer's controls use a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true } );

const PEER = `https://127.0.0.1:${ process.env.PEER_PORT || 9443 }`;

type Delivery = {
	status: number;
	uuid?: string;
	results: Array< { status: number } >;
};
type PushState = {
	calendly: Array< {
		uri: string;
		callback_url: string;
		signing_key_sent: boolean;
	} >;
};

/** The peer's controls (outside the browser), as the provider's side of the world. */
async function peer(): Promise< APIRequestContext > {
	return playwrightRequest.newContext( { ignoreHTTPSErrors: true } );
}

async function deliver(
	control: APIRequestContext,
	body: Record< string, unknown >
): Promise< Delivery > {
	const response = await control.post( `${ PEER }/__control/deliver`, {
		data: body,
	} );
	expect( response.status() ).toBe( 200 );
	return ( await response.json() ) as Delivery;
}

async function pushState( control: APIRequestContext ): Promise< PushState > {
	return ( await (
		await control.get( `${ PEER }/__control/push` )
	).json() ) as PushState;
}

/** Leaves Calendly disconnected whatever an earlier spec did on this shared site. */
async function disconnectCalendlyIfConnected( page: Page ) {
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	const card = page.locator( '#syncwarden-connection-calendly' );
	await expect( card.locator( '.syncwarden-badge' ) ).toBeVisible();
	if (
		( await card.locator( '.syncwarden-badge' ).textContent() ) ===
		'Connected'
	) {
		await card.getByRole( 'button', { name: 'Disconnect' } ).click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Disconnect' } )
			.click();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);
	}
}

test( 'Calendly: connect subscribes the endpoint, a signed delivery becomes a booking in seconds, forgeries are refused and shown, disconnect unsubscribes', async ( {
	page,
} ) => {
	// Connect, four deliveries, resubscribe and disconnect: past the 30 s default on two busy cores.
	test.setTimeout( 90_000 );
	const control = await peer();
	await enterSandboxCredentials( page, 'calendly' );
	await enterCalendlySigningKey( page );
	await disconnectCalendlyIfConnected( page );
	const card = await startConnect( page, 'calendly' );
	await page.getByRole( 'button', { name: 'Allow' } ).click();
	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Connected'
	);

	// Subscribed, with the endpoint the peer (Calendly) now delivers to.
	const panel = card.locator( '.syncwarden-push' );
	await expect( panel ).toContainText(
		'Subscribed: changes arrive within seconds'
	);
	const endpoint = await panel.getByLabel( 'Endpoint' ).inputValue();
	expect( endpoint ).toMatch(
		new RegExp(
			`^${ baseURL }/wp-json/syncwarden/v1/webhooks/calendly/\\d+$`
		)
	);
	const [ subscription ] = ( await pushState( control ) ).calendly;
	expect( subscription?.callback_url ).toBe( endpoint );

	// A new booking at Calendly arrives as a signed webhook.
	const delivered = await deliver( control, { provider: 'calendly' } );
	expect( delivered.status ).toBe( 200 );
	await page.goto( `${ SETTINGS_URL }&tab=bookings` );
	await expect(
		page.locator( '.syncwarden-booking-list tbody tr', {
			hasText: /Booking #\d+ –/,
		} )
	).toHaveCount( 1 );

	// Forged and replayed deliveries are refused, and the card says so.
	expect(
		( await deliver( control, { provider: 'calendly', tamper: 'key' } ) )
			.status
	).toBe( 401 );
	const replay = await deliver( control, {
		provider: 'calendly',
		repeat: 2,
	} );
	expect( replay.results.map( ( r ) => r.status ) ).toEqual( [ 200, 409 ] );
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	await expect( panel ).toContainText( 'Last refused delivery' );
	await expect( panel ).toContainText( 'it repeated an earlier delivery' );
	await expect( panel ).toContainText(
		'2 requests to this endpoint were refused today'
	);
	await page.goto( `${ SETTINGS_URL }&tab=activity` );
	await expect(
		page.locator( '.syncwarden-audit tbody td:nth-child(3)', {
			hasText: 'Webhook refused (security event)',
		} )
	).not.toHaveCount( 0 );

	// Resubscribe replaces the subscription. Calendly signs with the OAuth app's key, so
	// SyncWarden sends no key of its own, and deliveries to the new subscription still verify.
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	await panel.getByRole( 'button', { name: 'Resubscribe' } ).click();
	await expect( panel ).toContainText(
		'Calendly keeps signing deliveries with your app’s webhook signing key.'
	);
	const [ renewed ] = ( await pushState( control ) ).calendly;
	expect( renewed?.uri ).not.toBe( subscription?.uri );
	expect( renewed?.callback_url ).toBe( endpoint );
	expect( [
		subscription?.signing_key_sent,
		renewed?.signing_key_sent,
	] ).toEqual( [ false, false ] );
	expect(
		( await deliver( control, { provider: 'calendly' } ) ).status
	).toBe( 200 );

	// Disconnecting removes the subscription at Calendly.
	await card.getByRole( 'button', { name: 'Disconnect' } ).click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Disconnect' } )
		.click();
	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Ready to connect'
	);
	expect( ( await pushState( control ) ).calendly ).toEqual( [] );

	// The app's signing key never reached the page, a response or the database in plaintext.
	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	expect( await page.content() ).not.toContain( CALENDLY_APP_KEY );
	expect( scanSiteForCanaries( [ CALENDLY_APP_KEY ] ) ).toEqual( [] );
	await control.dispose();
} );

test( 'the webhook routes refuse an unsigned request from anyone over real HTTP, then rate-limit a flood with Retry-After', async () => {
	const anonymous = await playwrightRequest.newContext( {
		baseURL,
		storageState: { cookies: [], origins: [] },
	} );
	const statuses: number[] = [];
	let retryAfter: string | undefined;
	// The address limit is 120 a minute over a sliding window (RateLimiter::hit()): however slowly
	// this machine sends, a 429 comes by the 241st request; then a few more must be refused too.
	let refusedAfter = 0;
	for ( let i = 0; i < 241 && refusedAfter < 5; i++ ) {
		const response = await anonymous.post(
			'/wp-json/syncwarden/v1/webhooks/google/1',
			{ headers: { 'X-Goog-Channel-Token': 'guess' } }
		);
		statuses.push( response.status() );
		retryAfter = response.headers()[ 'retry-after' ] ?? retryAfter;
		refusedAfter += statuses.includes( 429 ) ? 1 : 0;
	}
	await anonymous.dispose();

	expect( new Set( statuses ) ).toEqual( new Set( [ 401, 429 ] ) );
	expect( statuses.indexOf( 429 ) ).toBeGreaterThanOrEqual( 100 );
	expect( statuses.slice( statuses.indexOf( 429 ) ) ).toEqual(
		Array( statuses.length - statuses.indexOf( 429 ) ).fill( 429 )
	);
	expect( Number( retryAfter ) ).toBeGreaterThanOrEqual( 1 );
} );
