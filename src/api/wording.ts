import { __, sprintf } from '@wordpress/i18n';

/** Plain words for the scopes SyncWarden requests; anything else is shown as-is. */
const SCOPES: Record< string, string > = {
	'https://www.googleapis.com/auth/calendar.events.readonly': __(
		'See events in your calendars',
		'syncwarden'
	),
	'https://www.googleapis.com/auth/calendar.events': __(
		'See and change events in your calendars',
		'syncwarden'
	),
	offline_access: __(
		'Stay connected without you signing in again',
		'syncwarden'
	),
	'User.Read': __( 'See your account name', 'syncwarden' ),
	'Calendars.Read': __( 'See events in your calendars', 'syncwarden' ),
	'Calendars.ReadWrite': __(
		'See and change events in your calendars',
		'syncwarden'
	),
	oauth: __( 'Basic app access', 'syncwarden' ),
	'crm.objects.contacts.write': __(
		'Create and update contacts',
		'syncwarden'
	),
	'crm.objects.contacts.read': __(
		'Find existing contacts by email',
		'syncwarden'
	),
	'ZohoCRM.users.READ': __( 'See your user name', 'syncwarden' ),
	'ZohoCRM.modules.contacts.CREATE': __( 'Create contacts', 'syncwarden' ),
	'ZohoCRM.modules.contacts.READ': __(
		'Find existing contacts by email',
		'syncwarden'
	),
	'ZohoCRM.modules.contacts.UPDATE': __(
		'Update existing contacts',
		'syncwarden'
	),
	'users:read': __( 'See your account name', 'syncwarden' ),
	'scheduled_events:read': __( 'See your scheduled events', 'syncwarden' ),
	'webhooks:write': __(
		'Be notified when your scheduled events change',
		'syncwarden'
	),
};

export function describeScope( scope: string ): string {
	return SCOPES[ scope ] ?? scope;
}

export const FEATURE_LABELS: Record< string, string > = {
	import: __( 'Import events as bookings', 'syncwarden' ),
	export: __( 'Send bookings to this service', 'syncwarden' ),
};

/** Explanations for the result codes the OAuth callback sends the administrator back with. */
export function describeResult(
	code: string,
	provider: string
): { status: 'success' | 'error'; message: string } {
	const messages: Record< string, string > = {
		connected: sprintf(
			/* translators: %s: provider name */ __(
				'%s is connected.',
				'syncwarden'
			),
			provider
		),
		access_denied: sprintf(
			/* translators: %s: provider name */ __(
				'Access was declined at %s, so nothing was connected.',
				'syncwarden'
			),
			provider
		),
		provider_error: sprintf(
			/* translators: %s: provider name */ __(
				'%s reported an error and nothing was connected. Try again; if it persists, check the app settings at the provider.',
				'syncwarden'
			),
			provider
		),
		state_missing: __(
			'The answer from the provider could not be matched to a connection you started. Nothing was stored; start again from this page.',
			'syncwarden'
		),
		state_invalid: __(
			'This connection link was already used or is unknown. Nothing was stored; start again from this page.',
			'syncwarden'
		),
		state_expired: __(
			'The connection took longer than 10 minutes to complete. Nothing was stored; start again.',
			'syncwarden'
		),
		state_foreign: __(
			'This connection was started by another administrator. Nothing was stored; start your own from this page.',
			'syncwarden'
		),
		state_provider: __(
			'The provider’s answer arrived at the wrong address. Nothing was stored; check the redirect URI registered with the provider.',
			'syncwarden'
		),
		exchange_failed: sprintf(
			/* translators: %s: provider name */ __(
				'%s did not complete the connection (the code could not be exchanged). Nothing was stored; try again.',
				'syncwarden'
			),
			provider
		),
		config_error: sprintf(
			/* translators: %s: provider name */ __(
				'The connection to %s was refused for security reasons (endpoint, certificate or data centre not trusted). Nothing was stored.',
				'syncwarden'
			),
			provider
		),
		client_refused: sprintf(
			/* translators: %s: provider name */ __(
				'%s refused the client ID or secret. Check both under Settings (they must be the ones of the app registered with the provider), then connect again. Nothing was stored.',
				'syncwarden'
			),
			provider
		),
		issuer_mismatch: __(
			'The answer claimed to come from a different authorization server than the one you were sent to (a possible mix-up attack). Nothing was stored.',
			'syncwarden'
		),
		connect_superseded: __(
			'Another connection to this service finished while this one was in progress (a second tab or administrator). This one was not stored and its access was revoked; check the connection shown and reconnect if it is not the account you want.',
			'syncwarden'
		),
		vault_unavailable: __(
			'SyncWarden cannot encrypt tokens on this site, so nothing was stored. See the Encryption section under Settings.',
			'syncwarden'
		),
		login_required: __(
			'Your login expired during the connection. Log in and connect again.',
			'syncwarden'
		),
		forbidden: __(
			'Only administrators can connect services.',
			'syncwarden'
		),
		unknown_provider: __(
			'A provider sent you back to a SyncWarden address that belongs to no service SyncWarden knows, so nothing was connected. Check that the redirect URI registered with the provider is exactly the one shown under Settings, then connect again from this page.',
			'syncwarden'
		),
	};
	return {
		status: code === 'connected' ? 'success' : 'error',
		message:
			messages[ code ] ??
			__(
				'The connection did not complete. Nothing was stored.',
				'syncwarden'
			),
	};
}

