import { expect, test } from '@playwright/test';

import {
	enterSandboxCredentials,
	ensureConnected,
	peerControl,
	SETTINGS_URL,
	startConnect,
} from './helpers';

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
	await expect( card.locator( '.notice' ).first() ).toContainText(
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

test( 'three failed syncs raise a notice on the Dashboard; one good sync clears it', async ( {
	page,
} ) => {
	test.setTimeout( 120_000 );
	const card = await ensureConnected( page, 'google' );
	// The calendar answers 503 to every attempt (the client retries twice) of three runs.
	await peerControl( '/next', {
		path: '/api/google/calendar/v3/calendars/primary/events',
		status: 503,
		body: '{}',
		times: 9,
	} );
	for ( let run = 1; run <= 3; run++ ) {
		await card.getByRole( 'button', { name: 'Sync now' } ).click();
		await expect( card.locator( '.notice-error' ) ).toContainText(
			'busy or unavailable'
		);
	}

	await page.goto( '/wp-admin/' );
	const notice = page.locator( '.syncwarden-connection-notice' );
	await expect( notice ).toContainText( 'failed 3 times in a row' );
	await expect(
		notice.getByRole( 'link', { name: 'Open Connections' } )
	).toHaveAttribute( 'href', /tab=connections/ );

	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	await card.getByRole( 'button', { name: 'Sync now' } ).click();
	await expect( card.locator( '.notice-success' ) ).toContainText(
		'Sync finished'
	);
	await page.goto( '/wp-admin/' );
	await expect( page.locator( '#wpbody-content' ) ).toBeVisible();
	await expect( notice ).toHaveCount( 0 );
} );

test( 'disconnecting can remove the bookings imported from the account, and the notice says how many', async ( {
	page,
} ) => {
	const card = await ensureConnected( page, 'google' );
	await card.getByRole( 'button', { name: 'Sync now' } ).click();
	await expect( card.locator( '.notice-success' ) ).toContainText(
		'Sync finished'
	);

	await card.getByRole( 'button', { name: 'Disconnect' } ).click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Disconnect Google Calendar?',
	} );
	await expect(
		dialog.getByRole( 'radio', { name: /^Keep the \d+ bookings/ } )
	).toBeChecked();
	const remove = dialog.getByRole( 'radio', {
		name: /^Remove the \d+ bookings imported from this account from this site \(the events stay in Google Calendar\)$/,
	} );
	const offered = /Remove the (\d+)/.exec(
		( await dialog.textContent() ) ?? ''
	)?.[ 1 ];
	expect( Number( offered ) ).toBeGreaterThan( 5 );
	await remove.check();
	await dialog.getByRole( 'button', { name: 'Disconnect' } ).click();

	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Ready to connect'
	);
	await expect( card.locator( '.notice' ).first() ).toContainText(
		`Disconnected Google Calendar. Removed ${ offered } imported bookings.`
	);
} );
