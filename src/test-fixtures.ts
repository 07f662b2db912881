import type { Connection } from './api/connections';
import type { Provider } from './api/providers';
import type { Source } from './api/sources';
import type { Status } from './api/status';
import type { VaultStatus } from './api/vault';

export const statusFixture: Status = {
	plugin_version: '0.1.0',
	wordpress_version: '6.5.5',
	php_version: '8.2.36',
	sodium: 'native',
	https: false,
	wp_cron_disabled: true,
	environment_type: 'local',
};

export const providerFixture: Provider = {
	id: 'google',
	label: 'Google Calendar',
	source: 'none',
	client_id: null,
	has_client_secret: false,
	client_secret_state: 'missing',
	updated_at: null,
	redirect_uri:
		'https://example.test/wp-json/syncwarden/v1/oauth/callback/google',
	redirect_uri_refused: false,
	redirect_uri_unconfirmed: false,
	console_url: 'https://console.cloud.google.com/apis/credentials',
	feature_scopes: {
		import: [ 'https://www.googleapis.com/auth/calendar.events.readonly' ],
		export: [ 'https://www.googleapis.com/auth/calendar.events' ],
	},
	base_scopes: [],
	supports_revocation: true,
	webhook_signing_key: null,
};

const readonlyScope =
	'https://www.googleapis.com/auth/calendar.events.readonly';
export const connectionFixture: Connection = {
	id: 3,
	provider: 'google',
	label: 'Google Calendar',
	status: 'connected',
	account_label: 'owner@example.test',
	features: {
		import: { requested: true, granted: true },
		export: { requested: false, granted: false },
	},
	requested_scopes: [ readonlyScope ],
	granted_scopes: [ readonlyScope ],
	missing_scopes: [],
	extra_scopes: [],
	access_expires_at: Math.round( Date.now() / 1000 ) + 1800,
	has_refresh_token: true,
	created_at: 1,
	last_refreshed_at: 1,
	last_error: '',
	last_error_kind: '',
	consecutive_failures: 0,
	supports_revocation: true,
	site_moved: false,
	sync: { imports: true, interval: 15, next_run: null, last_run: null },
	imported_bookings: 26,
};

export const vaultFixture: VaultStatus = {
	key_source: 'salts',
	key_fingerprint: '0123456789abcdef',
	previous_keys: 0,
	config_errors: [],
	sodium: 'native',
	secrets: { total: 0, current: 0, stale: 0, unreadable: 0 },
	reencrypt: {
		status: 'idle',
		moved: 0,
		failed: 0,
		started_at: null,
		finished_at: null,
	},
};

/** One booking plugin as GET /sources describes it (SourcesController::describe()): active, seen. */
export const sourceFixture: Source = {
	id: 'latepoint',
	label: 'LatePoint',
	detected: true,
	own_calendar_sync: [],
	installed: true,
	version: '5.6.5',
	enabled: true,
	tentative: false,
	exported: [ 'approved', 'completed', 'no_show' ],
	last_seen: {
		booking_id: 41,
		source_ref: '12',
		source_status: 'approved',
		// 2026-12-03T09:00:00Z.
		seen_at: Date.UTC( 2026, 11, 3, 9, 0, 0 ) / 1000,
	},
	busy_time_note:
		'Busy time from your connected calendars is blocked in LatePoint for every agent: those times cannot be booked.',
};

/** A booking plugin SyncWarden knows that is not installed on the site (nothing seen from it). */
export const notInstalledSourceFixture: Source = {
	...sourceFixture,
	id: 'amelia',
	label: 'Amelia',
	detected: false,
	installed: false,
	version: '',
	last_seen: null,
	busy_time_note:
		'Amelia Lite can only hide times from its booking form, not refuse them when a booking is saved.',
};

/** An api-fetch stand-in answering by path (GET) or by method + path. */
export function routeResponses( routes: Record< string, unknown > ) {
	return ( options: { path: string; method?: string } ) => {
		const key =
			options.method && options.method !== 'GET'
				? `${ options.method } ${ options.path }`
				: options.path;
		return key in routes
			? Promise.resolve( routes[ key ] )
			: Promise.reject( {
					code: 'rest_no_route',
					message: `No route ${ key }`,
					data: { status: 404 },
				} );
	};
}

/** What api-fetch resolves with for `parse: false` requests: a body and an X-WP-Total header. */
export function pageResponse( items: unknown[], total: number ) {
	return {
		json: async () => items,
		headers: {
			get: ( name: string ) =>
				name === 'X-WP-Total' ? String( total ) : null,
		},
	};
}
