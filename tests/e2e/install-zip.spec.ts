import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';

import { expect, test } from '@playwright/test';

import { freshSite } from '../../playwright.config';
import { SECRET_PATTERN } from './helpers';

/*
 * The site owner's path with the artefact we ship: the zip `npm run plugin-zip` makes (built from
 * the working tree for this run by tools/e2e-fresh-server.mjs) is uploaded through WordPress's own
 * installer on a site that has never had SyncWarden, activated, and opened. This catches what the
 * other specs cannot, since their site runs the working tree itself: a file the zip forgets, a
 * dev-only file it ships, a plugin header WordPress rejects, an activation that needs tests/.
 */

const zip = nodePath.resolve( freshSite.dir, 'syncwarden.zip' );
const installedDir = nodePath.resolve(
	freshSite.dir,
	'wordpress/wp-content/plugins/syncwarden'
);

// Another site than the one global-setup logged into: no stored cookies, the test logs in itself.
test.use( {
	baseURL: freshSite.url,
	storageState: { cookies: [], origins: [] },
} );

/** The zip's files, relative to its `syncwarden/` folder (every entry must be inside it). */
function zipFiles(): string[] {
	const entries = execFileSync( 'unzip', [ '-Z1', zip ], {
		encoding: 'utf8',
	} )
		.split( '\n' )
		.filter( ( entry ) => entry && ! entry.endsWith( '/' ) );
	expect(
		entries.filter( ( entry ) => ! entry.startsWith( 'syncwarden/' ) )
	).toEqual( [] );
	return entries
		.map( ( entry ) => entry.slice( 'syncwarden/'.length ) )
		.sort();
}

/** Every file under a folder, relative to it. */
function filesUnder( dir: string ): string[] {
	return ( fs.readdirSync( dir, { recursive: true } ) as string[] )
		.filter( ( file ) =>
			fs.statSync( nodePath.join( dir, file ) ).isFile()
		)
		.sort();
}

test( 'a site owner uploads the plugin zip on a fresh site, activates it and opens Settings → SyncWarden', async ( {
	page,
} ) => {
	// Several full admin page loads plus an upload and unpack on a cold site.
	test.setTimeout( 90_000 );
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );

	await test.step( 'log in through wp-login.php', async () => {
		await page.goto( '/wp-login.php' );
		await page.getByLabel( 'Username or Email Address' ).fill( 'admin' );
		await page.getByLabel( 'Password', { exact: true } ).fill( 'password' );
		await page.getByRole( 'button', { name: 'Log In' } ).click();
		await expect( page ).toHaveURL( /\/wp-admin\/$/ );
	} );

	await test.step( 'the site has no SyncWarden yet', async () => {
		await page.locator( '#menu-plugins > a' ).click();
		await expect(
			page.getByRole( 'heading', { name: 'Plugins', level: 1 } )
		).toBeVisible();
		await expect(
			page.locator( 'tr[data-slug="syncwarden"]' )
		).toHaveCount( 0 );
		expect( fs.existsSync( installedDir ) ).toBe( false );
	} );

	await test.step( 'Plugins → Add (New) Plugin → Upload Plugin → Install Now', async () => {
		// The menu item is "Add New Plugin" up to 6.7 and "Add Plugin" since 6.8: follow its
		// target instead of its label.
		await page
			.locator( '#menu-plugins a[href="plugin-install.php"]' )
			.click();
		await page.getByText( 'Upload Plugin', { exact: true } ).click();
		await page.locator( 'input#pluginzip' ).setInputFiles( zip );
		await page.getByRole( 'button', { name: 'Install Now' } ).click();

		await expect(
			page.getByText(
				'Installing plugin from uploaded file: syncwarden.zip'
			)
		).toBeVisible();
		await expect(
			page.getByText( 'Plugin installed successfully.' )
		).toBeVisible();
	} );

	await test.step( 'the installed folder holds exactly the zip’s files', async () => {
		// A real folder WordPress unpacked, not the development symlink the other sites use.
		expect( fs.lstatSync( installedDir ).isDirectory() ).toBe( true );
		const installed = filesUnder( installedDir );
		expect( installed ).toEqual( zipFiles() );
		expect( installed ).toContain( 'plugin.php' );
		expect(
			installed.filter( ( file ) =>
				/^(tests|src|node_modules|tools|docs)\//.test( file )
			)
		).toEqual( [] );
	} );

	await test.step( 'Activate Plugin', async () => {
		await page.getByRole( 'link', { name: 'Activate Plugin' } ).click();
		await expect( page.getByText( 'Plugin activated.' ) ).toBeVisible();
		await expect(
			page.locator( 'tr.active[data-slug="syncwarden"]' )
		).toBeVisible();
	} );

	await test.step( 'Settings → SyncWarden shows the app with its tabs', async () => {
		// The Settings submenu is a fly-out on other screens: open it the way a mouse does.
		await page.locator( '#menu-settings' ).hover();
		await page
			.locator( '#menu-settings' )
			.getByRole( 'link', { name: 'SyncWarden', exact: true } )
			.click();
		await expect( page ).toHaveURL(
			/options-general\.php\?page=syncwarden/
		);
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
		await expect( page.locator( '.syncwarden-connection' ) ).toHaveCount(
			5
		);
	} );

	await test.step( 'the screen’s HTML hands scripts no secret-looking data', async () => {
		// The page as the server sent it (same cookies), before any script ran: inline scripts
		// are where localized data would sit.
		const html = await ( await page.request.get( page.url() ) ).text();
		const inlineScripts = [
			...html.matchAll(
				/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi
			),
		].map( ( match ) => match[ 1 ] ?? '' );
		expect( inlineScripts.length ).toBeGreaterThan( 0 );
		expect(
			inlineScripts
				.filter( ( code ) => SECRET_PATTERN.test( code ) )
				.map( ( code ) => code.slice( 0, 120 ) )
		).toEqual( [] );
	} );

	await test.step( 'installing, activating and opening it logged no PHP error from the plugin', async () => {
		// The site's debug.log (WP_DEBUG_LOG); offline wordpress.org warnings are core's own.
		const log = nodePath.resolve( freshSite.dir, 'debug.log' );
		const lines = fs.existsSync( log )
			? fs.readFileSync( log, 'utf8' ).split( '\n' )
			: [];
		expect(
			lines.filter( ( line ) => line.includes( '/plugins/syncwarden/' ) )
		).toEqual( [] );
	} );

	expect( errors ).toEqual( [] );
} );
