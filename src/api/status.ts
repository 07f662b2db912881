import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors StatusController::get_schema() in PHP. */
export const statusSchema = z.object( {
	plugin_version: z.string(),
	wordpress_version: z.string(),
	php_version: z.string(),
	sodium: z.enum( [ 'native', 'compat', 'missing' ] ),
	https: z.boolean(),
	wp_cron_disabled: z.boolean(),
	environment_type: z.enum( [
		'local',
		'development',
		'staging',
		'production',
	] ),
} );

export type Status = z.infer< typeof statusSchema >;

export function fetchStatus(): Promise< Status > {
	return request( '/status', statusSchema );
}
