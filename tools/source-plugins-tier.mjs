/**
 * The real-plugin tier of `npm test`: the actual booking plugins from SYNCWARDEN_SOURCE_PLUGINS
 * (a folder of plugin folders, never part of the repository), run as the `source-plugins`
 * PHPUnit suite on SQLite and, with `source-plugins-mysql` (plugins whose SQL only MySQL/MariaDB
 * runs, such as Amelia), on MariaDB. Without the folder each row says "not run" — neither passed
 * nor failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { coreLabel } from './wordpress.mjs';

const ROOT = path.resolve(
	path.dirname( new URL( import.meta.url ).pathname ),
	'..'
);

/**
 * A plugins folder for the tier outside the checkout, holding SyncWarden and the SQLite drop-in's
 * plugin as links; the tests link each booking plugin in beside them. WordPress resolves a
 * symlinked plugin's path through every registered plugin path in turn (plugin_basename()): with
 * the folder inside the checkout SyncWarden's link points at, a booking plugin linked from a
 * folder that sorts after the checkout got a basename under syncwarden/, and its activation
 * never ran. Outside, each link maps back on its own.
 * @param {string} core Core folder (its plugins hold the SQLite plugin).
 * @param {string} name Site name.
 * @return {Object} Environment for the PHP processes.
 */
export function outsidePluginDir( core, name ) {
	const dir = path.join( os.tmpdir(), `syncwarden-plugins-${ name }` );
	fs.rmSync( dir, { recursive: true, force: true } );
	fs.mkdirSync( dir, { recursive: true } );
	fs.symlinkSync( ROOT, path.join( dir, 'syncwarden' ), 'dir' );
	const sqlite = 'sqlite-database-integration';
	fs.symlinkSync(
		fs.realpathSync( path.join( core, 'wp-content/plugins', sqlite ) ),
		path.join( dir, sqlite ),
		'dir'
	);
	return { SYNCWARDEN_PLUGIN_DIR: dir };
}

/**
 * The tier's summary row on one engine, named the same whether it ran or not.
 * @param {string}      version Core version key.
 * @param {Object|null} mariadb The MariaDB server the suite runs on, or null for SQLite.
 * @param {Function}    run     Runs the suite on that core and returns its row.
 * @return {Object} Summary row.
 */
export function sourcePluginsRow( version, mariadb, run ) {
	const layer = `real booking plugins (WP ${ coreLabel( version ) }${
		mariadb ? ', MariaDB' : ''
	})`;
	if ( ! process.env.SYNCWARDEN_SOURCE_PLUGINS ) {
		return { layer, count: 'not run', notRun: true, ok: true, seconds: 0 };
	}
	return { ...run( version ), layer };
}

/**
 * PASS, FAIL, or SKIP for a row that did not run.
 * @param {Object} row Summary row.
 * @return {string} Verdict.
 */
export function verdict( row ) {
	if ( row.notRun ) {
		return 'SKIP';
	}
	return row.ok ? 'PASS' : 'FAIL';
}
