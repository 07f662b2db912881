import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import {
	apiFetchInPage,
	disconnectIfConnected,
	enterSandboxCredentials,
	restNonce,
	SETTINGS_URL,
} from './helpers';
import { adminState, baseURL } from '../../playwright.config';

// The consent page is served by the local peer with a certificate from a throwaway test CA.
test.use( { ignoreHTTPSErrors: true } );

type AxeResults = Awaited< ReturnType< AxeBuilder[ 'analyze' ] > >;

/** WCAG 2.0 and 2.1, levels A and AA: what WordPress's own accessibility standard asks for. */
const WCAG_TAGS = [ 'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa' ];

// Microsoft: connect.spec.ts only declines it, so it is free here; this spec disconnects it at the
// end (through the dialog it audits) so the specs after it find it as they expect.
const CONNECTED = 'microsoft';
// Calendly gets credentials but no connection, so the "ready to connect" card with its feature
// choice is on screen beside the connected one and the ones that still need credentials.
const READY = 'calendly';
const BOOKING_TITLE = 'Accessibility review';

/**
 * Scans the whole admin page except WordPress core's toolbar (#wpadminbar). In WordPress 6.5 the
 * toolbar's `<ul role="menu">` lists hold plain `<li>` items around `<a role="menuitem">` links,
 * which axe reports as aria-required-children (critical), aria-required-parent (critical) and
 * listitem (serious) on every admin screen. That markup is core's, and no plugin can change it.
 * Everything else stays in: the admin menu, SyncWarden's page and app root (#syncwarden-root),
 * admin notices, and the modals, which render in a portal at the end of <body>.
 */
function syncWardenScan( page: Page ) {
	return new AxeBuilder( { page } ).exclude( '#wpadminbar' );
}

/** One line per failing element: rule, impact, what it means and where, for the failure message. */
function describeViolations( results: AxeResults, impacts: string[] ) {
	return results.violations
		.filter( ( violation ) => impacts.includes( violation.impact ?? '' ) )
		.flatMap( ( violation ) =>
			violation.nodes.map(
				( node ) =>
					`${ violation.id } (${ violation.impact }): ${ violation.help } — ${ node.target.join( ' ' ) }`
			)
		);
}

/**
 * Runs axe's WCAG 2.0/2.1 A and AA rules and requires no serious or critical violation, then the
 * heading rules (best practice, so not in those tags) and requires none at all: screen-reader
 * users move through an admin screen by its headings.
 */
async function expectAccessible( page: Page, screen: string ) {
	const wcag = await syncWardenScan( page ).withTags( WCAG_TAGS ).analyze();
	// A scan that checked nothing of ours (app not rendered, dialog not open) would pass vacuously.
	const checkedInSyncWarden = await page.evaluate(
		( selectors ) =>
			selectors.filter( ( selector ) => {
				try {
					return !! document
						.querySelector( selector )
						?.closest(
							'#syncwarden-root, .components-modal__frame'
						);
				} catch {
					return false; // A selector into a shadow root or frame: not ours.
				}
			} ).length,
		wcag.passes.flatMap( ( rule ) =>
			rule.nodes.map( ( node ) => String( node.target[ 0 ] ) )
		)
	);
	expect(
		checkedInSyncWarden,
		`elements of SyncWarden's UI that axe checked on ${ screen }`
	).toBeGreaterThan( 10 );
	// "Need review" results are not failures: on these screens they are colour-contrast checks
	// axe cannot finish because core's Card draws its frame as an element over the card's text.
	test.info().annotations.push( {
		type: 'axe',
		description: `${ screen }: ${ wcag.passes.length } rules passed, ${ wcag.violations.length } violated, ${ wcag.incomplete.length } need review, ${ wcag.inapplicable.length } not applicable; ${ checkedInSyncWarden } passing checks on SyncWarden's own elements`,
	} );
	expect(
		describeViolations( wcag, [ 'serious', 'critical' ] ),
		`serious or critical WCAG violations on ${ screen }`
	).toEqual( [] );

	const headings = await syncWardenScan( page )
		.withRules( [ 'heading-order', 'empty-heading' ] )
		.analyze();
	expect(
		describeViolations( headings, [
			'minor',
			'moderate',
			'serious',
			'critical',
		] ),
		`heading problems on ${ screen }`
	).toEqual( [] );
}

