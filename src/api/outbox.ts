import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors OutboxController::get_outbox() in PHP. */
export const outboxSchema = z.object( {
	backlog: z.array(
		z.object( {
			connection_id: z.number(),
			pending: z.number(),
			parked: z.number(),
		} )
	),
	parked: z.array(
		z.object( {
			id: z.number(),
			booking_id: z.number(),
			connection_id: z.number(),
			operation: z.string(),
			attempts: z.number(),
			last_error: z.string(),
			updated_at: z.number(),
		} )
	),
} );

export type OutboxState = z.infer< typeof outboxSchema >;

export function fetchOutbox(): Promise< OutboxState > {
	return request( '/outbox', outboxSchema );
}

export function retryJob( id: number ) {
	return request(
		`/outbox/${ id }/retry`,
		z.object( { retried: z.boolean() } ),
		{ method: 'POST' }
	);
}
