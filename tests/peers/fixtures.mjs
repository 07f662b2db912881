/**
 * Stateful API fixtures: the seeded calendar as Google Calendar, Microsoft
 * Graph and Calendly serve it (paging, sync tokens, delta links), their event
 * writes, and the HubSpot / Zoho contact stores. server.mjs checks the bearer
 * token, faults and stats first, then calls `handle()`; `/__control/reset`
 * simply makes a new instance. See README.md beside this file.
 */
import {
	DAY,
	GOOGLE_EVENT_TYPES,
	MINUTE,
	addBase,
	addRecord,
	bulkEvents,
	createStore,
	decodeToken,
	defaultEvents,
	encodeToken,
	expireTokens,
	pick,
	scan,
	startOfUtcDay,
	touch,
} from './calendar.mjs';
import { hubspotRoutes, zohoRoutes } from './crm.mjs';
import {
	checkZone,
	christmasEve,
	googleSpan,
	googleTime,
	withEventZone,
} from './google-zone.mjs';
import {
	graphInstant,
	graphZone,
	inPreferredZone,
	preferredZone,
	refuseAllDay,
	refuseZones,
	zoneError,
} from './graph-zones.mjs';

export const CALENDLY_USER = 'https://api.calendly.com/users/SANDBOX';
const CALENDLY_API = 'https://api.calendly.com';

const iso = ( ms ) => new Date( ms ).toISOString();
const isObject = ( value ) =>
	value !== null && typeof value === 'object' && ! Array.isArray( value );
const pad = ( key ) => String( key ).padStart( 6, '0' );

// PATCH semantics of both APIs: objects merge, arrays and values replace.
function merge( target, patch ) {
	const out = { ...target };
	for ( const [ key, value ] of Object.entries( patch ) ) {
		out[ key ] =
			isObject( value ) && isObject( out[ key ] )
				? merge( out[ key ], value )
				: value;
	}
	return out;
}

// A page size from the query: the default when absent, capped, 0 when invalid.
function pageSize( raw, fallback, max ) {
	const size = raw === null ? fallback : Number( raw );
	return Number.isInteger( size ) && size > 0 ? Math.min( size, max ) : 0;
}

// Start/end of a record in ms: from its base event, or parsed from API JSON.
const span = ( rec, parse ) =>
	rec.base
		? [ rec.base.start, rec.base.end ]
		: [ parse( rec.data.start ), parse( rec.data.end ) ];
const overlaps = ( [ start, end ], min, max ) =>
	( min === null || end > min ) && ( max === null || start < max );

// ---- Google Calendar --------------------------------------------------------

// Google ids are base32hex; instances are "<series id>_<original start>".
const googleId = ( b ) =>
	b.seriesKey
		? `ev${ pad( b.seriesKey ) }_${ iso( b.originalStart )
				.replace( /[-:]|\.\d+/g, '' )
				.slice( 0, 16 ) }`
		: `ev${ pad( b.key ) }`;
const googleEtag = ( seq ) => `"${ 3300000000000000 + seq }"`;
const googleError = ( code, reason, message ) => [
	code,
	{
		error: {
			code,
			message,
			errors: [ { domain: 'global', reason, message } ],
		},
	},
];
// events.list (Calendar v3 discovery document): parameters a syncToken request refuses.
const GOOGLE_NOT_WITH_SYNC = [
	'iCalUID',
	'orderBy',
	'privateExtendedProperty',
	'q',
	'sharedExtendedProperty',
	'timeMin',
	'timeMax',
	'updatedMin',
];
const FULL_SYNC = googleError(
	410,
	'fullSyncRequired',
	'Sync token is no longer valid, a full sync is required.'
);

// A booking's notes as people write them: a few paragraphs, a link, the invitee's answers.
const googleDescription = ( b ) =>
	[
		`<p>Booked online by ${ b.invitee.name } (${ b.invitee.email }).</p>`,
		'<p>Please arrive five minutes early. If you need to reschedule, use the link in your confirmation e-mail at least 24 hours before the appointment; later changes may be charged.</p>',
		'<ul><li>Service: consultation</li><li>Duration: as booked</li><li>Payment: on site</li></ul>',
		`<p>Answers to the booking questions:<br>What would you like to discuss? Planning for the next quarter, budget review and the open items from booking #${ b.key }.<br>How did you hear about us? Recommendation.</p>`,
		'<p><a href="https://booking.example.com/manage">Manage this booking</a></p>',
	].join( '' );

const googleConference = ( b ) => ( {
	entryPoints: [
		{
			entryPointType: 'video',
			uri: `https://meet.google.com/sbx-${ pad( b.key ) }`,
			label: `meet.google.com/sbx-${ pad( b.key ) }`,
		},
		{
			entryPointType: 'phone',
			uri: 'tel:+1-555-0100',
			label: '+1 555-0100',
			pin: String( 100000 + b.key ),
		},
	],
	conferenceSolution: {
		key: { type: 'hangoutsMeet' },
		name: 'Google Meet',
		iconUri: 'https://example.com/meet-icon.png',
	},
	conferenceId: `sbx-${ pad( b.key ) }`,
} );

