import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

import { expect, test } from '@playwright/test';

/*
 * The plugin directory's Live Preview: assets/blueprints/blueprint.json booted in the official
 * WordPress Playground CLI (PHP in WebAssembly, no ext-sodium, salts that are not unique), offline
 * (tools/playground.mjs mounts the built plugin instead of downloading it). The blueprint's
 * throwaway key must make the demo work: the Settings screen renders without the key notice, and a
 * client secret can be saved and reads back as "Set".
 */

type Step = { step: string; [ key: string ]: unknown };
type Blueprint = { landingPage: string; login: boolean; steps: Step[] };

const blueprint = JSON.parse(
	fs.readFileSync( 'assets/blueprints/blueprint.json', 'utf8' )
) as Blueprint;
// E2E_PORT + 2000: clear of the main site (+0), the zip site (+1000) and other slots' ports.
const port = Number( process.env.E2E_PORT || 8891 ) + 2000;
let playground: ChildProcess | null = null;

/** Starts `node tools/playground.mjs` and resolves once it says it serves. */
function startPlayground(): Promise< ChildProcess > {
	const child = spawn(
		process.execPath,
		[ 'tools/playground.mjs', String( port ) ],
		{
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		}
	);
	let output = '';
	return new Promise( ( resolve, reject ) => {
		const onData = ( chunk: Buffer ) => {
			output += chunk.toString();
			if ( output.includes( 'SyncWarden in WordPress Playground:' ) ) {
				resolve( child );
			}
		};
		child.stdout.on( 'data', onData );
		child.stderr.on( 'data', onData );
		child.on( 'exit', ( code ) =>
			reject(
				new Error(
					`tools/playground.mjs exited (${ code }):\n${ output }`
				)
			)
		);
	} );
}

test.use( {
	baseURL: `http://127.0.0.1:${ port }`,
	storageState: { cookies: [], origins: [] },
} );

test.beforeAll( async () => {
	// A cold boot unpacks WordPress into the WebAssembly PHP's file system and installs it; the
	// first run also installs the CLI from the npm registry.
	test.setTimeout( 600_000 );
	playground = await startPlayground();
} );

test.afterAll( () => {
	playground?.kill( 'SIGTERM' );
} );

test( 'the shipped blueprint defines a throwaway encryption key, installs and activates SyncWarden, logs in and lands on its Settings tab', () => {
	const define = blueprint.steps.find(
		( step ) => step.step === 'defineWpConfigConsts'
	) as { consts: Record< string, string > } | undefined;
	const key = define?.consts.SYNCWARDEN_ENCRYPTION_KEY ?? '';
	expect( Buffer.from( key, 'base64' ) ).toHaveLength( 32 );
	expect(
		blueprint.steps.find( ( step ) => step.step === 'installPlugin' )
	).toMatchObject( {
		pluginData: { resource: 'wordpress.org/plugins', slug: 'syncwarden' },
		options: { activate: true },
	} );
	expect( blueprint.login ).toBe( true );
	expect( blueprint.landingPage ).toBe(
		'/wp-admin/options-general.php?page=syncwarden&tab=settings'
	);
} );

test( 'in Playground the Settings screen renders without the key notice and a client secret saves and reads back as Set', async ( {
	page,
} ) => {
	// Every request runs PHP in WebAssembly on a shared two-core machine.
	test.setTimeout( 180_000 );
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );

	await page.goto( blueprint.landingPage, { timeout: 120_000 } );

	await expect(
		page.getByRole( 'heading', { name: 'Provider credentials' } )
	).toBeVisible( { timeout: 60_000 } );
	await expect( page.locator( '.syncwarden-key-notice' ) ).toHaveCount( 0 );
	const card = page.locator( '#syncwarden-provider-google' );
	await card.getByLabel( 'Client ID' ).fill( 'demo-client.apps.example' );
	await card.getByLabel( /client secret/i ).fill( 'demo-playground-secret' );
	await card.getByRole( 'button', { name: 'Save', exact: true } ).click();
	await expect( card.locator( '.notice-success' ) ).toContainText( 'Saved.', {
		timeout: 60_000,
	} );

	await page.reload( { timeout: 120_000 } );
	await expect( page.locator( '#syncwarden-provider-google' ) ).toContainText(
		'Client secret: Set',
		{ timeout: 60_000 }
	);
	expect( await page.content() ).not.toContain( 'demo-playground-secret' );
	expect( errors ).toEqual( [] );
} );
