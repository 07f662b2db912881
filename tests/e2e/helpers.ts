import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import nodePath from 'node:path';

import { expect, type Page } from '@playwright/test';
import { e2eSite } from '../../playwright.config';

export const SETTINGS_URL = '/wp-admin/options-general.php?page=syncwarden';

/** Words that must never appear in data a page hands to scripts (mirrors tests/php/Harness/PageData.php). */
export const SECRET_PATTERN =
	/(secret|token|passw(or)?d|api[_-]?key|private[_-]?key|bearer|authorization|client[_-]?id|signing|credential|refresh)/i;

/**
 * Calls a syncwarden/v1 route from inside the admin page with core's api-fetch (nonce included).
 */
export function apiFetchInPage< T >( page: Page, path: string ): Promise< T > {
	return page.evaluate(
		( p ) =>
			(
				window as unknown as {
					wp: {
						apiFetch: ( o: { path: string } ) => Promise< unknown >;
					};
				}
			 ).wp.apiFetch( { path: p } ),
		path
	) as Promise< T >;
}

/**
 * Runs the PHP canary scanner (tests/php/Harness/CanaryScanner.php) over the e2e site's whole
 * database and debug.log; returns every place a canary was found.
 */
export function scanSiteForCanaries( canaries: string[] ): string[] {
	const output = execFileSync(
		'php',
		[ 'tools/wp/cli.php', e2eSite.core, 'canary-scan', ...canaries ],
		{
			env: {
				...process.env,
				// The site tools/e2e-server.mjs made for this run (its test slot included).
				SYNCWARDEN_SITE_DIR: nodePath.resolve( e2eSite.dir ),
			},
			encoding: 'utf8',
		}
	);
	return JSON.parse( output ) as string[];
}

/** Records every REST response body the page receives, to scan them afterwards. */
export function recordRestResponses( page: Page ): string[] {
	const bodies: string[] = [];
	page.on( 'response', async ( response ) => {
		// Bodies only: the OAuth callback URL carries the code by design (single-use and bound
		// to the PKCE verifier); what must never happen is a response echoing a secret.
		if ( response.url().includes( '/wp-json/' ) ) {
			bodies.push( await response.text().catch( () => '' ) );
		}
	} );
	return bodies;
}

/** Route patterns listed in includes/REST/PublicRoutes.php (the single list of public routes). */
export function publicRoutePatterns(): string[] {
	const code =
		'define("ABSPATH", "/"); require "includes/REST/PublicRoutes.php"; echo json_encode(array_keys(SyncWarden\\REST\\PublicRoutes::REASONS));';
	return JSON.parse(
		execFileSync( 'php', [ '-r', code ], { encoding: 'utf8' } )
	) as string[];
}

/** Points a provider's credentials at the peer's sandbox client through the Settings tab. */
export async function enterSandboxCredentials( page: Page, provider: string ) {
	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	const card = page.locator( `#syncwarden-provider-${ provider }` );
	await card.getByLabel( 'Client ID' ).fill( `sandbox-${ provider }` );
	const replace = card.getByRole( 'button', { name: 'Replace secret' } );
	if ( await replace.count() ) {
		await replace.click(); // Another spec left a secret of its own.
	}
	await card
		.getByLabel( /client secret/i )
		.fill( `sandbox-${ provider }-secret` );
	await card.getByRole( 'button', { name: 'Save', exact: true } ).click();
	await expect( card.locator( '.notice-success' ) ).toContainText( 'Saved.' );
}

/** The peer's Calendly OAuth app signs deliveries with this key (tests/peers/push.mjs). */
export const CALENDLY_APP_KEY = 'sandbox-calendly-app-webhook-signing-key';

/**
 * Enters the webhook signing key of the peer's Calendly OAuth app, as an administrator copies it
 * from the Calendly developer portal.
 */
export async function enterCalendlySigningKey( page: Page ) {
	await page.goto( `${ SETTINGS_URL }&tab=settings` );
	const field = page
		.locator( '#syncwarden-provider-calendly .syncwarden-signing-key' )
		.first();
	await field.getByLabel( /webhook signing key/i ).fill( CALENDLY_APP_KEY );
	await field.getByRole( 'button', { name: 'Save signing key' } ).click();
	await expect( field.locator( '.notice-success' ) ).toContainText(
		'Saved.'
	);
	await expect( field ).toContainText( 'Webhook signing key: Set' );
}

/** Clicks Connect on a provider's card and waits for the peer's consent page. */
export async function startConnect( page: Page, provider: string ) {
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	const card = page.locator( `#syncwarden-connection-${ provider }` );
	await expect( card.locator( '.syncwarden-badge' ) ).toHaveText(
		'Ready to connect'
	);
	await card.getByRole( 'button', { name: 'Connect' } ).click();
	await expect( page ).toHaveTitle( /Sandbox provider/ );
	return card;
}

/**
 * Calls the provider peer's control API (fault injection, calendar changes), trusting only the
 * peer's throwaway test CA.
 */
export function peerControl( path: string, body: object ): Promise< unknown > {
	const port = Number( process.env.PEER_PORT || 9443 );
	const payload = JSON.stringify( body );
	return new Promise( ( resolve, reject ) => {
		const req = https.request(
			{
				host: '127.0.0.1',
				port,
				path: `/__control${ path }`,
				method: 'POST',
				ca: fs.readFileSync( '.wordpress/peers/ca.pem' ),
				headers: { 'Content-Type': 'application/json' },
			},
			( res ) => {
				let text = '';
				res.on( 'data', ( chunk ) => ( text += chunk ) );
				res.on( 'end', () =>
					res.statusCode === 200
						? resolve( JSON.parse( text ) )
						: reject(
								new Error(
									`peer ${ res.statusCode }: ${ text }`
								)
							)
				);
			}
		);
		req.on( 'error', reject );
		req.end( payload );
	} );
}

/** Connects a provider for import unless it already is; returns its card. */
export async function ensureConnected( page: Page, provider: string ) {
	await page.goto( `${ SETTINGS_URL }&tab=connections` );
	const card = page.locator( `#syncwarden-connection-${ provider }` );
	const badge = card.locator( '.syncwarden-badge' );
	await expect( badge ).not.toHaveText( '' );
	if ( ( await badge.textContent() ) !== 'Connected' ) {
		await enterSandboxCredentials( page, provider );
		await startConnect( page, provider );
		await page.getByRole( 'button', { name: 'Allow' } ).click();
		await expect( badge ).toHaveText( 'Connected' );
	}
	return card;
}

/** The REST nonce core's api-fetch sends from the current admin page. */
export function restNonce( page: Page ): Promise< string > {
	return page.evaluate(
		() =>
			(
				window as unknown as {
					wp: { apiFetch: { nonceMiddleware: { nonce: string } } };
				}
			 ).wp.apiFetch.nonceMiddleware.nonce
	);
}

/**
 * Deletes a provider's connection through REST when there is one, so a spec that needs "ready to
 * connect" does not depend on what the specs before it left behind.
 */
export async function disconnectIfConnected( page: Page, provider: string ) {
	await page.goto( SETTINGS_URL );
	const connections = await apiFetchInPage<
		Array< { id: number; provider: string } >
	>( page, '/syncwarden/v1/connections' );
	for ( const connection of connections.filter(
		( candidate ) => candidate.provider === provider
	) ) {
		const response = await page.request.delete(
			`/wp-json/syncwarden/v1/connections/${ connection.id }`,
			{ headers: { 'X-WP-Nonce': await restNonce( page ) } }
		);
		expect( response.ok() ).toBe( true );
	}
}
