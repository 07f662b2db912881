import { expect, test, type Page } from '@playwright/test';

import { restNonce, SETTINGS_URL } from './helpers';

const TAB_URL = `${ SETTINGS_URL }&tab=booking-plugins`;

/** SourceRegistry::default() in PHP, in its order. */
const PLUGINS = [
	'Booking Calendar',
	'LatePoint',
	'FluentBooking',
	'Simply Schedule Appointments',
	'Amelia',
	'Bookly',
];

/** Puts LatePoint back to the defaults (on, pending not sent) so later runs start alike. */
async function restoreLatePoint( page: Page ) {
	await page.goto( TAB_URL );
	const response = await page.request.put(
		'/wp-json/syncwarden/v1/sources/latepoint',
		{
			headers: { 'X-WP-Nonce': await restNonce( page ) },
			data: { enabled: true, tentative: false },
		}
	);
	expect( response.ok() ).toBe( true );
}

test.describe( 'Booking plugins tab', () => {
	test( 'lists the six booking plugins SyncWarden knows, each not active on this site, with nothing to send', async ( {
		page,
	} ) => {
		const errors: string[] = [];
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );

		await page.goto( SETTINGS_URL );
		await page.getByRole( 'tab', { name: 'Booking plugins' } ).click();

		await expect( page ).toHaveURL( /tab=booking-plugins/ );
		await expect( page.locator( '.syncwarden-source h3' ) ).toHaveText(
			PLUGINS
		);
		for ( const card of await page.locator( '.syncwarden-source' ).all() ) {
			await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
				'Not active'
			);
			await expect( card ).toContainText(
				'Not installed on this site, so nothing is sent from it.'
			);
			await expect(
				card.locator( '.syncwarden-source__busy' )
			).not.toBeEmpty();
		}
		await expect(
			page.getByRole( 'button', { name: /Send existing bookings/ } )
		).toHaveCount( 0 );
		expect( errors ).toEqual( [] );
	} );

	test( 'switching a plugin that is not active off, and pending bookings to tentative, saves at once and survives a reload', async ( {
		page,
	} ) => {
		await restoreLatePoint( page );
		await page.goto( TAB_URL );
		const card = page.locator( '#syncwarden-source-latepoint' );
		const enabled = card.getByLabel( 'Send bookings from LatePoint' );
		const tentative = card.getByLabel(
			'Send pending bookings as tentative'
		);
		await expect( enabled ).toBeChecked();

		try {
			await enabled.click();
			await expect( card.locator( '.notice-success' ) ).toHaveText(
				'Saved.'
			);
			await tentative.click();
			await expect( card.locator( '.notice-success' ) ).toHaveText(
				'Saved.'
			);
			await expect(
				card.locator( '.syncwarden-source__statuses' )
			).toContainText( 'pending ones are sent as tentative' );

			await page.reload();

			await expect( enabled ).not.toBeChecked();
			await expect( tentative ).toBeChecked();
			await expect(
				card.locator( '.syncwarden-source__statuses' )
			).toContainText( 'pending ones are sent as tentative' );
			// The other plugins kept their own settings.
			await expect(
				page
					.locator( '#syncwarden-source-amelia' )
					.getByLabel( 'Send bookings from Amelia' )
			).toBeChecked();
		} finally {
			await restoreLatePoint( page );
		}
	} );
} );
