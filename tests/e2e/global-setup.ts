import { chromium, type FullConfig } from '@playwright/test';

import { adminState } from '../../playwright.config';

/**
 * Logs in once through the real login form and keeps the cookies for every test.
 * @param config
 */
export default async function globalSetup( config: FullConfig ) {
	const { baseURL, launchOptions } = config.projects[ 0 ]!.use;
	const browser = await chromium.launch( launchOptions );
	const page = await browser.newPage( { baseURL } );
	await page.goto( '/wp-login.php' );
	await page.fill( '#user_login', 'admin' );
	await page.fill( '#user_pass', 'password' );
	await Promise.all( [
		page.waitForURL( /\/wp-admin\/?/ ),
		page.click( '#wp-submit' ),
	] );
	await page.context().storageState( { path: adminState } );
	await browser.close();
}
