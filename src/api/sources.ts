import * as z from 'zod/mini';

import { request } from './client';

/** StatusPolicy::STATUSES in PHP: the one vocabulary every source names its statuses in. */
export const sourceStatusSchema = z.enum( [
	'pending',
	'approved',
	'completed',
	'no_show',
	'rejected',
	'abandoned',
	'cancelled',
] );

export type SourceStatus = z.infer< typeof sourceStatusSchema >;

/** Mirrors SourceLinksRepository::last_seen() in PHP: ids and a time, no personal data. */
const lastSeenSchema = z.object( {
	booking_id: z.number(),
	source_ref: z.string(),
	source_status: sourceStatusSchema,
	seen_at: z.number(),
} );

/** Mirrors SourcesController::describe() in PHP. */
export const sourceSchema = z.object( {
	id: z.string(),
	label: z.string(),
	/** The plugin is active on this site. */
	detected: z.boolean(),
	/** Provider ids the plugin syncs its own bookings with (read only while active). */
	own_calendar_sync: z.array( z.string() ),
	/** The plugin's files are on this site (active or not). */
	installed: z.boolean(),
	/** From the plugin's header; empty when not installed. */
	version: z.string(),
	enabled: z.boolean(),
	tentative: z.boolean(),
	exported: z.array( sourceStatusSchema ),
	last_seen: z.nullable( lastSeenSchema ),
	busy_time_note: z.string(),
} );

export type Source = z.infer< typeof sourceSchema >;
export type SourceSettings = Partial< Pick< Source, 'enabled' | 'tentative' > >;

/** Backfill::MAX_DAYS in PHP. */
export const BACKFILL_MAX_DAYS = 365;

/** Mirrors Backfill::page() in PHP: one page of at most 25 of the plugin's bookings. */
const backfillPageSchema = z.object( {
	handled: z.number(),
	sent: z.number(),
	next: z.number(),
	done: z.boolean(),
} );

export type BackfillPage = z.infer< typeof backfillPageSchema >;

export function fetchSources(): Promise< Source[] > {
	return request( '/sources', z.array( sourceSchema ) );
}

export function saveSource(
	id: string,
	settings: SourceSettings
): Promise< Source > {
	return request( `/sources/${ id }`, sourceSchema, {
		method: 'PUT',
		data: settings,
	} );
}

/** One page of "send existing bookings"; `after` is the previous page's `next` (0 to start). */
export function backfillPage(
	id: string,
	days: number,
	after: number
): Promise< BackfillPage > {
	return request( `/sources/${ id }/backfill`, backfillPageSchema, {
		method: 'POST',
		data: { days, after },
	} );
}
