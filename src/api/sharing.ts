import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors SharingController::describe() in PHP. */
export const sharingSchema = z.object( {
	connection_id: z.number(),
	provider: z.string(),
	label: z.string(),
	required: z.array( z.string() ),
	optional: z.array( z.string() ),
	allowed: z.array( z.string() ),
	preview: z.record( z.string(), z.unknown() ),
} );

export type Sharing = z.infer< typeof sharingSchema >;

export function fetchSharing( id: number ): Promise< Sharing > {
	return request( `/connections/${ id }/sharing`, sharingSchema );
}

export function previewSharing(
	id: number,
	allowed: string[]
): Promise< Sharing > {
	return request( `/connections/${ id }/sharing/preview`, sharingSchema, {
		method: 'POST',
		data: { allowed },
	} );
}

export function saveSharing(
	id: number,
	allowed: string[]
): Promise< Sharing > {
	return request( `/connections/${ id }/sharing`, sharingSchema, {
		method: 'PUT',
		data: { allowed },
	} );
}
