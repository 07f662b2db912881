import { addQueryArgs } from '@wordpress/url';
import * as z from 'zod/mini';

import { requestPage } from './client';

/** Mirrors BookingsRepository rows in PHP. Text is shown through React, which escapes it. */
export const bookingSchema = z.object( {
	id: z.number(),
	title: z.string(),
	starts_at: z.number(),
	ends_at: z.number(),
	timezone: z.string(),
	// All-day bookings: their dates in their zone, the end exclusive (null for timed ones).
	all_day: z.boolean(),
	start_date: z.nullable( z.string() ),
	end_date: z.nullable( z.string() ),
	status: z.enum( [ 'confirmed', 'cancelled' ] ),
	customer_name: z.string(),
	customer_email: z.string(),
	customer_phone: z.string(),
	notes: z.string(),
	source: z.string(),
} );

export type Booking = z.infer< typeof bookingSchema >;
export type BookingFilters = {
	search?: string;
	source?: string;
	status?: string;
};

export function fetchBookings(
	filters: BookingFilters,
	page: number,
	perPage = 25
) {
	const query = Object.fromEntries(
		Object.entries( { ...filters, page, per_page: perPage } ).filter(
			( [ , value ] ) => value !== undefined && value !== ''
		)
	);
	return requestPage(
		addQueryArgs( '/bookings', query ),
		z.array( bookingSchema )
	);
}
