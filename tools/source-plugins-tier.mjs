/**
 * The real-plugin tier of `npm test`: the actual booking plugins from SYNCWARDEN_SOURCE_PLUGINS
 * (a folder of plugin folders, never part of the repository), run as the `source-plugins`
 * PHPUnit suite. Without the folder its row says "not run" — neither passed nor failed.
 */
import { coreLabel } from './wordpress.mjs';

/**
 * The tier's summary row.
 * @param {string}   version Core version key.
 * @param {Function} run     Runs the suite on that core and returns its row.
 * @return {Object} Summary row.
 */
export function sourcePluginsRow( version, run ) {
	if ( ! process.env.SYNCWARDEN_SOURCE_PLUGINS ) {
		return {
			layer: `real booking plugins (WP ${ coreLabel( version ) })`,
			count: 'not run',
			notRun: true,
			ok: true,
			seconds: 0,
		};
	}
	return run( version );
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
