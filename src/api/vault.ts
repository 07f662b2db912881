import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors VaultController::get_vault() in PHP: key facts, never key material. */
export const vaultSchema = z.object( {
	key_source: z.enum( [ 'constant', 'salts', 'none' ] ),
	key_fingerprint: z.nullable( z.string() ),
	previous_keys: z.number(),
	config_errors: z.array( z.string() ),
	sodium: z.enum( [ 'native', 'compat', 'missing' ] ),
	secrets: z.object( {
		total: z.number(),
		current: z.number(),
		stale: z.number(),
		unreadable: z.number(),
	} ),
	reencrypt: z.object( {
		status: z.enum( [ 'idle', 'running', 'finished' ] ),
		moved: z.number(),
		failed: z.number(),
		started_at: z.nullable( z.number() ),
		finished_at: z.nullable( z.number() ),
	} ),
} );

export type VaultStatus = z.infer< typeof vaultSchema >;

export function fetchVault(): Promise< VaultStatus > {
	return request( '/vault', vaultSchema );
}

export function startReencrypt(): Promise< VaultStatus > {
	return request( '/vault/reencrypt', vaultSchema, { method: 'POST' } );
}
