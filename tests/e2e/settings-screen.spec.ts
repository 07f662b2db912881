import { expect, test } from '@playwright/test';

import { apiFetchInPage, SECRET_PATTERN, SETTINGS_URL } from './helpers';

type Status = {
	php_version: string;
	wordpress_version: string;
	plugin_version: string;
};

test.describe( 'SyncWarden settings screen', () => {
	test( 'mounts the React app with its six tabs (the root never stays empty)', async ( {
		page,
	} ) => {
		const errors: string[] = [];
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );
		page.on(
			'console',
			( message ) =>
				message.type() === 'error' && errors.push( message.text() )
		);

		await page.goto( SETTINGS_URL );

		await expect(
			page.locator( '#syncwarden-root [role="tab"]' )
		).toHaveText( [
			'Connections',
			'Booking plugins',
			'Bookings',
			'Data sharing',
			'Activity',
			'Settings',
		] );
		// One card per provider (the specs share a site, so connections may already exist).
		await expect( page.locator( '.syncwarden-connection' ) ).toHaveCount(
			5
		);
		expect( errors ).toEqual( [] );
	} );

	test( 'Settings tab shows the environment report served by the REST API', async ( {
		page,
	} ) => {
		await page.goto( SETTINGS_URL );
		const status = await apiFetchInPage< Status >(
			page,
			'/syncwarden/v1/status'
		);

		await page.getByRole( 'tab', { name: 'Settings' } ).click();

		const row = ( label: string ) =>
			page
				.getByRole( 'row', { name: new RegExp( `^${ label }` ) } )
				.getByRole( 'cell' );
		await expect( row( 'PHP version' ) ).toHaveText( status.php_version );
		await expect( row( 'WordPress version' ) ).toHaveText(
			status.wordpress_version
		);
		await expect( row( 'SyncWarden version' ) ).toHaveText(
			status.plugin_version
		);
		await expect( row( 'WP-Cron' ) ).toContainText(
			'Disabled in wp-config.php'
		);
		await expect( page ).toHaveURL( /tab=settings/ );
	} );

	test( 'a malformed REST response shows a readable error instead of a blank screen', async ( {
		page,
	} ) => {
		await page.route( '**/syncwarden/v1/status**', ( route ) =>
			route.fulfill( {
				status: 200,
				contentType: 'application/json',
				body: '{"php_version":42}',
			} )
		);

		await page.goto( `${ SETTINGS_URL }&tab=settings` );

		await expect(
			page.locator( '#syncwarden-root .notice-error' )
		).toContainText( 'unexpected answer for /syncwarden/v1/status' );
		await expect(
			page.getByRole( 'button', { name: 'Try again' } )
		).toBeVisible();
	} );

	test( 'page source carries no secret-looking script data', async ( {
		page,
	} ) => {
		await page.goto( SETTINGS_URL );
		const inlineScripts = await page
			.locator( 'script:not([src])' )
			.allTextContents();

		const leaks = inlineScripts
			.filter( ( code ) => SECRET_PATTERN.test( code ) )
			.map( ( code ) => code.slice( 0, 120 ) );

		expect( inlineScripts.length ).toBeGreaterThan( 0 );
		expect( leaks ).toEqual( [] );
	} );
} );

test( 'Bookings tab lists bookings pushed through REST, with markup shown as text', async ( {
	page,
} ) => {
	await page.goto( SETTINGS_URL );
	const nonce = await page.evaluate(
		() =>
			(
				window as unknown as {
					wp: { apiFetch: { nonceMiddleware: { nonce: string } } };
				}
			 ).wp.apiFetch.nonceMiddleware.nonce
	);
	const created = await page.request.post(
		'/wp-json/syncwarden/v1/bookings',
		{
			headers: { 'X-WP-Nonce': nonce },
			data: {
				title: '<b>Consultation</b>',
				start: '2026-12-01T09:30:00+01:00',
				end: '2026-12-01T10:00:00+01:00',
				timezone: 'Europe/Berlin',
				customer_name: 'Ada Lovelace',
			},
		}
	);
	expect( created.status() ).toBe( 201 );

	await page.goto( `${ SETTINGS_URL }&tab=bookings` );

	const row = page.locator( '.syncwarden-booking-list tbody tr' ).first();
	await expect( row ).toContainText( '<b>Consultation</b>' );
	await expect( row ).toContainText( 'Ada Lovelace' );
	await expect( row.locator( 'b' ) ).toHaveCount( 0 );
} );