/** Plain words for audit events; unknown ones are shown as recorded. */
const EVENTS: Record< string, string > = {
	'credentials.saved': __( 'Client credentials saved', 'syncwarden' ),
	'credentials.secret_removed': __( 'Client secret removed', 'syncwarden' ),
	'credentials.signing_key_saved': __(
		'Calendly webhook signing key saved',
		'syncwarden'
	),
	'credentials.signing_key_removed': __(
		'Calendly webhook signing key removed',
		'syncwarden'
	),
	'credentials.removed': __( 'Client credentials removed', 'syncwarden' ),
	'connection.authorize_started': __( 'Connection started', 'syncwarden' ),
	'connection.connected': __( 'Connected', 'syncwarden' ),
	'connection.failed': __( 'Connection failed', 'syncwarden' ),
	'connection.refreshed': __( 'Token refreshed', 'syncwarden' ),
	'connection.refresh_failed': __( 'Token refresh failed', 'syncwarden' ),
	'connection.disconnected': __( 'Disconnected', 'syncwarden' ),
	'connection.revoked_all': __( 'All connections revoked', 'syncwarden' ),
	'connection.kept_bookings_adopted': __(
		'Kept bookings taken back after reconnecting',
		'syncwarden'
	),
	'connection.replaced_grant_revoked': __(
		'Replaced access revoked after reconnecting',
		'syncwarden'
	),
	'connection.concurrent_refused': __(
		'Simultaneous connection refused',
		'syncwarden'
	),
	'vault.key_changed': __( 'Encryption key changed', 'syncwarden' ),
	'vault.reencrypt_started': __( 'Re-encryption started', 'syncwarden' ),
	'vault.reencrypt_finished': __( 'Re-encryption finished', 'syncwarden' ),
	'booking.created': __( 'Booking created', 'syncwarden' ),
	'booking.updated': __( 'Booking changed', 'syncwarden' ),
	'booking.cancelled': __( 'Booking cancelled', 'syncwarden' ),
	'sharing.changed': __( 'Data sharing changed', 'syncwarden' ),
	'booking.imported': __( 'Booking imported', 'syncwarden' ),
	'sync.imported': __( 'Sync finished', 'syncwarden' ),
	'sync.failed': __( 'Sync failed', 'syncwarden' ),
	'export.sent': __( 'Booking sent', 'syncwarden' ),
	'export.failed': __( 'Sending failed (will retry)', 'syncwarden' ),
	'export.parked': __( 'Sending needs attention', 'syncwarden' ),
	'export.skipped': __(
		'Not sent: a detail the service needs is missing',
		'syncwarden'
	),
	'export.retried': __( 'Sending retried', 'syncwarden' ),
	'privacy.erased': __( 'Personal data erased', 'syncwarden' ),
	security_event: __( 'Webhook refused (security event)', 'syncwarden' ),
	'push.subscribed': __( 'Webhooks subscribed', 'syncwarden' ),
	'push.subscribe_failed': __( 'Webhook subscription failed', 'syncwarden' ),
	'push.renewed': __( 'Webhook subscription renewed', 'syncwarden' ),
	'push.renew_failed': __( 'Webhook renewal failed', 'syncwarden' ),
	'push.unsubscribed': __( 'Webhooks unsubscribed', 'syncwarden' ),
	'sources.saved': __( 'Booking plugin settings saved', 'syncwarden' ),
	'sources.backfilled': __(
		'Existing bookings sent from a booking plugin',
		'syncwarden'
	),
	'source.failed': __(
		'A booking from a booking plugin could not be processed',
		'syncwarden'
	),
	'source.refused': __(
		'A booking from a booking plugin was not taken (a detail is missing or invalid)',
		'syncwarden'
	),
	'source.remote_change': __(
		'Calendar change to a booking from a booking plugin not applied',
		'syncwarden'
	),
	'push.unsubscribe_failed': __(
		'Webhook unsubscription failed',
		'syncwarden'
	),
};

export function describeEvent( event: string ): string {
	return EVENTS[ event ] ?? event;
}

export const EVENT_OPTIONS = Object.entries( EVENTS ).map(
	( [ value, label ] ) => ( {
		value,
		label,
	} )
);

/** Booking fields as administrators know them. */
export const FIELD_LABELS: Record< string, string > = {
	title: __( 'Booking title', 'syncwarden' ),
	starts_at: __( 'Start time', 'syncwarden' ),
	ends_at: __( 'End time', 'syncwarden' ),
	timezone: __( 'Time zone', 'syncwarden' ),
	all_day: __( 'Whether it lasts all day', 'syncwarden' ),
	customer_name: __( 'Customer name', 'syncwarden' ),
	customer_email: __( 'Customer e-mail', 'syncwarden' ),
	customer_phone: __( 'Customer phone', 'syncwarden' ),
	notes: __( 'Notes', 'syncwarden' ),
};

/** "Sync now" result in words. */
export function describeSync( result: {
	created: number;
	updated: number;
	cancelled: number;
	skipped: boolean;
} ): string {
	if ( result.skipped ) {
		return __(
			'A sync of this connection is already running.',
			'syncwarden'
		);
	}
	return sprintf(
		/* translators: 1: new bookings, 2: changed bookings, 3: cancelled bookings */
		__(
			'Sync finished: %1$d new, %2$d changed, %3$d cancelled.',
			'syncwarden'
		),
		result.created,
		result.updated,
		result.cancelled
	);
}