// `zone`: the calendar's (google-zone.mjs).
function renderGoogle( rec, user, zone ) {
	const b = rec.base;
	const time = ( ms ) => googleTime( ms, b.allDay, zone, withEventZone( b ) );
	const event = {
		kind: 'calendar#event',
		etag: googleEtag( rec.seq ),
		id: rec.id,
		status: rec.cancelled ? 'cancelled' : 'confirmed',
		htmlLink: `https://www.google.com/calendar/event?eid=${ rec.id }`,
		created: iso( b.created ),
		updated: iso( b.updated ),
		summary: b.title,
		creator: { email: user.email, self: true },
		organizer: { email: user.email, self: true },
		start: time( b.start ),
		end: time( b.end ),
		iCalUID: `${ rec.id.split( '_' )[ 0 ] }@google.com`,
		sequence: b.version,
		description: googleDescription( b ),
		attendees: [
			{
				email: user.email,
				organizer: true,
				self: true,
				responseStatus: 'accepted',
			},
			{
				email: b.invitee.email,
				displayName: b.invitee.name,
				responseStatus: 'accepted',
			},
			{
				email: `assistant+${ b.key }@example.org`,
				optional: true,
				responseStatus: 'needsAction',
			},
		],
		hangoutLink: `https://meet.google.com/sbx-${ pad( b.key ) }`,
		conferenceData: googleConference( b ),
		reminders: { useDefault: true },
		eventType: b.eventType || 'default',
	};
	if ( b.location ) {
		event.location = b.location;
	}
	if ( b.recurrence ) {
		event.recurrence = b.recurrence;
	}
	if ( b.seriesKey ) {
		event.recurringEventId = `ev${ pad( b.seriesKey ) }`;
		event.originalStartTime = time( b.originalStart );
	}
	return event;
}

// ---- Microsoft Graph --------------------------------------------------------

// Graph ids are long base64; the "=" makes clients URL-encode them.
const graphId = ( key ) => `AAMkAGSandbox${ pad( key ) }AAA=`;
const graphTime = ( ms ) => ( {
	dateTime: iso( ms ).replace( 'Z', '0000' ),
	timeZone: 'UTC',
} );
// Graph times carry no offset: wall time in `timeZone` (graph-zones.mjs).
const graphMs = graphInstant;
const graphError = ( status, code, message ) => [
	status,
	{ error: { code, message } },
];
const GRAPH_NOT_FOUND = graphError(
	404,
	'ErrorItemNotFound',
	'The specified object was not found in the store.'
);

// OData `$select` on one event, as Graph answers it (event-get: "use $select to return only the
// properties you need"): the named properties plus `id` and `@odata.etag`; a name the event type
// does not have is a 400, never silently dropped.
function graphSelect( event, select ) {
	if ( select === null ) {
		return [ 200, event ];
	}
	const names = select.split( ',' ).map( ( name ) => name.trim() );
	const unknown = names.find( ( name ) => ! ( name in event ) );
	if ( unknown !== undefined ) {
		return graphError(
			400,
			'RequestBroker--ParseUri',
			`Could not find a property named '${ unknown }' on type 'microsoft.graph.event'.`
		);
	}
	const picked = { '@odata.etag': event[ '@odata.etag' ], id: event.id };
	for ( const name of names ) {
		picked[ name ] = event[ name ];
	}
	return [ 200, picked ];
}

// Sets the fields Graph changes on every write.
function stampGraph( data, rec ) {
	data.changeKey = Buffer.from( `peer-change-${ rec.seq }` ).toString(
		'base64'
	);
	data[ '@odata.etag' ] = `W/"${ data.changeKey }"`;
	data.lastModifiedDateTime = iso( Date.now() );
	return data;
}

const graphLocation = ( name ) => ( {
	displayName: name,
	locationType: 'default',
	uniqueIdType: name ? 'private' : 'unknown',
	...( name
		? {
				uniqueId: name,
				address: {
					street: 'Main St 4',
					city: 'Springfield',
					state: '',
					countryOrRegion: 'US',
					postalCode: '12345',
				},
			}
		: {} ),
} );

const graphPreview = ( b ) =>
	`Booked online by ${ b.invitee.name }. Please arrive five minutes early. ________________________________________________________________________________ Microsoft Teams meeting Join on your computer, mobile app or room device`;

