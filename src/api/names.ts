import { __, sprintf } from '@wordpress/i18n';

import type { AuditEntry } from './audit';
import type { Connection } from './connections';
import type { Provider } from './providers';
import type { Source } from './sources';
import { describeResult, FEATURE_LABELS, FIELD_LABELS } from './wording';

/*
 * What the server stores as identifiers (a provider id, a booking source such as "google-1",
 * audit context keys and reason codes) in the words the rest of the screen uses. Anything not
 * known here is shown as stored, so nothing disappears.
 */

export type Names = {
	providers: Provider[];
	connections: Connection[];
	/** Booking plugins (optional: lists that show no bookings need none). */
	sources?: Source[];
};

function providerLabel( id: string, names: Names ): string {
	return names.providers.find( ( p ) => p.id === id )?.label ?? id;
}

/** "Google Calendar (ada@example.com)": the service, and which account when it is still connected. */
export function describeService(
	provider: string,
	connectionId: number | null,
	names: Names
): string {
	if ( ! provider ) {
		return '';
	}
	const label = providerLabel( provider, names );
	const account = names.connections.find(
		( c ) => c.id === connectionId && c.provider === provider
	)?.account_label;
	return account
		? sprintf(
				/* translators: 1: service name, 2: account name */
				__( '%1$s (%2$s)', 'syncwarden' ),
				label,
				account
			)
		: label;
}

/** Where a booking came from: "Imported from Google Calendar", "Added on this site", … */
export function describeSource( source: string, names: Names ): string {
	if ( 'manual' === source ) {
		return __( 'Added on this site', 'syncwarden' );
	}
	if ( 'api' === source ) {
		return __( 'Added through the REST API', 'syncwarden' );
	}
	const [ , provider = '', id = '0' ] =
		/^([a-z]+)-(\d+)$/.exec( source ) ?? [];
	if ( provider && names.providers.some( ( p ) => p.id === provider ) ) {
		return sprintf(
			/* translators: %s: service name, e.g. Google Calendar */
			__( 'Imported from %s', 'syncwarden' ),
			describeService( provider, Number( id ), names )
		);
	}
	const plugin = names.sources?.find( ( s ) => s.id === source );
	if ( plugin ) {
		return sprintf(
			/* translators: %s: booking plugin name, e.g. LatePoint */
			__( 'From %s', 'syncwarden' ),
			plugin.label
		);
	}
	return source;
}

/** The choices the Source filter offers: exactly the values the server filters on. */
export function sourceOptions(
	names: Names
): Array< { value: string; label: string } > {
	return [
		{ value: '', label: __( 'Any source', 'syncwarden' ) },
		{ value: 'manual', label: describeSource( 'manual', names ) },
		{ value: 'api', label: describeSource( 'api', names ) },
		...names.connections.map( ( c ) => {
			const value = `${ c.provider }-${ c.id }`;
			return { value, label: describeSource( value, names ) };
		} ),
		...( names.sources ?? [] )
			.filter( ( s ) => s.detected || s.last_seen )
			.map( ( s ) => ( {
				value: s.id,
				label: describeSource( s.id, names ),
			} ) ),
	];
}

const CONTEXT_LABELS: Record< string, string > = {
	created: __( 'New', 'syncwarden' ),
	updated: __( 'Changed', 'syncwarden' ),
	cancelled: __( 'Cancelled', 'syncwarden' ),
	unchanged: __( 'Unchanged', 'syncwarden' ),
	pages: __( 'Pages read', 'syncwarden' ),
	features: __( 'Allowed to', 'syncwarden' ),
	reason: __( 'Why', 'syncwarden' ),
	detail: __( 'Detail', 'syncwarden' ),
	count: __( 'How many', 'syncwarden' ),
	kind: __( 'Kind', 'syncwarden' ),
	error: __( 'Error', 'syncwarden' ),
	imported: __( 'Bookings imported from the account', 'syncwarden' ),
	imported_bookings: __( 'How many bookings', 'syncwarden' ),
	previous_id: __( 'Earlier connection', 'syncwarden' ),
};

/** What a disconnect did with the imported bookings (ImportedBookings::facts()). */
const IMPORTED_VALUES: Record< string, string > = {
	kept: __( 'kept', 'syncwarden' ),
	removed: __( 'removed from this site', 'syncwarden' ),
};

function contextValue( key: string, value: unknown, provider: string ) {
	if ( 'features' === key && Array.isArray( value ) ) {
		return value
			.map(
				( feature ) => FEATURE_LABELS[ String( feature ) ] ?? feature
			)
			.join( ', ' );
	}
	if ( 'reason' === key && typeof value === 'string' ) {
		const { message } = describeResult( value, provider );
		// describeResult words every OAuth result code; other reasons are sentences already.
		return /^[a-z_]+$/.test( value ) ? message : value;
	}
	if ( 'imported' === key && typeof value === 'string' ) {
		return IMPORTED_VALUES[ value ] ?? value;
	}
	if ( 'fields' === key && Array.isArray( value ) ) {
		return value
			.map( ( field ) => FIELD_LABELS[ String( field ) ] ?? field )
			.join( ', ' );
	}
	return typeof value === 'string' ? value : JSON.stringify( value );
}

function isEmpty( value: unknown ): boolean {
	return (
		null === value ||
		undefined === value ||
		'' === value ||
		( Array.isArray( value ) && value.length === 0 )
	);
}

/** An audit entry's details as "Label: value" parts; empty values are left out. */
export function describeDetails( entry: AuditEntry, names: Names ): string {
	const provider = providerLabel( entry.provider, names );
	const parts: string[] = Object.entries( entry.context )
		.filter( ( [ , value ] ) => ! isEmpty( value ) )
		.map( ( [ key, value ] ) =>
			sprintf(
				/* translators: 1: what a detail is, 2: its value */
				__( '%1$s: %2$s', 'syncwarden' ),
				CONTEXT_LABELS[ key ] ??
					key.charAt( 0 ).toUpperCase() +
						key.slice( 1 ).replace( /_/g, ' ' ),
				contextValue( key, value, provider )
			)
		);
	if ( entry.fields.length ) {
		parts.unshift(
			sprintf(
				/* translators: %s: booking fields, e.g. Start time, End time */
				__( 'Fields sent: %s', 'syncwarden' ),
				contextValue( 'fields', entry.fields, provider )
			)
		);
	}
	return parts.join( ' · ' );
}
