import { expect, test, type Locator, type Page } from '@playwright/test';

import {
	recordRestResponses,
	scanSiteForCanaries,
	SETTINGS_URL,
} from './helpers';

const FIRST_SECRET = 'e2e-canary-first/secret+value=1';
const SECOND_SECRET = 'e2e-canary-second/secret+value=2';

function googleCard( page: Page ) {
	return page.locator( '#syncwarden-provider-google' );
}

/** Types a secret into the card's secret field, saves, and waits for the confirmation. */
async function saveSecret( card: Locator, fieldLabel: string, secret: string ) {
	await expect( card.getByLabel( fieldLabel ) ).toHaveValue( '' );
	await card.getByLabel( fieldLabel ).fill( secret );
	await card.getByRole( 'button', { name: 'Save' } ).click();
	await expect( card.locator( '.notice-success' ) ).toContainText( 'Saved.' );
}

async function openSettings( page: Page ) {
	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	await expect( googleCard( page ) ).toBeVisible();
}

test.describe( 'Provider credentials (write-only secrets)', () => {
	test( 'set and replace a client secret, reload, and only ever see “Set”', async ( {
		page,
	} ) => {
		const restBodies = recordRestResponses( page );
		await openSettings( page );
		const card = googleCard( page );
		await expect(
			card.getByRole( 'textbox', {
				name: 'Redirect URI to register with the provider (exactly as shown)',
			} )
		).toHaveValue( /\/wp-json\/syncwarden\/v1\/oauth\/callback\/google$/ );

		await card.getByLabel( 'Client ID' ).fill( 'e2e-google-client-id' );
		await saveSecret( card, 'Client secret', FIRST_SECRET );

		await openSettings( page );
		await expect( card.locator( '.syncwarden-secret-state' ) ).toHaveText(
			'Client secret: Set'
		);
		await expect( card.getByLabel( 'Client ID' ) ).toHaveValue(
			'e2e-google-client-id'
		);
		await expect( card.getByLabel( 'Client secret' ) ).toHaveCount( 0 );
		expect( await page.content() ).not.toContain( FIRST_SECRET );

		await card.getByRole( 'button', { name: 'Replace secret' } ).click();
		await saveSecret( card, 'New client secret', SECOND_SECRET );

		await openSettings( page );
		await expect( card.locator( '.syncwarden-secret-state' ) ).toHaveText(
			'Client secret: Set'
		);
		const html = await page.content();
		const inputValues = await page
			.locator( 'input' )
			.evaluateAll( ( inputs ) =>
				inputs.map( ( input ) => ( input as HTMLInputElement ).value )
			);
		for ( const secret of [ FIRST_SECRET, SECOND_SECRET ] ) {
			expect( html ).not.toContain( secret );
			expect( inputValues ).not.toContain( secret );
			expect(
				restBodies.filter(
					( body ) =>
						body.includes( secret ) ||
						body.includes( encodeURIComponent( secret ) )
				)
			).toEqual( [] );
		}
		expect( restBodies.length ).toBeGreaterThan( 4 );
		expect(
			scanSiteForCanaries( [ FIRST_SECRET, SECOND_SECRET ] )
		).toEqual( [] );
	} );

	test( 'bad input is explained at the field and nothing is stored', async ( {
		page,
	} ) => {
		await openSettings( page );
		const card = page.locator( '#syncwarden-provider-zoho' );

		await card.getByLabel( 'Client ID' ).fill( 'zoho-id' );
		await card.getByLabel( 'Client secret' ).fill( '   ' );
		await card.getByRole( 'button', { name: 'Save' } ).click();

		await expect(
			card.getByText( 'The client secret cannot be empty.', {
				exact: true,
			} )
		).toBeVisible();
		// The summary above the form says nothing was saved, in the same words.
		await expect(
			card.getByText(
				'Nothing was saved. The client secret cannot be empty.'
			)
		).toBeVisible();
		await openSettings( page );
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Not configured'
		);
	} );
} );
