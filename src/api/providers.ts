import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors ProvidersController::describe() in PHP. The client secret itself never appears. */
export const providerSchema = z.object( {
	id: z.string(),
	label: z.string(),
	source: z.enum( [ 'constant', 'database', 'none' ] ),
	/** Who defined constant credentials: the site's wp-config.php or the dev sandbox (npm start). */
	constant_origin: z.optional( z.enum( [ 'wp-config', 'sandbox' ] ) ),
	client_id: z.nullable( z.string() ),
	has_client_secret: z.boolean(),
	client_secret_state: z.enum( [ 'set', 'missing', 'unreadable' ] ),
	updated_at: z.nullable( z.number() ),
	redirect_uri: z.string(),
	// Plain permalinks put a query string in the redirect URI: the provider documents that it
	// refuses that (refused), or its documentation does not say whether it accepts it (unconfirmed).
	redirect_uri_refused: z.boolean(),
	redirect_uri_unconfirmed: z.boolean(),
	console_url: z.string(),
	// Not every provider offers every feature (HubSpot and Zoho only export).
	feature_scopes: z.record( z.string(), z.array( z.string() ) ),
	base_scopes: z.array( z.string() ),
	supports_revocation: z.boolean(),
	// Calendly only: the OAuth app's webhook signing key, described (never the key itself).
	webhook_signing_key: z.nullable(
		z.object( {
			source: z.enum( [ 'constant', 'database', 'none' ] ),
			state: z.enum( [ 'set', 'missing', 'unreadable' ] ),
			updated_at: z.nullable( z.number() ),
		} )
	),
} );

export type Provider = z.infer< typeof providerSchema >;

export function fetchProviders(): Promise< Provider[] > {
	return request( '/providers', z.array( providerSchema ) );
}

export function saveCredentials(
	provider: string,
	clientId: string,
	clientSecret?: string
): Promise< Provider > {
	const data: Record< string, string > = { client_id: clientId };
	if ( clientSecret !== undefined ) {
		data.client_secret = clientSecret;
	}
	return request( `/providers/${ provider }/credentials`, providerSchema, {
		method: 'PUT',
		data,
	} );
}

export function removeClientSecret( provider: string ): Promise< Provider > {
	return request(
		`/providers/${ provider }/credentials/secret`,
		providerSchema,
		{ method: 'DELETE' }
	);
}

/** Stores the OAuth app's webhook signing key, or (null) forgets it. */
export function saveSigningKey(
	provider: string,
	key: string | null
): Promise< Provider > {
	return request(
		`/providers/${ provider }/webhook-signing-key`,
		providerSchema,
		key === null
			? { method: 'DELETE' }
			: { method: 'PUT', data: { signing_key: key } }
	);
}
