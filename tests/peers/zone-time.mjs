/**
 * Wall time in an IANA zone, for the peer's renderings of Google and Graph times: the offset at
 * an instant, the local date, and the instant of a wall time. One cached Intl formatter per
 * zone: making one costs far more than using it, and a 10,000-event listing renders 20,000 times.
 */

const formatters = new Map();

/**
 * Offset of `zone` at `ms`, in ms (wall time minus UTC). Throws a RangeError for a zone Intl
 * does not know.
 *
 * @param {number} ms   Epoch ms.
 * @param {string} zone IANA zone.
 * @return {number} Offset in ms.
 */
export function offsetAt( ms, zone ) {
	if ( zone === 'UTC' ) {
		return 0;
	}
	if ( ! formatters.has( zone ) ) {
		formatters.set(
			zone,
			new Intl.DateTimeFormat( 'en-US', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit',
			} )
		);
	}
	const parts = formatters.get( zone ).formatToParts( new Date( ms ) );
	const get = ( type ) =>
		Number( parts.find( ( p ) => p.type === type ).value );
	const wall = Date.UTC(
		get( 'year' ),
		get( 'month' ) - 1,
		get( 'day' ),
		get( 'hour' ),
		get( 'minute' ),
		get( 'second' )
	);
	return wall - Math.floor( ms / 1000 ) * 1000;
}

/**
 * The local date (Y-m-d) of `ms` in `zone`.
 *
 * @param {number} ms   Epoch ms.
 * @param {string} zone IANA zone.
 * @return {string} Date.
 */
export const localDate = ( ms, zone ) =>
	new Date( ms + offsetAt( ms, zone ) ).toISOString().slice( 0, 10 );

/**
 * The instant of a wall time (given as if it were UTC) in `zone`: two passes, so a DST change
 * between the guess and the answer is accounted for.
 *
 * @param {number} wall Wall time as UTC epoch ms.
 * @param {string} zone IANA zone.
 * @return {number} Epoch ms.
 */
export function wallInstant( wall, zone ) {
	const guess = wall - offsetAt( wall, zone );
	return wall - offsetAt( guess, zone );
}
