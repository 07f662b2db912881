import { Button, SelectControl, TextControl } from '@wordpress/components';
import { dateI18n, getSettings } from '@wordpress/date';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import {
	fetchBookings,
	type Booking,
	type BookingFilters,
} from '../api/bookings';
import {
	siteDate,
	siteDateTime,
	siteCalendarDay,
	siteTime,
} from '../api/dates';
import { describeSource, sourceOptions, type Names } from '../api/names';
import { EmptyState } from '../components/EmptyState';
import { PagedTable, type Column } from '../components/PagedTable';
import { useNames } from '../hooks/useNames';
import { useServerList } from '../hooks/useServerList';

const PER_PAGE = 25;

const STATUS_OPTIONS: Array< { value: string; label: string } > = [
	{ value: '', label: __( 'Any status', 'syncwarden' ) },
	{ value: 'confirmed', label: __( 'Confirmed', 'syncwarden' ) },
	{ value: 'cancelled', label: __( 'Cancelled', 'syncwarden' ) },
];

/** "All day, December 24, 2027" or "All day, December 24, 2027 – December 26, 2027": the end date is exclusive. */
function formatAllDay( start: string, end: string ): string {
	const first = siteCalendarDay( start );
	const last = siteCalendarDay( end, -1 );
	const dates = first === last ? first : `${ first } – ${ last }`;
	/* translators: %s: a date or a range of dates */
	return sprintf( __( 'All day, %s', 'syncwarden' ), dates );
}

/** "December 1, 2026 at 9:30 am – 10:15 am" in the site's formats and time zone, as every screen. */
export function formatWhen( booking: Booking ): string {
	if ( booking.all_day && booking.start_date && booking.end_date ) {
		return formatAllDay( booking.start_date, booking.end_date );
	}
	const sameDay =
		siteDate( booking.starts_at ) === siteDate( booking.ends_at );
	return sprintf(
		/* translators: 1: start date and time, 2: end time (or date and time when it ends another day) */
		__( '%1$s – %2$s', 'syncwarden' ),
		siteDateTime( booking.starts_at ),
		sameDay ? siteTime( booking.ends_at ) : siteDateTime( booking.ends_at )
	);
}

/**
 * A booking made in another time zone than the site's also shows its own wall-clock time there,
 * so "9:30 in Berlin" is not lost when the site lives in New York.
 */
function ownZone( booking: Booking ) {
	if (
		booking.all_day ||
		booking.timezone === getSettings().timezone.string
	) {
		return null;
	}
	const time = ( seconds: number ) =>
		dateI18n(
			getSettings().formats.time,
			seconds * 1000,
			booking.timezone
		);
	return (
		<div className="description">
			{ sprintf(
				/* translators: 1: start time, 2: end time, 3: time zone name such as Europe/Berlin */
				__( '%1$s – %2$s in %3$s', 'syncwarden' ),
				time( booking.starts_at ),
				time( booking.ends_at ),
				booking.timezone
			) }
		</div>
	);
}

const columns = ( names: Names ): Column< Booking >[] => [
	{
		label: __( 'When', 'syncwarden' ),
		cell: ( booking ) => (
			<>
				{ formatWhen( booking ) }
				{ ownZone( booking ) }
			</>
		),
	},
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
		cell: ( booking ) => describeSource( booking.source, names ),
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
	const names = useNames();
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
				<SelectControl
					__nextHasNoMarginBottom
					label={ __( 'Source', 'syncwarden' ) }
					value={ draft.source }
					options={ sourceOptions( names ) }
					onChange={ set( 'source' ) }
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
				columns={ columns( names ) }
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
