/**
 * The source-hook section of `npm run bench`: what a booking plugin's hook costs inside the host
 * plugin's request (tools/wp/bench-sources.php), on the SQLite drop-in the other sections use and
 * on MariaDB, the database production WordPress sites run on.
 */
import { startMariaDb } from './mariadb.mjs';
import { ensureSite, setPluginActive, sourcesBenchmark } from './wordpress.mjs';

export const SOURCES_HEADING = '## Booking-plugin hook cost';
// The target: a source hook adds well under this to the host plugin's request.
const TARGET_MS = 5;

/**
 * Runs the measurement on a site, then on a fresh MariaDB site of the same core.
 * @param {string} version Core version key.
 * @param {string} site    Site name (SQLite, already set up).
 * @return {Promise<Object>} Per engine: medians, p90s and query counts.
 */
export async function measureSources( version, site ) {
	const sqlite = sourcesBenchmark( version, site );
	const mariadb = await startMariaDb( '-bench' );
	try {
		const name = `${ site }-mariadb`;
		ensureSite( {
			version,
			name,
			fresh: true,
			db: { host: mariadb.host, name: mariadb.database( name ) },
		} );
		setPluginActive( version, name, true );
		return { sqlite, mariadb: sourcesBenchmark( version, name ) };
	} finally {
		mariadb.stop();
	}
}

/**
 * Markdown lines of the section.
 * @param {Object} result What measureSources() returned.
 * @return {string[]} Lines.
 */
export function sourcesSection( result ) {
	const row = ( engine, label, m ) =>
		`| ${ engine } | ${ label } | ${ m.median_ms.toFixed( 2 ) } ms | ${ m.p90_ms.toFixed( 2 ) } ms | ${ m.queries } |`;
	const engines = [
		[ 'SQLite drop-in', result.sqlite ],
		[ 'MariaDB', result.mariadb ],
	];
	const verdict = ( [ engine, m ] ) =>
		`${ engine }: ${ m.new.median_ms < TARGET_MS ? '**met**' : '**not met**' } (${ (
			m.new.median_ms / Math.max( 1, m.new.queries )
		).toFixed( 2 ) } ms per query)`;
	return [
		SOURCES_HEADING,
		'',
		`Booking Calendar's \`wpbc_track_new_booking\` through the real source, ${ result.sqlite.runs } new bookings per database (after 10 warm-up), one Google export connection; only local writes (the outbox sends later):`,
		'',
		'| database | hook | median | p90 | database queries |',
		'|---|---|---:|---:|---:|',
		...engines.flatMap( ( [ engine, m ] ) => [
			row(
				engine,
				'new booking (read, store, link, audit, queue)',
				m.new
			),
			row( engine, 'repeated hook, nothing changed', m.repeated ),
		] ),
		'',
		`Target: well under ${ TARGET_MS } ms for a new booking. ${ engines
			.map( verdict )
			.join(
				'; '
			) }. The queries dominate: the SQLite translator parses each one in PHP, a MySQL/MariaDB server answers it over a socket.`,
		'',
	];
}