type ConnectionSummary = { id: number; provider: string; status: string };
type ProviderSummary = { id: string; client_secret_state: string };

/**
 * Brings the site to the state every screen is audited in: Microsoft connected (import and
 * export, through the real consent page), Calendly ready to connect, and one booking stored.
 * Idempotent, so each test can also run alone.
 */
async function prepareSite( page: Page ) {
	await page.goto( SETTINGS_URL );
	const providers = await apiFetchInPage< ProviderSummary[] >(
		page,
		'/syncwarden/v1/providers'
	);
	if (
		providers.find( ( provider ) => provider.id === READY )
			?.client_secret_state !== 'set'
	) {
		await enterSandboxCredentials( page, READY );
	}

	const connections = await apiFetchInPage< ConnectionSummary[] >(
		page,
		'/syncwarden/v1/connections'
	);
	if ( ! connections.some( ( c ) => c.provider === CONNECTED ) ) {
		await enterSandboxCredentials( page, CONNECTED );
		await page.goto( `${ SETTINGS_URL }&tab=connections` );
		const card = page.locator( `#syncwarden-connection-${ CONNECTED }` );
		// Both features, so the card also shows its export backlog once connected.
		await card
			.getByRole( 'checkbox', { name: 'Send bookings to this service' } )
			.check();
		await card.getByRole( 'button', { name: 'Connect' } ).click();
		await expect( page ).toHaveTitle( /Sandbox provider/ );
		await page.getByRole( 'button', { name: 'Allow' } ).click();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Connected'
		);
	}

	await page.goto( SETTINGS_URL );
	const existing = await apiFetchInPage< Array< { title: string } > >(
		page,
		`/syncwarden/v1/bookings?search=${ encodeURIComponent( BOOKING_TITLE ) }`
	);
	if ( existing.length === 0 ) {
		// Later than settings-screen.spec.ts's booking, which expects to be listed first.
		const created = await page.request.post(
			'/wp-json/syncwarden/v1/bookings',
			{
				headers: { 'X-WP-Nonce': await restNonce( page ) },
				data: {
					title: BOOKING_TITLE,
					start: '2027-06-01T09:30:00+02:00',
					end: '2027-06-01T10:30:00+02:00',
					timezone: 'Europe/Paris',
					customer_name: 'Grace Hopper',
					customer_email: 'grace@example.test',
				},
			}
		);
		expect( created.status() ).toBe( 201 );
	}
}

/** Opens a tab by its URL and waits until its content (not the spinner) is on screen. */
async function openTab( page: Page, tab: string, ready: string ) {
	await page.goto( `${ SETTINGS_URL }&tab=${ tab }` );
	await expect( page.locator( ready ).first() ).toBeVisible();
	await expect( page.locator( '.syncwarden-loading' ) ).toHaveCount( 0 );
}

