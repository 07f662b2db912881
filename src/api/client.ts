/**
 * The boundary between the admin app and `syncwarden/v1`: every response is parsed with a
 * schema here, so components only ever see data of the shape they expect.
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';
import * as z from 'zod/mini';

export const NAMESPACE = '/syncwarden/v1';

/** An error the UI can show as-is. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly status: number | null,
		/** Field name → what is wrong with it (WordPress's `data.params` on a 400). */
		readonly fieldErrors: Record< string, string > = {}
	) {
		super( message );
		this.name = 'ApiError';
	}
}

const wpErrorSchema = z.object( {
	code: z.string(),
	message: z.string(),
	data: z.optional(
		z.nullable(
			z.object( {
				status: z.optional( z.number() ),
				params: z.optional( z.record( z.string(), z.string() ) ),
			} )
		)
	),
} );

/**
 * Turns whatever api-fetch rejected with into an ApiError with a readable message.
 * @param reason What api-fetch rejected with.
 */
export function toApiError( reason: unknown ): ApiError {
	if ( reason instanceof ApiError ) {
		return reason;
	}
	const wpError = wpErrorSchema.safeParse( reason );
	if ( wpError.success ) {
		const { code, message, data } = wpError.data;
		return new ApiError(
			message,
			code,
			data?.status ?? null,
			data?.params ?? {}
		);
	}
	return new ApiError(
		__(
			'SyncWarden could not reach this site’s REST API. Check your connection and reload the page.',
			'syncwarden'
		),
		'network_error',
		null
	);
}

type RequestOptions = {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	data?: Record< string, unknown >;
};

/**
 * Calls a SyncWarden route and validates the response against `schema`.
 */
export async function request< Schema extends z.ZodMiniType >(
	path: string,
	schema: Schema,
	options: RequestOptions = {}
): Promise< z.infer< Schema > > {
	let body: unknown;
	try {
		body = await apiFetch( {
			path: NAMESPACE + path,
			method: options.method ?? 'GET',
			data: options.data,
		} );
	} catch ( reason ) {
		throw toApiError( reason );
	}
	const parsed = schema.safeParse( body );
	if ( ! parsed.success ) {
		throw invalidResponse( path );
	}
	return parsed.data;
}

function invalidResponse( path: string ): ApiError {
	return new ApiError(
		sprintf(
			/* translators: %s: REST route, e.g. /syncwarden/v1/status */
			__(
				'The server sent an unexpected answer for %s. Reload the page; if it persists, another plugin may be altering REST responses.',
				'syncwarden'
			),
			NAMESPACE + path
		),
		'invalid_response',
		null
	);
}

/** A page of results and the total count WordPress sends in X-WP-Total. */
export type Page< T > = { items: T; total: number };

/** GET with paging headers: the body is validated like request(), the total read from headers. */
export async function requestPage< Schema extends z.ZodMiniType >(
	path: string,
	schema: Schema
): Promise< Page< z.infer< Schema > > > {
	let response: Response;
	try {
		response = await apiFetch< Response, false >( {
			path: NAMESPACE + path,
			parse: false,
		} );
	} catch ( reason ) {
		// With parse: false, api-fetch rejects with the raw Response of an error status.
		throw toApiError(
			typeof Response !== 'undefined' && reason instanceof Response
				? await reason.json().catch( () => reason )
				: reason
		);
	}
	const parsed = schema.safeParse(
		await response.json().catch( () => undefined )
	);
	if ( ! parsed.success ) {
		throw invalidResponse( path );
	}
	return {
		items: parsed.data,
		total: Number( response.headers.get( 'X-WP-Total' ) ?? 0 ),
	};
}
