/**
 * The source-hook section of `npm run bench`: what a booking plugin's hook costs inside the host
 * plugin's request (tools/wp/bench-sources.php).
 */
import { sourcesBenchmark } from './wordpress.mjs';

export const SOURCES_HEADING = '## Booking-plugin hook cost';
// The issue's target: a source hook adds well under this to the host plugin's request.
const TARGET_MS = 5;

/**
 * Runs the measurement on a site.
 * @param {string} version Core version key.
 * @param {string} site    Site name.
 * @return {Object} Medians, p90s and query counts.
 */
export function measureSources( version, site ) {
	return sourcesBenchmark( version, site );
}

/**
 * Markdown lines of the section.
 * @param {Object} result What measureSources() returned.
 * @return {string[]} Lines.
 */
export function sourcesSection( result ) {
	const row = ( label, m ) =>
		`| ${ label } | ${ m.median_ms.toFixed( 2 ) } ms | ${ m.p90_ms.toFixed( 2 ) } ms | ${ m.queries } |`;
	const perQuery = result.new.median_ms / Math.max( 1, result.new.queries );
	return [
		SOURCES_HEADING,
		'',
		`Booking Calendar's \`wpbc_track_new_booking\` through the real source, ${ result.runs } new bookings (after 10 warm-up), one Google export connection; only local writes (the outbox sends later):`,
		'',
		'| hook | median | p90 | database queries |',
		'|---|---:|---:|---:|',
		row( 'new booking (read, store, link, audit, queue)', result.new ),
		row( 'repeated hook, nothing changed', result.repeated ),
		'',
		`Target: well under ${ TARGET_MS } ms. ${
			result.new.median_ms < TARGET_MS
				? '**Met.**'
				: `**Not met on this database**: about ${ perQuery.toFixed(
						1
					) } ms per query through the SQLite translator, which dominates; MySQL/MariaDB is not measured here yet.`
		}`,
		'',
	];
}
