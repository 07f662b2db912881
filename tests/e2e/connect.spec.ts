import { expect, test } from '@playwright/test';

import {
	enterSandboxCredentials,
	recordRestResponses,
	startConnect,
	scanSiteForCanaries,
	SETTINGS_URL,
} from './helpers';

// The consent page is served by the local peer with a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true } );

const TOKEN_CANARIES = [
	'peercanary-at-',
	'peercanary-rt-',
	'peercanary-code-',
	'sandbox-calendly-secret',
];

test.describe( 'Connect a provider through the real OAuth round trip', () => {
	test( 'connect → consent → back connected; test; disconnect revokes — and no token ever reaches the browser', async ( {
		page,
	} ) => {
		const restBodies = recordRestResponses( page );
		await enterSandboxCredentials( page, 'calendly' );
		const card = await startConnect( page, 'calendly' );

		await page.getByRole( 'button', { name: 'Allow' } ).click();

		await expect(
			page.locator( '.syncwarden-connections .notice' ).first()
		).toContainText( 'Calendly is connected.' );
		await expect( page ).not.toHaveURL( /syncwarden_result|code=/ );
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Connected'
		);
		await expect( card ).toContainText(
			'Account: sandbox-user@example.test'
		);
		await expect( card.locator( '.syncwarden-scopes li' ) ).toHaveText( [
			'See your account name',
			'See your scheduled events',
			'Be notified when your scheduled events change',
		] );

		await card.getByRole( 'button', { name: 'Test connection' } ).click();
		await expect( card.locator( '.notice' ).first() ).toContainText(
			'The connection works.'
		);
		const html = await page.content();

		await card.getByRole( 'button', { name: 'Disconnect' } ).click();
		const dialog = page.getByRole( 'dialog' );
		await expect( dialog ).toContainText(
			'ask Calendly to revoke its access'
		);
		await dialog.getByRole( 'button', { name: 'Disconnect' } ).click();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);

		for ( const canary of TOKEN_CANARIES ) {
			expect( html ).not.toContain( canary );
			expect(
				restBodies.filter( ( body ) => body.includes( canary ) )
			).toEqual( [] );
		}
		expect( scanSiteForCanaries( TOKEN_CANARIES ) ).toEqual( [] );

		// The whole story is in the Activity tab, filtered on the server.
		await page.goto( `${ SETTINGS_URL }&tab=activity` );
		const events = page.locator(
			'.syncwarden-audit tbody td:nth-child(3)'
		);
		await expect( events ).toContainText( [ 'Disconnected', 'Connected' ] );
		await page.getByLabel( 'Event' ).selectOption( 'connection.connected' );
		await page.getByRole( 'button', { name: 'Filter' } ).click();
		// Specs before this one connect other services on the same site: the filter must leave
		// only "Connected" events, exactly one of them Calendly's.
		await expect
			.poll( async () => [
				...new Set( await events.allTextContents() ),
			] )
			.toEqual( [ 'Connected' ] );
		await expect(
			page
				.locator( '.syncwarden-audit tbody tr' )
				.filter( { hasText: 'calendly' } )
		).toHaveCount( 1 );
	} );

	test( 'declining at the provider is explained and connects nothing', async ( {
		page,
	} ) => {
		await enterSandboxCredentials( page, 'microsoft' );
		const card = await startConnect( page, 'microsoft' );

		await page.getByRole( 'button', { name: 'Deny' } ).click();

		await expect(
			page.locator( '.syncwarden-connections .notice' ).first()
		).toContainText( 'Access was declined at Microsoft Outlook' );
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);
	} );

	test( 'Data sharing shows the exact payload, minimal by default, and changes live as fields are toggled', async ( {
		page,
	} ) => {
		await enterSandboxCredentials( page, 'hubspot' );
		await page.goto( `${ SETTINGS_URL }&tab=connections` );
		const card = page.locator( '#syncwarden-connection-hubspot' );
		await card.getByRole( 'button', { name: 'Connect' } ).click();
		await page.getByRole( 'button', { name: 'Allow' } ).click();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Connected'
		);

		await page.goto( `${ SETTINGS_URL }&tab=data-sharing` );
		const sharing = page.locator( '#syncwarden-sharing-hubspot' );
		const preview = sharing.locator( '.syncwarden-preview' );
		await expect( preview ).toContainText( 'ada@example.test' );
		await expect( preview ).not.toContainText( 'firstname' );
		await expect( preview ).not.toContainText( '7946' );

		// Controlled by the server's answer: the box turns on once the new preview arrives.
		await sharing.getByLabel( 'Customer phone' ).click();
		await expect( sharing.getByLabel( 'Customer phone' ) ).toBeChecked();
		await expect( preview ).toContainText( '+44 20 7946 0000' );
		await sharing.getByRole( 'button', { name: 'Save' } ).click();
		await expect( sharing.locator( '.notice-success' ) ).toBeVisible();

		await page.reload();
		await expect( sharing.getByLabel( 'Customer phone' ) ).toBeChecked();
		await expect( preview ).toContainText( '7946' );
	} );
} );
