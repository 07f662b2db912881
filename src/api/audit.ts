import { addQueryArgs } from '@wordpress/url';
import * as z from 'zod/mini';

import { request, requestPage } from './client';

/** Mirrors AuditLog::entry() in PHP: identifiers and field names, never values. */
export const auditEntrySchema = z.object( {
	id: z.number(),
	time: z.number(),
	user_id: z.number(),
	user: z.string(),
	event: z.string(),
	result: z.enum( [ 'ok', 'failed', 'refused' ] ),
	connection_id: z.nullable( z.number() ),
	booking_id: z.nullable( z.number() ),
	provider: z.string(),
	fields: z.array( z.string() ),
	context: z.record( z.string(), z.unknown() ),
} );

export type AuditEntry = z.infer< typeof auditEntrySchema >;

export type AuditFilters = {
	action?: string;
	result?: string;
	provider?: string;
	search?: string;
	from?: number;
	to?: number;
};

/** Only filters that are set go into the query string (empty means "any"). */
function query( filters: AuditFilters & { page?: number; per_page?: number } ) {
	return Object.fromEntries(
		Object.entries( filters ).filter(
			( [ , value ] ) => value !== undefined && value !== ''
		)
	);
}

export function fetchAudit(
	filters: AuditFilters,
	page: number,
	perPage = 25
) {
	return requestPage(
		addQueryArgs(
			'/audit',
			query( { ...filters, page, per_page: perPage } )
		),
		z.array( auditEntrySchema )
	);
}

export function exportAudit( filters: AuditFilters ) {
	return request(
		addQueryArgs( '/audit/export', query( filters ) ),
		z.object( { filename: z.string(), csv: z.string() } )
	);
}
