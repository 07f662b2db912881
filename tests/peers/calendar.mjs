/**
 * The seeded calendar behind the Google, Graph and Calendly import fixtures.
 *
 * Events start out provider-neutral (`base`: times in ms, title, invitee…) and
 * each provider keeps its own store of them, rendered to its JSON on the way
 * out. A store is append-only: deleted events stay as tombstones, so an index
 * into `records` is a stable paging cursor and a full pass is O(N).
 */
import { randomBytes } from 'node:crypto';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// The values of Google's `eventTypes` (Calendar v3 discovery document, events.list and
// events.watch take the same parameter).
export const GOOGLE_EVENT_TYPES = [
	'birthday',
	'default',
	'focusTime',
	'fromGmail',
	'outOfOffice',
	'workingLocation',
];

const PEOPLE = [
	[ 'Dana Whitfield', 'dana.whitfield@example.com' ],
	[ 'Marco Rossi', 'marco.rossi@example.it' ],
	[ 'Priya Natarajan', 'priya@example.in' ],
	[ 'Zoë Ångström', 'zoe.angstrom@example.se' ],
	[ 'Tomás García', 'tomas.garcia@example.es' ],
	[ 'Aiko Tanaka', 'aiko.tanaka@example.jp' ],
	[ "Sam O'Neil", 'sam.oneil@example.ie' ],
	[ 'Omar Haddad', 'omar.haddad@example.com' ],
].map( ( [ name, email ] ) => ( { name, email } ) );

// [ day, "HH:MM" (UTC) or null for all day, minutes or days, title, location, cancelled ]
const DEFAULT_EVENTS = [
	[ 0, '09:00', 30, 'Intro call – Dana Whitfield' ],
	[ 0, null, 1, 'Offsite prep' ],
	[ 1, '10:00', 60, '<b>VIP</b> consultation – Marco Rossi', 'Studio 2' ],
	[ 1, '14:30', 45, 'Follow-up: Priya Natarajan' ],
	[ 2, '08:30', 30, 'Dentist', 'Main St 4', true ],
	[ 2, '13:00', 60, 'Lunch & learn' ],
	[ 3, '09:00', 60, 'Design review' ],
	[ 3, '16:00', 30, 'Café chat with Zoë Ångström' ],
	[ 4, null, 1, 'Public holiday' ],
	[ 5, '11:00', 90, 'Workshop: onboarding', 'Room A' ],
	[ 6, '09:30', 30, 'Quick sync – Tomás García' ],
	[ 7, '15:00', 60, 'Quarterly review <i>draft</i>' ],
	[ 8, '10:00', 30, 'Intro call – Aiko Tanaka' ],
	[ 8, '17:00', 45, 'Client call', '', true ],
	[ 9, null, 3, 'Conference', 'Lisbon' ],
	[ 10, '12:00', 60, "Lunch with Sam O'Neil" ],
	[ 11, '09:00', 30, 'Intro call – Omar Haddad' ],
	[ 12, '14:00', 120, 'Deep work block' ],
	[ 13, '10:30', 60, 'Consultation – Marco Rossi' ],
	[ 14, '08:00', 30, 'Early check-in' ],
	[ 15, '13:30', 45, '<b>VIP</b> renewal – Acme & Co' ],
	[ 16, '11:00', 30, 'Intro call – Priya Natarajan' ],
	[ 17, null, 1, 'Out of office' ],
	[ 18, '15:30', 60, 'Consultation – Dana Whitfield' ],
	[ 19, '10:00', 30, 'Wrap-up call' ],
	[ 20, '16:00', 60, 'Planning next month' ],
	[ 20, '18:00', 30, 'Late call – Aiko Tanaka', '', true ],
];
// A weekly series, listed as its master (Google only) plus one instance per week.
const SERIES = { title: 'Weekly planning', day: 2, time: '09:00', minutes: 60 };
const SERIES_CANCELLED_WEEK = 1;

/**
 * Midnight UTC of the day that contains `ms`: the base of the seeded calendar.
 *
 * @param {number} ms Epoch milliseconds.
 * @return {number} Epoch milliseconds.
 */
export const startOfUtcDay = ( ms ) => Math.floor( ms / DAY ) * DAY;

function event( key, base, fields ) {
	return {
		key,
		title: fields.title,
		start: fields.start,
		end: fields.end,
		allDay: Boolean( fields.allDay ),
		cancelled: Boolean( fields.cancelled ),
		location: fields.location || '',
		invitee: PEOPLE[ key % PEOPLE.length ],
		// "Booked" during the week before the calendar starts.
		created: base - 7 * DAY + key * MINUTE,
		updated: base - 7 * DAY + key * MINUTE,
		version: 0,
	};
}

const at = ( base, day, time ) => {
	const [ h, m ] = time.split( ':' ).map( Number );
	return base + day * DAY + h * HOUR + m * MINUTE;
};

/**
 * The ~30 realistic events every peer starts with (keys 1…).
 *
 * @param {number} base Midnight UTC of the first day.
 * @return {Object[]} Base events; the series master has `recurrence`.
 */
