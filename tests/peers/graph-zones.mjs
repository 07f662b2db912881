/**
 * Microsoft Graph's dateTimeTimeZone as the real service treats it: `timeZone` must be a Windows
 * zone id or one of the IANA names Graph documents, otherwise 400 TimeZoneNotSupportedException;
 * `dateTime` is wall time in that zone; `Prefer: outlook.timezone="…"` renders start/end in the
 * named zone (named as asked, so Windows names when asked for a Windows zone), UTC without it.
 *
 * References: microsoftgraph/microsoft-graph-docs-contrib
 * api-reference/v1.0/resources/datetimetimezone.md (Windows zones + "Additional time zones"),
 * api-reference/v1.0/api/event-delta.md and user-list-calendarview.md (Prefer: outlook.timezone).
 * Windows ids and their zones come from CLDR windowsZones (unicode-org/cldr
 * common/supplemental/windowsZones.xml) via tools/zone-table.php → windows-zones.json.
 */
import { readFileSync } from 'node:fs';

import { offsetAt, wallInstant } from './zone-time.mjs';

const { windows: WINDOWS } = JSON.parse(
	readFileSync( new URL( './windows-zones.json', import.meta.url ) )
);

// The documented "Additional time zones". Where the page writes "Europe/Kyiv (Kiev)",
// "Asia/Yangon (Rangoon)", "Asia/Toshkent (Tashkent)" or "Asia/Astana (Almaty)", the peer
// accepts only the real IANA names among them.
const GRAPH_IANA = new Set(
	`Etc/GMT+12 Etc/GMT+11 Pacific/Honolulu America/Anchorage America/Santa_Isabel
	America/Los_Angeles America/Phoenix America/Chihuahua America/Denver America/Guatemala
	America/Chicago America/Mexico_City America/Regina America/Bogota America/New_York
	America/Indiana/Indianapolis America/Caracas America/Asuncion America/Halifax America/Cuiaba
	America/La_Paz America/Santiago America/St_Johns America/Sao_Paulo
	America/Argentina/Buenos_Aires America/Cayenne America/Godthab America/Montevideo
	America/Bahia Etc/GMT+2 Atlantic/Azores Atlantic/Cape_Verde Africa/Casablanca Etc/GMT
	Europe/London Atlantic/Reykjavik Europe/Berlin Europe/Budapest Europe/Paris Europe/Warsaw
	Africa/Lagos Africa/Windhoek Europe/Bucharest Asia/Beirut Africa/Cairo Asia/Damascus
	Africa/Johannesburg Europe/Kyiv Europe/Kiev Europe/Istanbul Asia/Jerusalem Asia/Amman
	Asia/Baghdad Europe/Kaliningrad Asia/Riyadh Africa/Nairobi Asia/Tehran Asia/Dubai Asia/Baku
	Europe/Moscow Indian/Mauritius Asia/Tbilisi Asia/Yerevan Asia/Kabul Asia/Karachi
	Asia/Tashkent Asia/Kolkata Asia/Colombo Asia/Kathmandu Asia/Almaty Asia/Dhaka
	Asia/Yekaterinburg Asia/Yangon Asia/Rangoon Asia/Bangkok Asia/Novosibirsk Asia/Shanghai
	Asia/Krasnoyarsk Asia/Singapore Australia/Perth Asia/Taipei Asia/Ulaanbaatar Asia/Irkutsk
	Asia/Tokyo Asia/Seoul Australia/Adelaide Australia/Darwin Australia/Brisbane Australia/Sydney
	Pacific/Port_Moresby Australia/Hobart Asia/Yakutsk Pacific/Guadalcanal Asia/Vladivostok
	Pacific/Auckland Etc/GMT-12 Pacific/Fiji Asia/Magadan Pacific/Tongatapu Pacific/Apia
	Pacific/Kiritimati`.split( /\s+/ )
);

/**
 * The IANA zone behind a name Graph accepts, or null for a name Graph refuses.
 *
 * @param {*} name timeZone value.
 * @return {string|null} IANA zone.
 */
export function graphZone( name ) {
	if ( typeof name !== 'string' ) {
		return null;
	}
	if ( Object.hasOwn( WINDOWS, name ) ) {
		return WINDOWS[ name ];
	}
	return GRAPH_IANA.has( name ) ? name : null;
}