// An Outlook invitation body as Graph returns it (event resource examples): a whole HTML
// document with the sender's styles and a Teams join block, 5-6 KB for every event.
function graphBody( b, user ) {
	const style =
		'<style type="text/css" style="display:none">\r\n<!--\r\np\r\n\t{margin-top:0;\r\n\tmargin-bottom:0}\r\n-->\r\n</style>';
	const line = '_'.repeat( 80 );
	const teams = ( text ) =>
		`<span style="font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;font-size:14px;color:#252424">${ text }</span>`;
	const notes = [
		`Booked online by ${ b.invitee.name } (${ b.invitee.email }).`,
		'Please arrive five minutes early. If you need to reschedule, use the link in your confirmation e-mail at least 24 hours before the appointment; later changes may be charged.',
		`Answers to the booking questions: planning for the next quarter, budget review and the open items from booking #${ b.key }.`,
	]
		.map(
			( text ) =>
				`<div style="font-family:Calibri,Arial,Helvetica,sans-serif;font-size:12pt;color:rgb(0,0,0)">${ text }</div>`
		)
		.join( '\r\n' );
	const join = [
		`<div style="width:100%;height:20px"><span style="white-space:nowrap;color:#5F5F5F;opacity:.36">${ line }</span></div>`,
		`<div class="me-email-text" lang="en-US" style="color:#252424;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">`,
		`<div style="margin-top:24px;margin-bottom:20px">${ teams( '<b>Microsoft Teams meeting</b>' ) }</div>`,
		`<div style="margin-bottom:20px"><div style="margin-top:0;margin-bottom:0;font-weight:bold">${ teams( 'Join on your computer, mobile app or room device' ) }</div>`,
		`<a class="me-email-headline" href="https://teams.example.com/l/meetup-join/19%3ameeting_${ pad( b.key ) }%40thread.v2/0?context=%7b%22Tid%22%3a%22sandbox%22%2c%22Oid%22%3a%22sandbox-user%22%7d" target="_blank" rel="noreferrer noopener" style="font-size:14px;font-family:'Segoe UI Semibold','Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;text-decoration:underline;color:#6264a7">Click here to join the meeting</a></div>`,
		`<div style="margin-bottom:20px;margin-top:20px"><div style="margin-bottom:4px">${ teams( 'Meeting ID: 212 345 678 901' ) }<br>${ teams( 'Passcode: Sbx' + pad( b.key ) ) }</div>`,
		`<div style="font-size:14px"><a class="me-email-link" href="https://www.example.com/en-us/microsoft-teams/download-app" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">Download Teams</a> | <a class="me-email-link" href="https://www.example.com/microsoft-teams/join-a-meeting" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">Join on the web</a></div></div>`,
		`<div style="margin-bottom:24px;margin-top:20px"><a class="me-email-link" href="https://aka.example.com/JoinTeamsMeeting" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">Learn more</a> | <a class="me-email-link" href="https://teams.example.com/meetingOptions/?organizerId=sandbox-user&amp;tenantId=sandbox&amp;threadId=19_meeting_${ pad( b.key ) }@thread.v2&amp;messageId=0&amp;language=en-US" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">Meeting options</a></div>`,
		`<div style="font-size:12px;color:#5F5F5F">${ user.name } invited you. Questions about this booking: reply to ${ user.email }. This invitation was sent on behalf of the organizer; forwarding it lets others join the meeting.</div>`,
		'</div>',
		`<div style="width:100%;height:20px"><span style="white-space:nowrap;color:#5F5F5F;opacity:.36">${ line }</span></div>`,
	].join( '\r\n' );
	return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n${ style }\r\n</head>\r\n<body>\r\n${ notes }\r\n<div><br></div>\r\n${ join }\r\n<div><br></div>\r\n</body>\r\n</html>\r\n`;
}

function renderGraph( rec, user ) {
	const b = rec.base;
	const event = stampGraph(
		{
			id: rec.id,
			createdDateTime: iso( b.created ),
			subject: b.title,
			bodyPreview: graphPreview( b ),
			body: { contentType: 'html', content: graphBody( b, user ) },
			start: graphTime( b.start ),
			end: graphTime( b.end ),
			originalStartTimeZone: 'UTC',
			originalEndTimeZone: 'UTC',
			isAllDay: b.allDay,
			isCancelled: false,
			type: b.seriesKey ? 'occurrence' : 'singleInstance',
			seriesMasterId: b.seriesKey ? graphId( b.seriesKey ) : null,
			location: graphLocation( b.location ),
			locations: b.location ? [ graphLocation( b.location ) ] : [],
			iCalUId: `040000008200E00074C5B7101A82E008000000${ pad( b.key ) }`,
			reminderMinutesBeforeStart: 15,
			isReminderOn: true,
			hasAttachments: false,
			importance: 'normal',
			sensitivity: 'normal',
			showAs: 'busy',
			isOrganizer: true,
			responseRequested: true,
			responseStatus: {
				response: 'organizer',
				time: '0001-01-01T00:00:00Z',
			},
			webLink: `https://outlook.office365.com/owa/?itemid=${ encodeURIComponent(
				rec.id
			) }&exvsurl=1&path=/calendar/item`,
			isOnlineMeeting: true,
			onlineMeetingProvider: 'teamsForBusiness',
			onlineMeeting: {
				joinUrl: `https://teams.example.com/l/meetup-join/19%3ameeting_${ pad(
					b.key
				) }%40thread.v2/0`,
			},
			allowNewTimeProposals: true,
			categories: [],
			organizer: {
				emailAddress: { name: user.name, address: user.email },
			},
			attendees: [
				{
					type: 'required',
					status: { response: 'accepted' },
					emailAddress: {
						name: b.invitee.name,
						address: b.invitee.email,
					},
				},
			],
		},
		rec
	);
	event.lastModifiedDateTime = iso( b.updated );
	return event;
}

// ---- Calendly ----------------------------------------------------------------

const calendlyId = ( key ) =>
	`ca1e0d1a-0000-4000-8000-${ String( key ).padStart( 12, '0' ) }`;
const calendlyTime = ( ms ) => iso( ms ).replace( 'Z', '000Z' );
const calendlyError = ( status, title, message, details ) => [
	status,
	details ? { title, message, details } : { title, message },
];

// As Calendly's OpenAPI for GET /scheduled_events: min_start_time and max_start_time are UTC
// date-times ("2020-01-02T03:04:05.678123Z"); anything else is refused, never read loosely.
const CALENDLY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const calendlyTimeProblems = ( query ) =>
	[ 'min_start_time', 'max_start_time' ]
		.filter(
			( name ) =>
				query.has( name ) &&
				! (
					CALENDLY_TIME.test( query.get( name ) ) &&
					Number.isFinite( Date.parse( query.get( name ) ) )
				)
		)
		.map( ( parameter ) => ( {
			parameter,
			message: 'is not a valid UTC date-time',
		} ) );

function renderCalendly( rec, user ) {
	const b = rec.base;
	const uri = `${ CALENDLY_API }/scheduled_events/${ rec.id }`;
	const event = {
		uri,
		name: b.title,
		status: rec.cancelled ? 'canceled' : 'active',
		start_time: calendlyTime( b.start ),
		end_time: calendlyTime( b.end ),
		event_type: `${ CALENDLY_API }/event_types/SANDBOX`,
		location: { type: 'physical', location: b.location || 'Online' },
		invitees_counter: { total: 1, active: rec.cancelled ? 0 : 1, limit: 1 },
		created_at: calendlyTime( b.created ),
		updated_at: calendlyTime( b.updated ),
		event_memberships: [
			{
				user: CALENDLY_USER,
				user_email: user.email,
				user_name: user.name,
			},
		],
		event_guests: [],
	};
	if ( rec.cancelled ) {
		event.cancellation = {
			canceled_by: b.invitee.name,
			reason: 'Something came up',
			canceler_type: 'invitee',
			created_at: event.updated_at,
		};
	}
	return event;
}

/**
 * @param {Object} options
 * @param {string} options.issuer Peer origin, for Graph's and Calendly's next links.
 * @param {Object} options.user   `{email, name}` of the sandbox account.
 * @return {{handle: Function, calendar: Function}} Router and control.
 */
export function createFixtures( { issuer, user } ) {
	const base = startOfUtcDay( Date.now() ); // the seeded calendar starts today
	let cal; // provider -> store
	let created = 0; // ids of events created through the API
	let nextKey; // next base event key, for "add"
	let googleZone = 'UTC'; // the Google calendar's zone, for "zone"

	function seed( events ) {
		const noMasters = events.filter( ( e ) => ! e.recurrence );
		cal = {
			google: createStore( events, googleId ),
			microsoft: createStore( noMasters, ( b ) => graphId( b.key ) ),
			calendly: createStore( noMasters, ( b ) => calendlyId( b.key ) ),
		};
		cal.microsoft.transactions = new Map(); // transactionId -> record
		nextKey = events.length + 1;
		// Google-only event types that are no bookings (events.list lists them unless
		// `eventTypes` leaves them out): a working location and a birthday, today.
		for ( const eventType of [ 'workingLocation', 'birthday' ] ) {
			const [ e ] = bulkEvents( 1, base, nextKey++ );
			Object.assign( e, { eventType, allDay: true, end: e.start + DAY } );
			e.start = startOfUtcDay( e.start );
			e.end = e.start + DAY;
			e.title = eventType === 'birthday' ? 'Birthday' : 'Home';
			addBase( cal.google, e );
		}
	}
	seed( defaultEvents( base ) );

	const googleView = ( rec ) =>
		rec.data || renderGoogle( rec, user, googleZone );
	const graphView = ( rec ) => rec.data || renderGraph( rec, user );

	// Stops rendering `rec` from its base event: it is API JSON from now on.
	function detach( rec, view, patch ) {
		rec.data = merge( view( rec ), patch );
		rec.base = null;
	}

	function googleList( { query } ) {
		const store = cal.google;
		const size = pageSize( query.get( 'maxResults' ), 250, 2500 );
		if ( ! size ) {
			return googleError(
				400,
				'invalid',
				'Invalid value for: maxResults'
			);
		}
		const pageToken = query.get( 'pageToken' );
		let state; // everything a page token has to remember
		if ( pageToken ) {
			state = decodeToken( pageToken );
			if ( ! state ) {
				return googleError(
					400,
					'invalid',
					'Invalid page token value'
				);
			}
			if ( state.e !== store.epoch ) {
				return FULL_SYNC;
			}
		} else {
			let since = null;
			const syncToken = query.get( 'syncToken' );
			if ( syncToken ) {
				// events.list: these "cannot be specified together with nextSyncToken".
				if (
					GOOGLE_NOT_WITH_SYNC.some( ( name ) => query.has( name ) )
				) {
					return googleError(
						400,
						'invalid',
						'Sync token cannot be used with other request restrictions.'
					);
				}
				const token = decodeToken( syncToken );
				if ( token?.e !== store.epoch ) {
					return FULL_SYNC;
				}
				since = token.s;
			}
			const time = ( name ) =>
				query.has( name ) ? Date.parse( query.get( name ) ) : null;
			state = {
				e: store.epoch,
				i: 0,
				q: store.seq, // the next sync token starts here
				since,
				single: query.get( 'singleEvents' ) === 'true',
				deleted: query.get( 'showDeleted' ) === 'true',
				min: time( 'timeMin' ),
				max: time( 'timeMax' ),
				props: query.getAll( 'privateExtendedProperty' ),
				types: query.getAll( 'eventTypes' ),
			};
			if ( Number.isNaN( state.min ) || Number.isNaN( state.max ) ) {
				return googleError( 400, 'invalid', 'Bad timeMin or timeMax' );
			}
			if (
				state.types.some( ( t ) => ! GOOGLE_EVENT_TYPES.includes( t ) )
			) {
				return googleError( 400, 'invalid', 'Invalid event type.' );
			}
		}
		// Cheap checks first: a full pass over 10,000 events renders none.
		const keep = ( rec ) => {
			if ( state.since !== null ) {
				if ( rec.seq <= state.since ) {
					return false;
				}
			} else if ( rec.cancelled && ! state.deleted ) {
				return false; // a full sync shows deleted events only on request
			}
			const b = rec.base;
			const master = b ? b.recurrence : rec.data.recurrence;
			const instance = b ? b.seriesKey : rec.data.recurringEventId;
			if ( state.single ? master : instance ) {
				return false;
			}
			const type = ( b ? b.eventType : rec.data.eventType ) || 'default';
			// Unset: every type (events.list `eventTypes`).
			if ( state.types?.length && ! state.types.includes( type ) ) {
				return false;
			}
			const own = b ? {} : rec.data.extendedProperties?.private || {};
			return (
				state.props.every( ( pair ) => {
					const [ key, ...value ] = pair.split( '=' );
					return own[ key ] === value.join( '=' );
				} ) &&
				overlaps( googleSpan( rec, googleZone ), state.min, state.max )
			);
		};
		const { items, next } = scan( store, state.i, size, keep );
		const body = {
			kind: 'calendar#events',
			etag: googleEtag( store.seq ),
			summary: user.email,
			updated: iso( Date.now() ),
			timeZone: googleZone,
			accessRole: 'owner',
			defaultReminders: [],
			items: items.map( googleView ),
		};
		if ( next === null ) {
			body.nextSyncToken = encodeToken( { e: store.epoch, s: state.q } );
		} else {
			body.nextPageToken = encodeToken( { ...state, i: next } );
		}
		return [ 200, body ];
	}

	// Google refuses a start or end holding both a date and a dateTime, and a start and end of
	// different kinds (an all-day start with a timed end). Nulls clear a field on PATCH.
	function googleRefusesTimes( event ) {
		const kind = ( t ) =>
			( t?.date ?? null ) !== null
				? 'date'
				: ( t?.dateTime ?? null ) !== null && 'dateTime';
		for ( const key of [ 'start', 'end' ] ) {
			const t = event[ key ];
			if (
				( t?.date ?? null ) !== null &&
				( t?.dateTime ?? null ) !== null
			) {
				return googleError( 400, 'invalid', `Invalid ${ key } time.` );
			}
		}
		if ( kind( event.start ) !== kind( event.end ) ) {
			return googleError(
				400,
				'invalid',
				'Start and end times must either both be date or both be dateTime.'
			);
		}
		return null;
	}

	function googleWrite( method, { params, body } ) {
		const store = cal.google;
		const rec = store.byId.get( params[ 0 ] );
		if ( ! rec ) {
			return googleError( 404, 'notFound', 'Not Found' );
		}
		if ( method === 'DELETE' ) {
			if ( rec.cancelled ) {
				return googleError(
					410,
					'deleted',
					'Resource has been deleted'
				);
			}
			detach( rec, googleView, { status: 'cancelled' } );
		} else if ( isObject( body ) ) {
			const after = merge( googleView( rec ), body );
			const refused = googleRefusesTimes( after );
			if ( refused ) {
				return refused;
			}
			detach( rec, googleView, body );
		} else {
			return googleError( 400, 'parseError', 'Parse Error' );
		}
		touch( store, rec );
		rec.cancelled = rec.data.status === 'cancelled';
		rec.data.etag = googleEtag( rec.seq );
		rec.data.updated = iso( Date.now() );
		return method === 'DELETE' ? [ 204 ] : [ 200, rec.data ];
	}

	function googleCreate( { body } ) {
		const when = ( t ) => isObject( t ) && ( t.dateTime || t.date );
		if ( ! when( body?.start ) ) {
			return googleError( 400, 'required', 'Missing start time.' );
		}
		if ( ! when( body.end ) ) {
			return googleError( 400, 'required', 'Missing end time.' );
		}
		const refused = googleRefusesTimes( body );
		if ( refused ) {
			return refused;
		}
		const rec = addRecord( cal.google, {
			id: `evapi${ pad( ++created ) }`,
			cancelled: false,
		} );
		const now = iso( Date.now() );
		rec.data = {
			kind: 'calendar#event',
			...body,
			id: rec.id,
			etag: googleEtag( rec.seq ),
			status: 'confirmed',
			htmlLink: `https://www.google.com/calendar/event?eid=${ rec.id }`,
			created: now,
			updated: now,
			creator: { email: user.email, self: true },
			organizer: { email: user.email, self: true },
			iCalUID: `${ rec.id }@google.com`,
			sequence: 0,
		};
		return [ 200, rec.data ];
	}

	function graphDelta( { query, headers } ) {
		const store = cal.microsoft;
		const zone = preferredZone( headers );
		if ( zone !== undefined && ! graphZone( zone ) ) {
			return zoneError( zone );
		}
		const asked = /odata\.maxpagesize=(\d+)/.exec( headers.prefer || '' );
		const size = asked ? pageSize( asked[ 1 ], 50, 1000 ) || 50 : 50;
		const token =
			query.get( '$skiptoken' ) ?? query.get( '$deltatoken' ) ?? null;
		let state;
		if ( token !== null ) {
			const saved = decodeToken( token );
			if ( saved?.e !== store.epoch ) {
				return graphError(
					410,
					'syncStateNotFound',
					'The sync state generation is not found; do a full sync.'
				);
			}
			// A delta link starts a new round of changes since its `s`.
			state = query.has( '$skiptoken' )
				? saved
				: { ...saved, i: 0, q: store.seq, since: saved.s };
		} else {
			const min = Date.parse( query.get( 'startDateTime' ) );
			const max = Date.parse( query.get( 'endDateTime' ) );
			if ( Number.isNaN( min ) || Number.isNaN( max ) ) {
				return graphError(
					400,
					'ErrorInvalidParameter',
					'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.'
				);
			}
			state = {
				e: store.epoch,
				i: 0,
				q: store.seq,
				since: null,
				min,
				max,
			};
		}
		const keep = ( rec ) =>
			( state.since === null
				? ! rec.cancelled
				: rec.seq > state.since ) &&
			overlaps( span( rec, graphMs ), state.min, state.max );
		const { items, next } = scan( store, state.i, size, keep );
		const link = `${ issuer }/api/microsoft/v1.0/me/calendarView/delta?`;
		const body = {
			'@odata.context': `${ issuer }/api/microsoft/v1.0/$metadata#Collection(event)`,
			value: items.map( ( rec ) =>
				rec.cancelled
					? {
							'@odata.type': '#microsoft.graph.event',
							id: rec.id,
							'@removed': { reason: 'deleted' },
						}
					: inPreferredZone( graphView( rec ), headers )
			),
		};
		if ( next === null ) {
			const { e, q, min, max } = state;
			body[ '@odata.deltaLink' ] =
				link + '$deltatoken=' + encodeToken( { e, s: q, min, max } );
		} else {
			body[ '@odata.nextLink' ] =
				link + '$skiptoken=' + encodeToken( { ...state, i: next } );
		}
		return [
			200,
			body,
			asked
				? { 'Preference-Applied': `odata.maxpagesize=${ size }` }
				: {},
		];
	}

	function graphCreate( { body } ) {
		const store = cal.microsoft;
		if ( ! isObject( body ) ) {
			return graphError(
				400,
				'ErrorInvalidRequest',
				'Empty Payload. JSON content expected.'
			);
		}
		const refused = refuseZones( body ) ?? refuseAllDay( body );
		if ( refused ) {
			return refused;
		}
		// Graph's idempotency: a repeated transactionId gets the first event back.
		const seen = body.transactionId
			? store.transactions.get( body.transactionId )
			: undefined;
		if ( seen ) {
			return [ 201, graphView( seen ) ];
		}
		const rec = addRecord( store, {
			id: graphId( `api${ pad( ++created ) }` ),
			cancelled: false,
		} );
		rec.data = stampGraph(
			{
				...body,
				id: rec.id,
				originalStartTimeZone: body.start?.timeZone,
				originalEndTimeZone: body.end?.timeZone,
				createdDateTime: iso( Date.now() ),
				isCancelled: false,
				type: 'singleInstance',
			},
			rec
		);
		if ( body.transactionId ) {
			store.transactions.set( body.transactionId, rec );
		}
		return [ 201, rec.data ];
	}

	function graphWrite( method, { params, body, headers, query } ) {
		const store = cal.microsoft;
		const rec = store.byId.get( params[ 0 ] );
		if ( ! rec || rec.cancelled ) {
			return GRAPH_NOT_FOUND;
		}
		if ( method === 'GET' ) {
			const zone = preferredZone( headers );
			return zone !== undefined && ! graphZone( zone )
				? zoneError( zone )
				: graphSelect(
						inPreferredZone( graphView( rec ), headers ),
						query.get( '$select' )
					);
		}
		if ( method === 'DELETE' ) {
			rec.cancelled = true;
			touch( store, rec );
			return [ 204 ];
		}
		if ( ! isObject( body ) ) {
			return graphError(
				400,
				'ErrorInvalidRequest',
				'Empty Payload. JSON content expected.'
			);
		}
		const refused =
			refuseZones( body ) ??
			refuseAllDay( merge( graphView( rec ), body ) );
		if ( refused ) {
			return refused;
		}
		const zones = {};
		for ( const [ key, field ] of [
			[ 'start', 'originalStartTimeZone' ],
			[ 'end', 'originalEndTimeZone' ],
		] ) {
			if ( body[ key ] ) {
				zones[ field ] = body[ key ].timeZone;
			}
		}
		detach( rec, graphView, { ...body, ...zones } );
		touch( store, rec );
		return [ 200, stampGraph( rec.data, rec ) ];
	}

	function calendlyList( { query } ) {
		const store = cal.calendly;
		const who = query.get( 'user' );
		if ( ! who && ! query.get( 'organization' ) ) {
			return calendlyError(
				400,
				'Invalid Argument',
				'One of user, organization or group is required.'
			);
		}
		if ( who && who !== CALENDLY_USER ) {
			return calendlyError(
				403,
				'Permission Denied',
				'You do not have permission to access this resource.'
			);
		}
		const badTimes = calendlyTimeProblems( query );
		if ( badTimes.length ) {
			return calendlyError(
				400,
				'Invalid Argument',
				'The supplied parameters are invalid.',
				badTimes
			);
		}
		const count = pageSize( query.get( 'count' ), 20, 100 );
		const pageToken = query.get( 'page_token' );
		let state = pageToken ? decodeToken( pageToken ) : null;
		if ( ! count || ( pageToken && state?.e !== store.epoch ) ) {
			return calendlyError(
				400,
				'Invalid Argument',
				'The supplied parameters are invalid.'
			);
		}
		if ( ! state ) {
			const time = ( name ) =>
				query.has( name ) ? Date.parse( query.get( name ) ) : null;
			state = {
				e: store.epoch,
				i: 0,
				min: time( 'min_start_time' ),
				max: time( 'max_start_time' ),
				status: query.get( 'status' ),
			};
		}
		const keep = ( rec ) =>
			( ! state.status ||
				state.status === ( rec.cancelled ? 'canceled' : 'active' ) ) &&
			( state.min === null || rec.base.start >= state.min ) &&
			( state.max === null || rec.base.start < state.max );
		const { items, next } = scan( store, state.i, count, keep );
		let nextToken = null;
		let nextPage = null;
		if ( next !== null ) {
			nextToken = encodeToken( { ...state, i: next } );
			const url = new URL( `${ issuer }/api/calendly/scheduled_events` );
			url.search = query.toString();
			url.searchParams.set( 'page_token', nextToken );
			nextPage = url.href;
		}
		return [
			200,
			{
				collection: items.map( ( rec ) => renderCalendly( rec, user ) ),
				pagination: {
					count: items.length,
					next_page: nextPage,
					previous_page: null,
					next_page_token: nextToken,
					previous_page_token: null,
				},
			},
		];
	}

	function calendlyEvent( { params }, invitees ) {
		const rec = cal.calendly.byId.get( params[ 0 ] );
		if ( ! rec ) {
			return calendlyError(
				404,
				'Resource Not Found',
				'The server could not find the requested resource.'
			);
		}
		const event = renderCalendly( rec, user );
		if ( ! invitees ) {
			return [ 200, { resource: event } ];
		}
		const invitee = {
			uri: `${ event.uri }/invitees/${ rec.id }`,
			email: rec.base.invitee.email,
			name: rec.base.invitee.name,
			status: event.status,
			timezone: 'UTC',
			event: event.uri,
			created_at: event.created_at,
			updated_at: event.updated_at,
			rescheduled: false,
			questions_and_answers: [],
		};
		return [
			200,
			{
				collection: [ invitee ],
				pagination: {
					count: 1,
					next_page: null,
					previous_page: null,
					next_page_token: null,
					previous_page_token: null,
				},
			},
		];
	}

	const GOOGLE_EVENTS = /^\/calendar\/v3\/calendars\/primary\/events$/;
	const GOOGLE_EVENT =
		/^\/calendar\/v3\/calendars\/primary\/events\/([^/]+)$/;
	const GRAPH_EVENT = /^\/v1\.0\/me\/events\/([^/]+)$/;
	const CALENDLY_EVENT = /^\/scheduled_events\/([^/]+)$/;
	const routes = {
		google: [
			[ 'GET', GOOGLE_EVENTS, googleList ],
			[ 'POST', GOOGLE_EVENTS, googleCreate ],
			[
				'GET',
				GOOGLE_EVENT,
				( { params } ) => {
					const rec = cal.google.byId.get( params[ 0 ] );
					return rec
						? [ 200, googleView( rec ) ]
						: googleError( 404, 'notFound', 'Not Found' );
				},
			],
			[ 'PATCH', GOOGLE_EVENT, ( r ) => googleWrite( 'PATCH', r ) ],
			[ 'DELETE', GOOGLE_EVENT, ( r ) => googleWrite( 'DELETE', r ) ],
		],
		microsoft: [
			[ 'GET', /^\/v1\.0\/me\/calendarView\/delta$/, graphDelta ],
			[ 'POST', /^\/v1\.0\/me\/events$/, graphCreate ],
			[ 'GET', GRAPH_EVENT, ( r ) => graphWrite( 'GET', r ) ],
			[ 'PATCH', GRAPH_EVENT, ( r ) => graphWrite( 'PATCH', r ) ],
			[ 'DELETE', GRAPH_EVENT, ( r ) => graphWrite( 'DELETE', r ) ],
		],
		calendly: [
			[ 'GET', /^\/scheduled_events$/, calendlyList ],
			[ 'GET', CALENDLY_EVENT, ( r ) => calendlyEvent( r, false ) ],
			[
				'GET',
				/^\/scheduled_events\/([^/]+)\/invitees$/,
				( r ) => calendlyEvent( r, true ),
			],
		],
		hubspot: hubspotRoutes(),
		zoho: zohoRoutes(),
	};

	return {
		/**
		 * Answers one API request, or null when no stateful route matches.
		 *
		 * @param {string}          id      Provider id.
		 * @param {string}          method  HTTP method.
		 * @param {string}          path    Path below /api/<id>.
		 * @param {URLSearchParams} query   Query.
		 * @param {*}               body    Parsed JSON body (null when empty).
		 * @param {Object}          headers Request headers (lower-case names).
		 * @return {Array|null} `[status, body, headers]`.
		 */
		handle( id, method, path, query, body, headers ) {
			for ( const [ verb, pattern, handler ] of routes[ id ] || [] ) {
				const match = verb === method && pattern.exec( path );
				if ( match ) {
					let params;
					try {
						params = match.slice( 1 ).map( decodeURIComponent );
					} catch {
						return [ 400, { error: 'malformed path' } ];
					}
					return handler( { params, query, body, headers } );
				}
			}
			return null;
		},

		/**
		 * A Calendly scheduled event for a webhook delivery (push.mjs): an
		 * existing one by UUID, or a new booking from tomorrow on, added to all
		 * three calendars as the owner would get it. `cancel` cancels it in
		 * Calendly (its invitee cancelled).
		 *
		 * @param {Object}  input
		 * @param {string}  [input.uuid]   Existing scheduled event.
		 * @param {boolean} [input.cancel] Cancel it.
		 * @return {{event: Object, invitee: {name: string, email: string}}} Rendered event and its invitee.
		 */
		calendlyBooking( { uuid, cancel = false } = {} ) {
			let rec;
			if ( uuid ) {
				rec = cal.calendly.byId.get( uuid );
				if ( ! rec ) {
					throw new Error( `unknown scheduled event ${ uuid }` );
				}
			} else {
				const now = Date.now();
				const [ e ] = bulkEvents(
					1,
					startOfUtcDay( now ) + DAY,
					nextKey++
				);
				e.created = e.updated = now;
				Object.values( cal ).forEach( ( store ) =>
					addBase( store, e )
				);
				rec = cal.calendly.byId.get( calendlyId( e.key ) );
			}
			if ( cancel && ! rec.cancelled ) {
				rec.cancelled = true;
				touch( cal.calendly, rec );
			}
			const invitee = rec.base?.invitee ?? { name: '', email: '' };
			return { event: renderCalendly( rec, user ), invitee };
		},

		/**
		 * POST /__control/calendar: changes the calendar as the account owner
		 * would, in all three calendar stores alike; `zone` and `christmas-eve` in Google's only
		 * (its calendar zone, and the coming 24 December in that zone: google-zone.mjs).
		 *
		 * @param {Object} input
		 * @param {string} input.action  edit, cancel, add, seed, expire-sync-tokens, zone or christmas-eve.
		 * @param {number} [input.count] How many events (default 1).
		 * @param {string} [input.zone]  IANA zone, for "zone" (reset: UTC).
		 * @return {Object} `{ok, action, count}`; christmas-eve adds `date` and `events` (ids, titles).
		 */
		calendar( { action, count = 1, zone } ) {
			if ( ! Number.isInteger( count ) || count < 0 || count > 100000 ) {
				throw new Error( 'count must be an integer from 0 to 100000' );
			}
			const stores = Object.values( cal );
			let changed = count;
			switch ( action ) {
				case 'seed':
					seed( bulkEvents( count, base ) );
					break;
				case 'add': {
					// New bookings from tomorrow on, made just now.
					const now = Date.now();
					const events = bulkEvents(
						count,
						startOfUtcDay( now ) + DAY,
						nextKey
					);
					nextKey += count;
					for ( const e of events ) {
						e.created = e.updated = now;
						stores.forEach( ( store ) => addBase( store, e ) );
					}
					break;
				}
				case 'edit':
				case 'cancel':
					for ( const store of stores ) {
						const recs = pick( store, count );
						changed = Math.min( changed, recs.length );
						for ( const rec of recs ) {
							if ( action === 'cancel' ) {
								rec.cancelled = true;
							} else {
								// Rescheduled: all-day events by a day, others by 30 min.
								const step = rec.base.allDay
									? DAY
									: 30 * MINUTE;
								rec.base.start += step;
								rec.base.end += step;
							}
							touch( store, rec );
						}
					}
					break;
				case 'expire-sync-tokens':
					expireTokens( cal.google );
					expireTokens( cal.microsoft );
					changed = 0;
					break;
				case 'zone':
					googleZone = checkZone( zone );
					return { ok: true, action, count: 0, zone: googleZone };
				case 'christmas-eve': {
					const eve = christmasEve( googleZone, Date.now(), nextKey );
					nextKey += eve.events.length;
					const events = eve.events.map( ( e ) => {
						const { id } = addBase( cal.google, e );
						return { id, title: e.title, allDay: e.allDay };
					} );
					return {
						ok: true,
						action,
						count: events.length,
						date: eve.date,
						events,
					};
				}
				default:
					throw new Error(
						'action must be edit, cancel, add, seed, expire-sync-tokens, zone or christmas-eve'
					);
			}
			return { ok: true, action, count: changed };
		},
	};
}
