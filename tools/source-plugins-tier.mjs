/**
 * The real-plugin tier of `npm test`: the actual booking plugins from SYNCWARDEN_SOURCE_PLUGINS
 * (a folder of plugin folders, never part of the repository), run as the `source-plugins`
 * PHPUnit suite on SQLite and, with `source-plugins-mysql` (plugins whose SQL only MySQL/MariaDB
 * runs, such as Amelia), on MariaDB. Without the folder each row says "not run" — neither passed
 * nor failed.
 */
import { coreLabel } from './wordpress.mjs';

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
