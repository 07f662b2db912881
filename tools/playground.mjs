/**
 * SyncWarden in WordPress Playground (the official CLI: PHP in WebAssembly, SQLite, no
 * ext-sodium), booted from the blueprint the plugin directory's Live Preview uses,
 * assets/blueprints/blueprint.json, without touching the internet:
 *
 * - the CLI comes from the npm registry (its tarball is cached in .wordpress/cache, as for
 *   tools/wordpress.mjs; its dependencies install into .wordpress/playground/cli once);
 * - WordPress is Playground's own build of 6.5 (the same npm package the other sites use),
 *   mounted before install instead of downloaded;
 * - the plugin is the zip `npm run plugin-zip` makes, unpacked and mounted, so the blueprint's
 *   `installPlugin` step (which fetches from wordpress.org) is replaced by `activatePlugin`.
 *   Every other step and the landing page are the shipped blueprint's own.
 *
 *   node tools/playground.mjs [port]     serves until stopped (default 9400)
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { buildZip } from './plugin-zip.mjs';
import { CORES, log, ROOT, unpackBuild, WP_DIR } from './wordpress.mjs';

export const BLUEPRINT = path.join(
	ROOT,
	'assets',
	'blueprints',
	'blueprint.json'
);
const CLI_TARBALL = path.join(
	WP_DIR,
	'cache',
	'wp-playground-cli-3.1.56.tgz'
);
const HOME = path.join( WP_DIR, 'playground' );
const CLI_DIR = path.join( HOME, 'cli' );
const CLI = path.join(
	CLI_DIR,
	'node_modules',
	'@wp-playground',
	'cli',
	'wp-playground.js'
);

/** The CLI and its dependencies, installed once from the cached tarball through npm. */
function ensureCli() {
	if ( fs.existsSync( CLI ) ) {
		return;
	}
	if ( ! fs.existsSync( CLI_TARBALL ) ) {
		throw new Error(
			`${ path.relative( ROOT, CLI_TARBALL ) } is missing: run \`npm start\` or \`npm test\` once (tools/wordpress.mjs caches it).`
		);
	}
	log(
		'installing the WordPress Playground CLI from the npm registry (once)'
	);
	fs.mkdirSync( CLI_DIR, { recursive: true } );
	fs.writeFileSync(
		path.join( CLI_DIR, 'package.json' ),
		'{ "name": "syncwarden-playground", "private": true }\n'
	);
	execFileSync(
		'npm',
		[
			'install',
			CLI_TARBALL,
			'--no-audit',
			'--no-fund',
			'--no-save',
			'--loglevel=error',
		],
		{ cwd: CLI_DIR, stdio: [ 'ignore', 'ignore', 'inherit' ] }
	);
}

/** Playground's WordPress 6.5 build with its static files, unpacked once. */
function ensureWordPress() {
	const dir = path.join( HOME, 'wordpress-6.5' );
	if ( fs.existsSync( path.join( dir, 'wp-settings.php' ) ) ) {
		return dir;
	}
	unpackBuild( CORES[ '6.5' ], dir );
	return dir;
}

/**
 * The shipped blueprint, with the one step that downloads (installPlugin from wordpress.org)
 * replaced by activating the mounted plugin.
 * @param {Object} blueprint The shipped blueprint.
 * @return {Object} The blueprint this machine can run offline.
 */
export function offlineBlueprint( blueprint ) {
	// preferredVersions goes too: the mounted core is the release, and resolving "latest" would
	// ask the internet; the command line names the PHP version instead.
	const { preferredVersions, ...rest } = blueprint;
	return {
		...rest,
		steps: [
			...blueprint.steps.filter(
				( step ) => step.step !== 'installPlugin'
			),
			{ step: 'activatePlugin', pluginPath: 'syncwarden/plugin.php' },
		],
	};
}

/**
 * The plugin as a site gets it: the zip, unpacked fresh for this run.
 * @param {string} dir Folder for this run; the plugin lands in dir/syncwarden.
 */
function unpackPlugin( dir ) {
	fs.rmSync( dir, { recursive: true, force: true } );
	fs.mkdirSync( dir, { recursive: true } );
	const { target } = buildZip( path.join( dir, 'syncwarden.zip' ) );
	execFileSync( 'unzip', [ '-q', target, '-d', dir ] );
	return path.join( dir, 'syncwarden' );
}

/**
 * Boots Playground and resolves once it serves.
 * @param {number} port Port to listen on.
 * @return {Promise<{url: string, stop: () => void}>} Where it answers, and how to stop it.
 */
export async function startPlayground( port ) {
	ensureCli();
	const wordpress = ensureWordPress();
	const run = path.join( HOME, `run-${ port }` );
	fs.rmSync( run, { recursive: true, force: true } ); // The last run's site and plugin copy.
	const plugin = unpackPlugin( path.join( run, 'plugin' ) );
	const blueprint = path.join( run, 'blueprint.json' );
	fs.writeFileSync(
		blueprint,
		JSON.stringify(
			offlineBlueprint(
				JSON.parse( fs.readFileSync( BLUEPRINT, 'utf8' ) )
			)
		)
	);
	// A copy of the core per run: the install writes its database and wp-config.php into it.
	const core = path.join( run, 'wordpress' );
	execFileSync( 'cp', [ '-r', wordpress, core ] );
	const child = spawn(
		process.execPath,
		[
			CLI,
			'server',
			`--port=${ port }`,
			`--php=${ JSON.parse( fs.readFileSync( BLUEPRINT, 'utf8' ) ).preferredVersions?.php ?? '8.2' }`,
			`--mount-before-install=${ core }:/wordpress`,
			'--wordpress-install-mode=install-from-existing-files',
			`--mount=${ plugin }:/wordpress/wp-content/plugins/syncwarden`,
			`--blueprint=${ blueprint }`,
			'--login',
		],
		{ cwd: run, stdio: [ 'ignore', 'pipe', 'pipe' ], detached: true }
	);
	const stop = () => {
		try {
			process.kill( -child.pid, 'SIGTERM' );
		} catch {
			// Already gone.
		}
	};
	let output = '';
	await new Promise( ( resolve, reject ) => {
		const onData = ( chunk ) => {
			output += chunk;
			if ( /Ready! WordPress is running/.test( output ) ) {
				resolve();
			}
		};
		child.stdout.on( 'data', onData );
		child.stderr.on( 'data', onData );
		child.on( 'exit', ( code ) =>
			reject(
				new Error(
					`WordPress Playground exited (${ code }) before serving:\n${ output }`
				)
			)
		);
	} );
	return { url: `http://127.0.0.1:${ port }`, stop };
}

// No top-level await: the e2e spec loads this module through Playwright's require().
if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	startPlayground( Number( process.argv[ 2 ] || 9400 ) ).then(
		( { url, stop } ) => {
			log(
				`SyncWarden in WordPress Playground: ${ url } (Ctrl+C stops it)`
			);
			for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
				process.on( signal, () => {
					stop();
					process.exit( 0 );
				} );
			}
		}
	);
}
