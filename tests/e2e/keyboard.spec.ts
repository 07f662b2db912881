import { expect, test, type Locator, type Page } from '@playwright/test';

import {
	disconnectIfConnected,
	enterSandboxCredentials,
	SETTINGS_URL,
} from './helpers';

// The consent page is served by the local peer with a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true } );

// Calendly: this spec leaves it disconnected, as connect.spec.ts does.
const PROVIDER = 'calendly';

/** What has focus, in words, for failure messages. */
function describeFocus( page: Page ): Promise< string > {
	return page.locator( 'body' ).evaluate( ( body ) => {
		const element = body.ownerDocument.activeElement;
		if ( ! element ) {
			return '(nothing)';
		}
		const text = ( element.textContent ?? '' ).trim().slice( 0, 40 );
		return `<${ element.tagName.toLowerCase() }${ element.id ? ` id="${ element.id }"` : '' }> ${ text }`;
	} );
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, the way a keyboard user walks the page.
 * Fails with the path taken when the control cannot be reached within `max` presses.
 */
async function tabTo(
	page: Page,
	target: Locator,
	{ max = 40, key = 'Tab' }: { max?: number; key?: 'Tab' | 'Shift+Tab' } = {}
) {
	const path: string[] = [];
	for ( let press = 0; press < max; press++ ) {
		await page.keyboard.press( key );
		if (
			await target.evaluate(
				( element ) => element === element.ownerDocument.activeElement
			)
		) {
			return;
		}
		path.push( await describeFocus( page ) );
	}
	throw new Error(
		`${ key } never reached the control; focus went through:\n  ${ path.join( '\n  ' ) }`
	);
}

/**
 * The control has focus, the browser treats that focus as keyboard focus (:focus-visible), and
 * a focus indicator is actually drawn (WordPress draws it as an outline or a box-shadow ring).
 */
async function expectVisibleFocus( control: Locator ) {
	await expect( control ).toBeFocused();
	const indicator = await control.evaluate( ( element ) => {
		const style = window.getComputedStyle( element );
		return {
			focusVisible: element.matches( ':focus-visible' ),
			outline:
				style.outlineStyle !== 'none' &&
				parseFloat( style.outlineWidth ) > 0,
			ring: style.boxShadow !== 'none',
		};
	} );
	expect( indicator.focusVisible ).toBe( true );
	expect( indicator.outline || indicator.ring ).toBe( true );
}

/** Whether focus is on the element or anywhere inside it. */
function holdsFocus( container: Locator ): Promise< boolean > {
	return container.evaluate( ( element ) =>
		element.contains( element.ownerDocument.activeElement )
	);
}

test.describe( 'Keyboard only: connect and disconnect', () => {
	test( 'Tab, Space and Enter connect a provider through the consent page, and disconnect it through the confirm dialog', async ( {
		page,
	} ) => {
		// Setup only, not keyboard-driven: credentials are another screen's job
		// (credentials.spec.ts), and a spec that failed earlier may have left a connection.
		await disconnectIfConnected( page, PROVIDER );
		await enterSandboxCredentials( page, PROVIDER );
		await page.goto( `${ SETTINGS_URL }&tab=connections` );
		const card = page.locator( `#syncwarden-connection-${ PROVIDER }` );
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);

		// Core's skip link is the first stop on every admin page; it jumps past the admin menu.
		const skip = page.getByRole( 'link', { name: 'Skip to main content' } );
		await tabTo( page, skip, { max: 1 } );
		await expectVisibleFocus( skip );
		await page.keyboard.press( 'Enter' );

		// The feature choice works from the keyboard: Space unticks, Connect follows, Space ticks.
		const feature = card.getByRole( 'checkbox', {
			name: 'Import events as bookings',
		} );
		const connect = card.getByRole( 'button', { name: 'Connect' } );
		await tabTo( page, feature );
		await expectVisibleFocus( feature );
		await page.keyboard.press( 'Space' );
		await expect( feature ).not.toBeChecked();
		await expect( connect ).toBeDisabled();
		await page.keyboard.press( 'Space' );
		await expect( feature ).toBeChecked();

		await tabTo( page, connect, { max: 1 } );
		await expectVisibleFocus( connect );
		await page.keyboard.press( 'Enter' );

		// The sandbox consent page is a plain form whose Allow button takes focus on load.
		await expect( page ).toHaveTitle( /Sandbox provider/ );
		const allow = page.getByRole( 'button', { name: 'Allow' } );
		await expect( allow ).toBeFocused();
		await page.keyboard.press( 'Enter' );

		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Connected'
		);
		await expect(
			page.locator( '.syncwarden-connections .notice' ).first()
		).toContainText( 'Calendly is connected.' );

		// From the top of the page again, to the card's Disconnect.
		const disconnect = card.getByRole( 'button', { name: 'Disconnect' } );
		await tabTo( page, skip, { max: 1 } );
		await page.keyboard.press( 'Enter' );
		await tabTo( page, disconnect );
		await expectVisibleFocus( disconnect );
		await page.keyboard.press( 'Enter' );

		const dialog = page.getByRole( 'dialog', {
			name: 'Disconnect Calendly?',
		} );
		await expect( dialog ).toBeVisible();
		// Focus moved into the dialog, and Tab stays inside it (the modal traps focus).
		expect( await holdsFocus( dialog ) ).toBe( true );
		const confirm = dialog.getByRole( 'button', { name: 'Disconnect' } );
		await tabTo( page, confirm, { max: 4 } );
		await expectVisibleFocus( confirm );
		for ( let press = 0; press < 4; press++ ) {
			await page.keyboard.press( 'Tab' );
			expect( await holdsFocus( dialog ) ).toBe( true );
		}

		// Escape cancels and gives focus back to the button that opened the dialog.
		await page.keyboard.press( 'Escape' );
		await expect( dialog ).toBeHidden();
		await expectVisibleFocus( disconnect );
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Connected'
		);

		// Space opens it again; Shift+Tab reaches the confirm button from the other side.
		await page.keyboard.press( 'Space' );
		await expect( dialog ).toBeVisible();
		await tabTo( page, confirm, { max: 4, key: 'Shift+Tab' } );
		await expectVisibleFocus( confirm );
		await page.keyboard.press( 'Enter' );

		await expect( dialog ).toBeHidden();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);
		await expect( card.locator( '.notice' ).first() ).toContainText(
			/revoked|deleted/i
		);
		// The button that opened the dialog is gone with the connection; focus must not fall back
		// to the top of the document, but land where the administrator can connect again.
		await expectVisibleFocus( connect );
	} );
} );