export function defaultEvents( base ) {
	const events = DEFAULT_EVENTS.map(
		( [ day, time, length, title, location, cancelled ], i ) => {
			const start = time ? at( base, day, time ) : base + day * DAY;
			const end = start + length * ( time ? MINUTE : DAY );
			const allDay = ! time;
			return event( i + 1, base, {
				title,
				start,
				end,
				allDay,
				location,
				cancelled,
			} );
		}
	);
	const first = at( base, SERIES.day, SERIES.time );
	const master = event( events.length + 1, base, {
		title: SERIES.title,
		start: first,
		end: first + SERIES.minutes * MINUTE,
	} );
	master.recurrence = [ 'RRULE:FREQ=WEEKLY;COUNT=3' ];
	events.push( master );
	for ( let week = 0; week < 3; week++ ) {
		const start = first + week * 7 * DAY;
		const instance = event( events.length + 1, base, {
			title: SERIES.title,
			start,
			end: start + SERIES.minutes * MINUTE,
			cancelled: week === SERIES_CANCELLED_WEEK,
		} );
		instance.seriesKey = master.key;
		instance.originalStart = start;
		events.push( instance );
	}
	// In start order, as Calendly lists them (the peer lists in store order).
	return events.sort( ( a, b ) => a.start - b.start );
}

/**
 * `count` plain events in start order over three weeks (every 25th all day),
 * for big-calendar tests. A simple loop: 10,000 take a few milliseconds.
 *
 * @param {number} count    How many.
 * @param {number} base     Midnight UTC of the first day.
 * @param {number} firstKey Key of the first one.
 * @return {Object[]} Base events.
 */
export function bulkEvents( count, base, firstKey = 1 ) {
	const events = [];
	const quarter = 15 * MINUTE;
	const quarters = ( 21 * DAY ) / quarter;
	for ( let i = 0; i < count; i++ ) {
		const key = firstKey + i;
		const slot = base + Math.floor( ( i * quarters ) / count ) * quarter;
		const allDay = i % 25 === 24;
		const start = allDay ? startOfUtcDay( slot ) : slot;
		const e = event( key, base, {
			title: '',
			start,
			end: start + ( allDay ? DAY : 30 * MINUTE ),
			allDay,
		} );
		e.title = `Booking #${ key } – ${ e.invitee.name }`;
		events.push( e );
	}
	return events;
}

/**
 * One provider's store. Each gets its own copies of the events, because
 * an API write detaches an event from `base` in that store only.
 *
 * @param {Object[]} events Base events.
 * @param {Function} idFor  Provider id of a base event.
 * @return {Object} The store.
 */
export function createStore( events, idFor ) {
	const store = {
		epoch: '', // part of every token; expireTokens() changes it
		seq: 0, // change counter; each record holds the value of its last change
		records: [],
		byId: new Map(),
		idFor,
	};
	expireTokens( store );
	for ( const base of events ) {
		addBase( store, base );
	}
	return store;
}

/**
 * Invalidates every token issued for the store (→ 410 on their next use).
 *
 * @param {Object} store Store.
 */
export function expireTokens( store ) {
	store.epoch = randomBytes( 4 ).toString( 'hex' );
}

/**
 * @param {Object} store Store.
 * @param {Object} base  Base event (copied).
 * @return {Object} The new record.
 */
export const addBase = ( store, base ) =>
	addRecord( store, {
		id: store.idFor( base ),
		base: { ...base },
		cancelled: base.cancelled,
	} );

/**
 * Appends a record (`{id, base|data, cancelled}`) as a change.
 *
 * @param {Object} store Store.
 * @param {Object} rec   Record.
 * @return {Object} The record.
 */
export function addRecord( store, rec ) {
	rec.seq = ++store.seq;
	store.records.push( rec );
	store.byId.set( rec.id, rec );
	return rec;
}

/**
 * Marks a record as changed now (incremental syncs will return it).
 *
 * @param {Object} store Store.
 * @param {Object} rec   Record.
 */
export function touch( store, rec ) {
	rec.seq = ++store.seq;
	if ( rec.base ) {
		rec.base.version++;
		rec.base.updated = Date.now();
	}
}

/**
 * One page: up to `limit` records from index `from` on that pass `keep`.
 * `next` is the index of the first match left over, or null on the last
 * page; pages never rescan, so a whole pass costs O(N).
 *
 * @param {Object}   store Store.
 * @param {number}   from  Cursor.
 * @param {number}   limit Page size.
 * @param {Function} keep  Filter.
 * @return {{items: Object[], next: number|null}} The page.
 */
export function scan( store, from, limit, keep ) {
	const items = [];
	for ( let i = from; i < store.records.length; i++ ) {
		const rec = store.records[ i ];
		if ( keep( rec ) ) {
			if ( items.length === limit ) {
				return { items, next: i };
			}
			items.push( rec );
		}
	}
	return { items, next: null };
}

/**
 * Seeded events to edit or cancel: live, not series masters, least recently
 * changed first, so successive control calls hit different events.
 *
 * @param {Object} store Store.
 * @param {number} count How many.
 * @return {Object[]} Records.
 */
export const pick = ( store, count ) =>
	store.records
		.filter( ( r ) => r.base && ! r.cancelled && ! r.base.recurrence )
		.sort( ( a, b ) => a.seq - b.seq )
		.slice( 0, count );

// Opaque tokens (page, sync, delta) are base64url JSON; garbage decodes to null.
export const encodeToken = ( state ) =>
	Buffer.from( JSON.stringify( state ) ).toString( 'base64url' );

export function decodeToken( token ) {
	try {
		const state = JSON.parse( Buffer.from( token, 'base64url' ) );
		return state && typeof state === 'object' ? state : null;
	} catch {
		return null;
	}
}
