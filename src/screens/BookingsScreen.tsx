import { Button, SelectControl, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import {
	fetchBookings,
	type Booking,
	type BookingFilters,
} from '../api/bookings';
import { EmptyState } from '../components/EmptyState';
import { PagedTable, type Column } from '../components/PagedTable';
import { useServerList } from '../hooks/useServerList';

const PER_PAGE = 25;

const STATUS_OPTIONS: Array< { value: string; label: string } > = [
	{ value: '', label: __( 'Any status', 'syncwarden' ) },
	{ value: 'confirmed', label: __( 'Confirmed', 'syncwarden' ) },
	{ value: 'cancelled', label: __( 'Cancelled', 'syncwarden' ) },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** A Y-m-d date as the reader's locale writes it (read as a plain date, no zone shift). */
function formatDate( date: string, shift = 0 ): string {
	const [ year = 1970, month = 1, day = 1 ] = date.split( '-' ).map( Number );
	return new Intl.DateTimeFormat( undefined, {
		timeZone: 'UTC',
		dateStyle: 'medium',
	} ).format( Date.UTC( year, month - 1, day ) + shift );
}

/** "All day, 24 Dec 2027" or "All day, 24 Dec 2027 – 26 Dec 2027": the end date is exclusive. */
function formatAllDay( start: string, end: string ): string {
	const first = formatDate( start );
	const last = formatDate( end, -DAY_MS );
	const dates = first === last ? first : `${ first } – ${ last }`;
	/* translators: %s: a date or a range of dates */
	return sprintf( __( 'All day, %s', 'syncwarden' ), dates );
}

/** "Mon 1 Dec 2026, 09:30–10:15 (Europe/Berlin)" in the booking's own time zone. */
export function formatWhen( booking: Booking ): string {
	if ( booking.all_day && booking.start_date && booking.end_date ) {
		return formatAllDay( booking.start_date, booking.end_date );
	}
	const options: Intl.DateTimeFormatOptions = {
		timeZone: booking.timezone,
		dateStyle: 'medium',
		timeStyle: 'short',
	};
	const start = new Intl.DateTimeFormat( undefined, options ).format(
		booking.starts_at * 1000
	);
	const end = new Intl.DateTimeFormat( undefined, {
		timeZone: booking.timezone,
		timeStyle: 'short',
	} ).format( booking.ends_at * 1000 );
	return `${ start }–${ end } (${ booking.timezone })`;
}

const COLUMNS: Column< Booking >[] = [
	{ label: __( 'When', 'syncwarden' ), cell: formatWhen },
	{ label: __( 'Title', 'syncwarden' ), cell: ( booking ) => booking.title },
	{
		label: __( 'Customer', 'syncwarden' ),
		cell: ( booking ) => (
			<>
				{ booking.customer_name }
				{ booking.customer_email && (
					<div className="description">
						{ booking.customer_email }
					</div>
				) }
			</>
		),
	},
	{
		label: __( 'Status', 'syncwarden' ),
		cell: ( booking ) =>
			booking.status === 'cancelled'
				? __( 'Cancelled', 'syncwarden' )
				: __( 'Confirmed', 'syncwarden' ),
	},
	{
		label: __( 'Source', 'syncwarden' ),
		cell: ( booking ) => booking.source,
	},
];

export function BookingsScreen() {
	const [ draft, setDraft ] = useState< Required< BookingFilters > >( {
		search: '',
		source: '',
		status: '',
	} );
	const {
		resource: bookings,
		apply,
		page,
		setPage,
		filtered,
	} = useServerList< BookingFilters, Booking >( fetchBookings, PER_PAGE );
	const set = ( key: keyof BookingFilters ) => ( value: string ) =>
		setDraft( ( current ) => ( { ...current, [ key ]: value } ) );

	return (
		<div className="syncwarden-bookings">
			<form
				className="syncwarden-filters"
				onSubmit={ ( event ) => {
					event.preventDefault();
					apply( {
						search: draft.search.trim(),
						source: draft.source.trim(),
						status: draft.status,
					} );
				} }
			>
				<TextControl
					__nextHasNoMarginBottom
					type="search"
					label={ __( 'Search title or customer', 'syncwarden' ) }
					value={ draft.search }
					onChange={ set( 'search' ) }
				/>
				<TextControl
					__nextHasNoMarginBottom
					label={ __( 'Source', 'syncwarden' ) }
					value={ draft.source }
					onChange={ set( 'source' ) }
					help={ __(
						'e.g. manual, google, or a booking plugin',
						'syncwarden'
					) }
				/>
				<SelectControl
					__nextHasNoMarginBottom
					label={ __( 'Status', 'syncwarden' ) }
					value={ draft.status }
					options={ STATUS_OPTIONS }
					onChange={ set( 'status' ) }
				/>
				<Button variant="secondary" type="submit">
					{ __( 'Filter', 'syncwarden' ) }
				</Button>
			</form>
			<PagedTable
				resource={ bookings }
				columns={ COLUMNS }
				rowKey={ ( booking ) => booking.id }
				className="syncwarden-booking-list"
				page={ page }
				perPage={ PER_PAGE }
				onPage={ setPage }
				empty={
					<EmptyState
						title={
							filtered
								? __(
										'No bookings match these filters',
										'syncwarden'
									)
								: __( 'No bookings yet', 'syncwarden' )
						}
					>
						<p>
							{ __(
								'Bookings arrive from booking plugins through SyncWarden’s PHP API and, once connected, from your calendars.',
								'syncwarden'
							) }
						</p>
					</EmptyState>
				}
			/>
		</div>
	);
}