/**
 * Graph's error for a zone it does not support.
 *
 * @param {*} name The refused value.
 * @return {Array} [status, body].
 */
export const zoneError = ( name ) => [
	400,
	{
		error: {
			code: 'TimeZoneNotSupportedException',
			message: `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${
				typeof name === 'string' ? name : ''
			}'.`,
		},
	},
];

/**
 * The instant of a Graph { dateTime, timeZone } (NaN when unreadable).
 *
 * @param {Object} t dateTimeTimeZone.
 * @return {number} Epoch ms.
 */
export function graphInstant( t ) {
	const text = t?.dateTime;
	if ( typeof text !== 'string' ) {
		return NaN;
	}
	if ( /(Z|[+-]\d\d:\d\d)$/.test( text ) ) {
		return Date.parse( text );
	}
	const wall = Date.parse( `${ text.slice( 0, 23 ) }Z` );
	return wallInstant( wall, graphZone( t.timeZone ) ?? 'UTC' );
}

/**
 * An instant as Graph renders it in a zone: seven fractional digits, no offset.
 *
 * @param {number} ms   Epoch ms.
 * @param {string} name Zone name as asked (Windows or IANA).
 * @return {{dateTime: string, timeZone: string}} dateTimeTimeZone.
 */
export function graphRender( ms, name = 'UTC' ) {
	const zone = graphZone( name ) ?? 'UTC';
	const wall = new Date( ms + offsetAt( ms, zone ) ).toISOString();
	return { dateTime: wall.replace( 'Z', '0000' ), timeZone: name };
}

/**
 * The zone asked for in `Prefer: outlook.timezone="…"`: undefined when absent.
 *
 * @param {Object} headers Request headers.
 * @return {string|undefined} Zone name.
 */
export function preferredZone( headers ) {
	const match = /outlook\.timezone\s*=\s*"([^"]*)"/i.exec(
		headers?.prefer || ''
	);
	return match ? match[ 1 ] : undefined;
}

/**
 * The zone errors in an event body's start/end (create and PATCH), or null.
 *
 * @param {Object} body Event JSON.
 * @return {Array|null} [status, body] of the refusal.
 */
export function refuseZones( body ) {
	for ( const key of [ 'start', 'end' ] ) {
		if (
			body[ key ] !== undefined &&
			! graphZone( body[ key ]?.timeZone )
		) {
			return zoneError( body[ key ]?.timeZone );
		}
	}
	return null;
}

/**
 * An event as Graph returns it: start/end in the preferred zone (UTC by default).
 *
 * @param {Object} event   Stored event JSON.
 * @param {Object} headers Request headers.
 * @return {Object} Event JSON.
 */
export function inPreferredZone( event, headers ) {
	const zone = preferredZone( headers ) ?? 'UTC';
	const out = { ...event };
	for ( const key of [ 'start', 'end' ] ) {
		// Already as asked (the seeded calendar is in UTC): nothing to convert.
		if ( event[ key ] && event[ key ].timeZone !== zone ) {
			out[ key ] = graphRender( graphInstant( event[ key ] ), zone );
		}
	}
	return out;
}

/**
 * Graph's refusal of an all-day event whose start or end is not midnight, or whose start and end
 * are in different zones (event.md: "If true, regardless of whether it's a single-day or multi-day
 * event, start, and endtime must be set to midnight and be in the same time zone."). The error
 * code is not documented; the peer answers 400 ErrorInvalidRequest, so the refusal is what counts.
 *
 * @param {Object} event Event JSON after the write.
 * @return {Array|null} [status, body] of the refusal.
 */
export function refuseAllDay( event ) {
	if ( event.isAllDay !== true ) {
		return null;
	}
	const midnight = ( t ) =>
		/^\d{4}-\d\d-\d\dT00:00(:00(\.0+)?)?$/.test( t?.dateTime ?? '' );
	if (
		! midnight( event.start ) ||
		! midnight( event.end ) ||
		event.start.timeZone !== event.end.timeZone ||
		! ( event.end.dateTime > event.start.dateTime )
	) {
		return [
			400,
			{
				error: {
					code: 'ErrorInvalidRequest',
					message:
						'An all-day event must start and end at midnight, in the same time zone.',
				},
			},
		];
	}
	return null;
}
