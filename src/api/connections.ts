import { addQueryArgs } from '@wordpress/url';
import * as z from 'zod/mini';

import { request } from './client';

const featureState = z.object( {
	requested: z.boolean(),
	granted: z.boolean(),
} );

const lastRunSchema = z.object( {
	at: z.number(),
	result: z.enum( [ 'ok', 'incomplete', 'failed' ] ),
	duration_ms: z.number(),
	error: z.string(),
	created: z.number(),
	updated: z.number(),
	cancelled: z.number(),
	unchanged: z.number(),
	pages: z.number(),
} );

/** Mirrors Importer::status() in PHP. */
const syncStatusSchema = z.object( {
	imports: z.boolean(),
	interval: z.number(),
	next_run: z.nullable( z.number() ),
	last_run: z.nullable( lastRunSchema ),
} );

export type SyncStatus = z.infer< typeof syncStatusSchema >;

/** Minutes between automatic syncs that the server accepts (SyncIntervals::MINUTES). */
export const SYNC_INTERVALS = [ 5, 15, 30, 60, 180, 360, 720, 1440 ] as const;

/** Mirrors ConnectionsController::describe() in PHP. Tokens never appear. */
export const connectionSchema = z.object( {
	id: z.number(),
	provider: z.string(),
	label: z.string(),
	status: z.enum( [ 'connected', 'reconnect_needed' ] ),
	account_label: z.string(),
	features: z.record( z.string(), featureState ),
	requested_scopes: z.array( z.string() ),
	granted_scopes: z.array( z.string() ),
	missing_scopes: z.array( z.string() ),
	extra_scopes: z.array( z.string() ),
	access_expires_at: z.nullable( z.number() ),
	has_refresh_token: z.boolean(),
	created_at: z.number(),
	last_refreshed_at: z.nullable( z.number() ),
	last_error: z.string(),
	last_error_kind: z.string(),
	consecutive_failures: z.number(),
	supports_revocation: z.boolean(),
	site_moved: z.boolean(),
	sync: syncStatusSchema,
	/** Bookings this connection imported that are on this site now. */
	imported_bookings: z.number(),
} );

export type Connection = z.infer< typeof connectionSchema >;
export type Feature = 'import' | 'export';

export function fetchConnections(): Promise< Connection[] > {
	return request( '/connections', z.array( connectionSchema ) );
}

export async function startAuthorization(
	provider: string,
	features: Feature[]
): Promise< string > {
	const { authorize_url: url } = await request(
		`/connections/${ provider }/authorize`,
		z.object( { authorize_url: z.string() } ),
		{
			method: 'POST',
			data: { features },
		}
	);
	return url;
}

export function testConnection( id: number ) {
	return request(
		`/connections/${ id }/test`,
		z.object( {
			ok: z.boolean(),
			message: z.string(),
			connection: connectionSchema,
		} ),
		{
			method: 'POST',
		}
	);
}

const disconnectSchema = z.object( {
	remote: z.enum( [ 'revoked', 'not_supported', 'skipped', 'failed' ] ),
	message: z.string(),
} );

/** What a disconnect does with the bookings the connection imported. */
export type ImportedChoice = 'keep' | 'remove';

const disconnectedSchema = z.extend( disconnectSchema, {
	imported: z.enum( [ 'keep', 'remove' ] ),
	removed_bookings: z.number(),
	kept_bookings: z.number(),
} );

export type Disconnected = z.infer< typeof disconnectedSchema >;

export function disconnect(
	id: number,
	imported: ImportedChoice
): Promise< Disconnected > {
	// In the query string: a body on DELETE has no defined meaning and some proxies drop it.
	return request(
		addQueryArgs( `/connections/${ id }`, { imported } ),
		disconnectedSchema,
		{ method: 'DELETE' }
	);
}

export function revokeAll() {
	return request(
		'/connections/revoke-all',
		z.object( { outcomes: z.record( z.string(), disconnectSchema ) } ),
		{
			method: 'POST',
			data: { confirm: true },
		}
	);
}

const syncSchema = z.object( {
	created: z.number(),
	updated: z.number(),
	cancelled: z.number(),
	unchanged: z.number(),
	pages: z.number(),
	skipped: z.boolean(),
	connection: connectionSchema,
} );

export type SyncResult = z.infer< typeof syncSchema >;

export function syncNow( id: number ): Promise< SyncResult > {
	return request( `/connections/${ id }/sync`, syncSchema, {
		method: 'POST',
	} );
}

export function setSyncInterval(
	id: number,
	interval: number
): Promise< Connection > {
	return request( `/connections/${ id }/schedule`, connectionSchema, {
		method: 'PUT',
		data: { interval },
	} );
}

export function confirmSite( id: number ): Promise< Connection > {
	return request( `/connections/${ id }/confirm-site`, connectionSchema, {
		method: 'POST',
	} );
}
