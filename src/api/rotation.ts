import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors RotationController::get_schema() in PHP: names and timestamps, never a secret. */
export const secretAgeSchema = z.object( {
	id: z.string(),
	kind: z.enum( [ 'client_secret', 'signing_key', 'push_secret' ] ),
	provider: z.string(),
	connection_id: z.nullable( z.number() ),
	label: z.string(),
	source: z.string(),
	set_at: z.nullable( z.number() ),
	max_age_days: z.number(),
	due_at: z.nullable( z.number() ),
	overdue: z.boolean(),
} );

export const secretAgesSchema = z.object( {
	ages: z.record( z.string(), z.number() ),
	secrets: z.array( secretAgeSchema ),
} );

export type SecretAge = z.infer< typeof secretAgeSchema >;
export type SecretAges = z.infer< typeof secretAgesSchema >;

export function fetchSecretAges(): Promise< SecretAges > {
	return request( '/secret-ages', secretAgesSchema );
}