test.describe( 'Accessibility: axe finds no serious or critical WCAG 2.1 AA violation', () => {
	test.beforeEach( async ( { page } ) => {
		await prepareSite( page );
	} );

	test.afterAll( async ( { browser } ) => {
		// Safety net when a test failed before the Disconnect dialog test cleaned up.
		const context = await browser.newContext( {
			baseURL,
			storageState: adminState,
		} );
		await disconnectIfConnected( await context.newPage(), CONNECTED );
		await context.close();
	} );

	test( 'Connections tab: connected, ready-to-connect (feature choice) and needs-credentials cards', async ( {
		page,
	} ) => {
		await openTab( page, 'connections', '.syncwarden-revoke-all' );
		await expect(
			page.locator(
				`#syncwarden-connection-${ CONNECTED } .syncwarden-badge`
			)
		).toHaveText( 'Connected' );
		await expect(
			page.locator(
				`#syncwarden-connection-${ READY } .syncwarden-features`
			)
		).toBeVisible();
		await expect(
			page.locator( '#syncwarden-connection-google' )
		).toContainText( 'Needs credentials' );

		await expectAccessible( page, 'Connections' );
	} );

	test( 'Booking plugins tab: each plugin’s state, switches, busy-time note and the saved notice', async ( {
		page,
	} ) => {
		await openTab( page, 'booking-plugins', '.syncwarden-source' );
		await expect( page.locator( '.syncwarden-source' ) ).toHaveCount( 6 );
		const tentative = page
			.locator( '#syncwarden-source-booking-calendar' )
			.getByLabel( 'Send pending bookings as tentative' );
		// Saving twice leaves the setting as it was and puts the saved notice on screen.
		for ( let click = 0; click < 2; click++ ) {
			await tentative.click();
			await expect(
				page.locator(
					'#syncwarden-source-booking-calendar .notice-success'
				)
			).toBeVisible();
			await expect( tentative ).toBeEnabled();
		}

		await expectAccessible( page, 'Booking plugins' );
	} );

	test( 'Bookings tab: filters and the bookings table', async ( {
		page,
	} ) => {
		await openTab( page, 'bookings', '.syncwarden-booking-list' );
		await expect(
			page.locator( '.syncwarden-booking-list' )
		).toContainText( BOOKING_TITLE );

		await expectAccessible( page, 'Bookings' );
	} );

	test( 'Data sharing tab: field choices, the payload preview and the saved notice', async ( {
		page,
	} ) => {
		await openTab( page, 'data-sharing', '.syncwarden-preview' );
		const sharing = page.locator( `#syncwarden-sharing-${ CONNECTED }` );
		await sharing.getByRole( 'button', { name: 'Save' } ).click();
		await expect( sharing.locator( '.notice-success' ) ).toBeVisible();

		await expectAccessible( page, 'Data sharing' );
	} );

	test( 'Activity tab: filters and the audit log', async ( { page } ) => {
		await openTab( page, 'activity', '.syncwarden-audit' );

		await expectAccessible( page, 'Activity' );
	} );

	test( 'Settings tab: credentials, encryption and environment', async ( {
		page,
	} ) => {
		await openTab( page, 'settings', '.syncwarden-environment' );
		await expect( page.locator( '.syncwarden-encryption' ) ).toBeVisible();

		await expectAccessible( page, 'Settings' );
	} );

	test( 'Revoke all confirmation dialog', async ( { page } ) => {
		await openTab( page, 'connections', '.syncwarden-revoke-all' );
		await page
			.getByRole( 'button', { name: 'Revoke all connections now' } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Revoke all connections?',
		} );
		await expect( dialog ).toBeVisible();

		await expectAccessible( page, 'Revoke all dialog' );

		await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
		await expect( dialog ).toBeHidden();
	} );

	test( 'Disconnect confirmation dialog, then the card after disconnecting', async ( {
		page,
	} ) => {
		await openTab( page, 'connections', '.syncwarden-revoke-all' );
		const card = page.locator( `#syncwarden-connection-${ CONNECTED }` );
		await card.getByRole( 'button', { name: 'Disconnect' } ).click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Disconnect Microsoft Outlook?',
		} );
		await expect( dialog ).toBeVisible();

		await expectAccessible( page, 'Disconnect dialog' );

		await dialog.getByRole( 'button', { name: 'Disconnect' } ).click();
		await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
			'Ready to connect'
		);
		// Microsoft cannot revoke on request: the advice notice is part of what is audited.
		await expect( card.locator( '.notice' ).first() ).toBeVisible();

		await expectAccessible( page, 'Connections after disconnecting' );
	} );
} );
