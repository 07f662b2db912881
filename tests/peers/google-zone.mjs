/**
 * Google Calendar times in the calendar's zone, as events.list renders them for a calendar
 * that is not in UTC. The calendar's zone is the list's top-level `timeZone`; a timed
 * start/end is an RFC 3339 `dateTime` with that zone's numeric offset, and its own `timeZone`
 * is optional for a single event (the peer gives it on some events only, so clients must
 * fall back to the calendar's); an all-day one is a `date` (end exclusive) in local days.
 *
 * References: googleapis/google-api-go-client calendar/v3/calendar-api.json, schemas `Events`
 * (`timeZone`: the time zone of the calendar) and `EventDateTime` (`date`, `dateTime` needing
 * an offset unless `timeZone` is given, `timeZone` optional for single events).
 *
 * Base events (calendar.mjs) keep their times in UTC ms; an all-day one's start and end are
 * UTC midnights that stand for calendar days, so a zoned calendar shows the same dates.
 */
import { DAY, HOUR, MINUTE, bulkEvents } from './calendar.mjs';
import { localDate, offsetAt, wallInstant } from './zone-time.mjs';

const iso = ( ms ) => new Date( ms ).toISOString();

/**
 * A zone the peer can render, or an Error (the control answers it as a 400).
 *
 * @param {*} zone IANA zone name.
 * @return {string} The zone.
 */
export function checkZone( zone ) {
	try {
		if ( typeof zone === 'string' && zone !== '' ) {
			offsetAt( 0, zone ); // Intl throws a RangeError for a zone it does not know.
			return zone;
		}
	} catch {}
	throw new Error( `zone must be an IANA time zone, not ${ zone }` );
}

const offsetText = ( minutes ) => {
	const abs = Math.abs( minutes );
	const two = ( n ) => String( n ).padStart( 2, '0' );
	return `${ minutes < 0 ? '-' : '+' }${ two( Math.floor( abs / 60 ) ) }:${ two(
		abs % 60
	) }`;
};

/**
 * The instant of a wall time in a zone.
 *
 * @param {string} date    Y-m-d.
 * @param {number} minutes Minutes after midnight.
 * @param {string} zone    IANA zone.
 * @return {number} Epoch ms.
 */
export function localInstant( date, minutes, zone ) {
	return wallInstant(
		Date.parse( `${ date }T00:00:00Z` ) + minutes * MINUTE,
		zone
	);
}

/**
 * A start or end of a base event as Google renders it in a calendar in `zone`. In UTC the
 * peer's long-standing form: `Z` and `timeZone: 'UTC'` on every timed event.
 *
 * @param {number}  ms       Epoch ms.
 * @param {boolean} allDay   All-day event.
 * @param {string}  zone     Calendar zone.
 * @param {boolean} withZone Give the event's own `timeZone`.
 * @return {Object} EventDateTime.
 */
export function googleTime( ms, allDay, zone, withZone ) {
	if ( allDay ) {
		return { date: iso( ms ).slice( 0, 10 ) };
	}
	if ( zone === 'UTC' ) {
		return { dateTime: iso( ms ).replace( '.000Z', 'Z' ), timeZone: 'UTC' };
	}
	const offset = offsetAt( ms, zone );
	const wall = iso( ms + offset ).slice( 0, 19 );
	const time = { dateTime: wall + offsetText( offset / MINUTE ) };
	return withZone ? { ...time, timeZone: zone } : time;
}

/**
 * Whether a base event's start/end carry their own `timeZone`: as the seed says, else every
 * other event, so one listing holds both forms.
 *
 * @param {Object} b Base event.
 * @return {boolean} Give `timeZone`.
 */
export const withEventZone = ( b ) => b.eventZone ?? b.key % 2 === 0;

/**
 * Start and end in ms of a Google record, for the timeMin/timeMax overlap: all-day dates are
 * local midnights of the calendar's zone.
 *
 * @param {Object} rec  Store record (base event or API JSON).
 * @param {string} zone Calendar zone.
 * @return {number[]} [start, end].
 */
export function googleSpan( rec, zone ) {
	const b = rec.base;
	const day = ( date ) =>
		zone === 'UTC'
			? Date.parse( `${ date }T00:00:00Z` )
			: localInstant( date, 0, zone );
	if ( b ) {
		return b.allDay
			? [
					day( iso( b.start ).slice( 0, 10 ) ),
					day( iso( b.end ).slice( 0, 10 ) ),
				]
			: [ b.start, b.end ];
	}
	return [ rec.data.start, rec.data.end ].map( ( t ) =>
		t?.dateTime ? Date.parse( t.dateTime ) : day( t?.date )
	);
}

/**
 * Christmas Eve in the calendar's zone: the coming 24 December (today's local date, if it is
 * that), as an all-day event, a 09:00 local event with its own `timeZone` and an 11:30 local
 * one with the offset only (30 minutes each).
 *
 * @param {string} zone     Calendar zone.
 * @param {number} now      Epoch ms.
 * @param {number} firstKey Key of the first event.
 * @return {{date: string, events: Object[]}} The local date and the base events.
 */
export function christmasEve( zone, now, firstKey ) {
	const today = localDate( now, zone );
	const year =
		Number( today.slice( 0, 4 ) ) + ( today.slice( 5 ) > '12-24' ? 1 : 0 );
	const date = `${ year }-12-24`;
	const day = Date.parse( `${ date }T00:00:00Z` );
	const events = bulkEvents( 3, day, firstKey );
	const shape = [
		[ 'Studio closed', null, true ],
		[ 'Christmas Eve call', 9 * 60, true ],
		[ 'Late-morning call', 11 * 60 + 30, false ],
	];
	events.forEach( ( e, i ) => {
		const [ title, minutes, eventZone ] = shape[ i ];
		e.title = title;
		e.allDay = minutes === null;
		e.start = e.allDay ? day : localInstant( date, minutes, zone );
		e.end = e.start + ( e.allDay ? DAY : HOUR / 2 );
		e.eventZone = eventZone;
		e.created = e.updated = now;
	} );
	return { date, events };
}
