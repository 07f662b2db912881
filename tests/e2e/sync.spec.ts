import { expect, test } from '@playwright/test';

import { enterSandboxCredentials, SETTINGS_URL, startConnect } from './helpers';

// The consent page is served by the local peer with a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true } );

test( 'connect Google for import, Sync now, and find the events as bookings and in Activity', async ( {
	page,
} ) => {
	await enterSandboxCredentials( page, 'google' );
	const card = await startConnect( page, 'google' );
	await page.getByRole( 'button', { name: 'Allow' } ).click();
	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Connected'
	);

	await card.getByRole( 'button', { name: 'Sync now' } ).click();
	await expect( card.locator( '.components-notice' ).first() ).toContainText(
		/Sync finished: \d+ new/
	);

	await page.goto( `${ SETTINGS_URL }&tab=bookings` );
	const rows = page.locator( '.syncwarden-booking-list tbody tr' );
	await expect( rows.first() ).toBeVisible();
	expect( await rows.count() ).toBeGreaterThan( 5 );
	// Event titles with markup arrive as text.
	await expect(
		page.locator( '.syncwarden-booking-list tbody b' )
	).toHaveCount( 0 );

	await page.goto( `${ SETTINGS_URL }&tab=activity` );
	await expect(
		page.locator( '.syncwarden-audit tbody td:nth-child(3)' ).first()
	).toHaveText( 'Sync finished' );
} );
