import { expect, test, type Page } from '@playwright/test';

import { SETTINGS_URL } from './helpers';

/*
 * The app wears the admin's own look: the user's admin colour scheme as its accent (not the
 * components' default #3858e9) and sentence-case labels, on whichever core the suite runs.
 * The expected colour is read from core's own primary button on the same page, so the test holds
 * on 6.5 (per-scheme button colours in colors.css) and on 7.x (core's --wp-admin-theme-color).
 */

const COMPONENTS_DEFAULT = 'rgb(56, 88, 233)'; // #3858e9

/** Chooses an admin colour scheme on the real Profile screen; returns the one it replaced. */
async function chooseScheme( page: Page, scheme: string ): Promise< string > {
	await page.goto( '/wp-admin/profile.php' );
	const previous = await page
		.locator( 'input[name="admin_color"]:checked' )
		.inputValue();
	await page.locator( `#admin_color_${ scheme }` ).check();
	await page.locator( '#submit' ).click();
	await expect( page.locator( '#message' ) ).toContainText( /updated/i );
	return previous;
}

/** The background of core's own `.button-primary` as this page's stylesheets draw it. */
function corePrimaryButton( page: Page ): Promise< string > {
	return page.evaluate( () => {
		const button = document.createElement( 'button' );
		button.className = 'button button-primary';
		document.querySelector( '#wpbody-content' )?.append( button );
		const colour = getComputedStyle( button ).backgroundColor;
		button.remove();
		return colour;
	} );
}

/** How this page's stylesheets draw core's own notice of a kind: background and left border. */
function coreNotice(
	page: Page,
	kind: string
): Promise< { background: string; border: string } > {
	return page.evaluate( ( type ) => {
		const notice = document.createElement( 'div' );
		notice.className = `notice notice-${ type } inline`;
		notice.append( document.createElement( 'p' ) );
		document.querySelector( '#wpbody-content' )?.append( notice );
		const style = getComputedStyle( notice );
		const drawn = {
			background: style.backgroundColor,
			border: style.borderLeftColor,
		};
		notice.remove();
		return drawn;
	}, kind );
}

/**
 * The colour core's own tab panel marks the active tab with: the admin scheme colour before 7.0;
 * from 7.0 the design system's neutral stroke (`--wpds-color-stroke-interactive-neutral-strong`),
 * which core's own screens show too.
 */
function coreActiveTab( page: Page, scheme: string ): Promise< string > {
	return page.evaluate( ( fallback ) => {
		const probe = document.createElement( 'span' );
		probe.style.color =
			'var(--wpds-color-stroke-interactive-neutral-strong, ' +
			fallback +
			')';
		document.querySelector( '#wpbody-content' )?.append( probe );
		const colour = getComputedStyle( probe ).color;
		probe.remove();
		return colour;
	}, scheme );
}

/** Every colour an element and its ::before/::after paint with, as one string. */
function paints( page: Page, selector: string ): Promise< string > {
	return page
		.locator( selector )
		.first()
		.evaluate( ( element ) =>
			[ null, '::before', '::after' ]
				.map( ( pseudo ) => {
					const style = getComputedStyle( element, pseudo );
					return [
						style.backgroundColor,
						style.borderColor,
						style.boxShadow,
						style.outlineColor,
					].join( ' ' );
				} )
				.join( ' ' )
		);
}

test.describe( 'admin colour scheme', () => {
	let previous = '';

	test.beforeAll( async ( { browser } ) => {
		const page = await browser.newPage();
		previous = await chooseScheme( page, 'midnight' );
		await page.close();
	} );

	test.afterAll( async ( { browser } ) => {
		const page = await browser.newPage();
		await chooseScheme( page, previous );
		await page.close();
	} );

	test( 'buttons, toggles and focus rings take the user’s scheme colour as core’s own buttons do, and the active tab core’s own tab colour', async ( {
		page,
	} ) => {
		await page.goto( `${ SETTINGS_URL }&tab=settings` );
		await expect(
			page.locator( '.syncwarden-notification-settings' )
		).toBeVisible();

		const scheme = await corePrimaryButton( page );
		expect( scheme ).not.toBe( COMPONENTS_DEFAULT );

		const save = page.getByRole( 'button', { name: 'Save settings' } );
		await expect( save ).toHaveCSS( 'background-color', scheme );

		// The active tab's indicator, as core's own tab panel draws it on this core.
		expect(
			await paints( page, '.components-tab-panel__tabs-item.is-active' )
		).toContain( await coreActiveTab( page, scheme ) );

		// A toggle, switched on.
		const toggle = page
			.locator( '.syncwarden-notification-settings' )
			.getByRole( 'checkbox' )
			.first();
		if ( ! ( await toggle.isChecked() ) ) {
			await toggle.check();
		}
		expect(
			await paints(
				page,
				'.components-form-toggle.is-checked .components-form-toggle__track'
			)
		).toContain( scheme );

		// A focus ring, reached by keyboard.
		const field = page.getByLabel(
			'Show a notice after this many failed attempts in a row'
		);
		await field.focus();
		expect( await paints( page, 'input[type="number"]:focus' ) ).toContain(
			scheme
		);
		for ( const painted of [
			await paints( page, '.components-tab-panel__tabs-item.is-active' ),
			await paints( page, 'input[type="number"]:focus' ),
		] ) {
			expect( painted ).not.toContain( COMPONENTS_DEFAULT );
		}
	} );
} );

test( 'control labels are sentence case at core’s size, not the components’ small capitals', async ( {
	page,
} ) => {
	await page.goto( `${ SETTINGS_URL }&tab=activity` );
	for ( const name of [ 'Event', 'Result', 'Search' ] ) {
		const label = page
			.locator( '.syncwarden-filters label' )
			.filter( { hasText: new RegExp( `^${ name }$` ) } );
		await expect( label ).toHaveCSS( 'text-transform', 'none' );
		await expect( label ).toHaveCSS( 'font-size', '13px' );
	}
} );

test( 'notices are drawn exactly as core draws its own notice on this core (a white box with a red border on 6.5)', async ( {
	page,
} ) => {
	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	const field = page.getByLabel(
		'Show a notice after this many failed attempts in a row'
	);
	await field.fill( '0' );
	await page.getByRole( 'button', { name: 'Save settings' } ).click();
	const notice = page.locator(
		'.syncwarden-notification-settings .notice-error'
	);
	await expect( notice ).toBeVisible();
	// Exactly as core draws its own error notice on this core: white with a red left border on
	// 6.5, 7.x's own tint and border after its redesign (not the components' pink Notice).
	const core = await coreNotice( page, 'error' );
	await expect( notice ).toHaveCSS( 'background-color', core.background );
	await expect( notice ).toHaveCSS( 'border-left-color', core.border );
	await page.reload();
} );
