import fs from 'node:fs';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { enterSandboxCredentials, SETTINGS_URL } from './helpers';

/*
 * Writes the screenshots that README.md and docs/admin-guide.md show, from a real site connected
 * to the sandbox peer. Run with `npm run screenshots`; playwright.config.ts leaves this spec out
 * of `npm test` unless SYNCWARDEN_SCREENSHOTS is set.
 */

const VIEWPORT = { width: 1280, height: 900 };
// Another core's set (e.g. 7.1 beside 6.5) goes to its own folder: SYNCWARDEN_SCREENSHOTS_DIR.
const OUT_DIR = path.resolve(
	process.env.SYNCWARDEN_SCREENSHOTS_DIR ?? 'docs/screenshots'
);

// The consent page is served by the local peer with a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true, viewport: VIEWPORT } );

/** Width and height from a PNG's IHDR chunk (bytes 16–23), to prove what was written. */
function pngSize( file: string ): { width: number; height: number } {
	const header = fs.readFileSync( file ).subarray( 0, 24 );
	expect( header.subarray( 1, 4 ).toString( 'latin1' ) ).toBe( 'PNG' );
	return {
		width: header.readUInt32BE( 16 ),
		height: header.readUInt32BE( 20 ),
	};
}

/** A screenshot of the viewport without a focus ring or hover state left over from clicks. */
async function shoot( page: Page, name: string ): Promise< string > {
	// The bottom-right corner is empty page; the top-left one would open the toolbar's menu.
	await page.mouse.move( VIEWPORT.width - 1, VIEWPORT.height - 1 );
	await page
		.locator( 'body' )
		.evaluate( ( body ) =>
			( body.ownerDocument.activeElement as HTMLElement | null )?.blur()
		);
	await expect( page.locator( '.syncwarden-loading' ) ).toHaveCount( 0 );
	const file = path.join( OUT_DIR, `${ name }.png` );
	await page.screenshot( { path: file, animations: 'disabled' } );
	return file;
}

test( 'writes 1280×900 screenshots of Connections, Bookings, Booking plugins, Data sharing, Activity and Settings, and core’s General Settings beside them, to docs/screenshots', async ( {
	page,
} ) => {
	fs.mkdirSync( OUT_DIR, { recursive: true } );
	const written: string[] = [];

	// Google with both features: a connected card with sync status, imported bookings, and a
	// Data sharing preview.
	await enterSandboxCredentials( page, 'google' );
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	const card = page.locator( '#syncwarden-connection-google' );
	await card
		.getByRole( 'checkbox', { name: 'Send bookings to this service' } )
		.check();
	await card.getByRole( 'button', { name: 'Connect' } ).click();
	await page.getByRole( 'button', { name: 'Allow' } ).click();
	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Connected'
	);
	await card.getByRole( 'button', { name: 'Sync now' } ).click();
	await expect( card.locator( '.notice' ).first() ).toContainText(
		/Sync finished: \d+ new/
	);
	written.push( await shoot( page, 'connections' ) );

	await page.goto( `${ SETTINGS_URL }&tab=bookings` );
	await expect(
		page.locator( '.syncwarden-booking-list tbody tr' ).first()
	).toBeVisible();
	written.push( await shoot( page, 'bookings' ) );

	await page.goto( `${ SETTINGS_URL }&tab=booking-plugins` );
	await expect( page.locator( '.syncwarden-source' ).first() ).toBeVisible();
	written.push( await shoot( page, 'booking-plugins' ) );

	await page.goto( `${ SETTINGS_URL }&tab=data-sharing` );
	await expect(
		page.locator( '#syncwarden-sharing-google .syncwarden-preview' )
	).toContainText( 'start' );
	written.push( await shoot( page, 'data-sharing' ) );

	await page.goto( `${ SETTINGS_URL }&tab=activity` );
	await expect(
		page.locator( '.syncwarden-audit tbody td:nth-child(3)' ).first()
	).toHaveText( 'Sync finished' );
	written.push( await shoot( page, 'activity' ) );

	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	await expect( page.locator( '.syncwarden-environment' ) ).toBeVisible();
	written.push( await shoot( page, 'settings' ) );

	// Core's own General Settings on the same core, to set beside SyncWarden's screens.
	await page.goto( '/wp-admin/options-general.php' );
	await expect( page.locator( '#blogname' ) ).toBeVisible();
	written.push( await shoot( page, 'core-general-settings' ) );

	for ( const file of written ) {
		expect( pngSize( file ) ).toEqual( VIEWPORT );
	}
} );
