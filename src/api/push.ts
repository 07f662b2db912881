import * as z from 'zod/mini';

import { request } from './client';

/** Providers whose importing connections receive webhooks or push notifications. */
export const PUSH_PROVIDERS = [ 'calendly', 'google', 'microsoft' ];

/** Mirrors PushController (PushSubscriptions::status) in PHP. Secrets never appear. */
export const pushSchema = z.object( {
	connection_id: z.number(),
	supported: z.boolean(),
	state: z.enum( [
		'active',
		'pending',
		'failed',
		'polling',
		'removed',
		'not_subscribed',
		'unsupported',
	] ),
	reachable: z.boolean(),
	reachability: z.enum( [
		'ok',
		'not_https',
		'private_host',
		'local_override',
	] ),
	reachability_message: z.string(),
	endpoint_url: z.string(),
	subscribed_at: z.nullable( z.number() ),
	renewed_at: z.nullable( z.number() ),
	expires_at: z.nullable( z.number() ),
	last_error: z.string(),
	renew_failures: z.number(),
	last_delivery_at: z.nullable( z.number() ),
	last_failure_at: z.nullable( z.number() ),
	last_failure: z.string(),
	refused_today: z.number(),
	// Calendly: the OAuth app's webhook signing key is not set, so every delivery is refused.
	verification_blocked: z.boolean(),
} );

export type PushState = z.infer< typeof pushSchema >;

export function fetchPush( connectionId: number ): Promise< PushState > {
	return request( `/connections/${ connectionId }/push`, pushSchema );
}

export function resubscribe( connectionId: number ): Promise< PushState > {
	return request(
		`/connections/${ connectionId }/push/resubscribe`,
		pushSchema,
		{
			method: 'POST',
		}
	);
}
