import * as z from 'zod/mini';

import { request } from './client';

/** Mirrors SettingsController::values() in PHP. */
export const settingsSchema = z.object( {
	failure_threshold: z.number(),
	failure_emails: z.boolean(),
	audit_retention_days: z.number(),
} );

export type Settings = z.infer< typeof settingsSchema >;

export function fetchSettings(): Promise< Settings > {
	return request( '/settings', settingsSchema );
}

export function saveSettings( settings: Settings ): Promise< Settings > {
	return request( '/settings', settingsSchema, {
		method: 'PUT',
		data: settings,
	} );
}
