<?php
/**
 * Calendly.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Calendly refresh tokens are single-use and rotate: the token service saves the new one before
 * anything else may use it.
 */
final class CalendlyProvider implements Provider {

	use StandardOAuth;
	use NoImport; // Import of scheduled events arrives in a later release.

	public function id(): string {
		return 'calendly';
	}

	public function label(): string {
		return __( 'Calendly', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://developer.calendly.com/create-a-developer-account';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://auth.calendly.com/oauth/authorize',
			'token'     => 'https://auth.calendly.com/oauth/token',
			'revoke'    => 'https://auth.calendly.com/oauth/revoke',
			'api_base'  => 'https://api.calendly.com',
		);
	}

	public function feature_scopes(): array {
		return array( 'import' => array( 'scheduled_events:read' ) );
	}

	public function base_scopes(): array {
		return array( 'users:read' );
	}

	public function authorize_params(): array {
		return array();
	}

	public function test_request(): array {
		return array(
			'path'  => '/users/me',
			'shape' => array(
				'resource' => array(
					'uri'   => 'string',
					'email' => 'string',
					'name'  => '?string',
				),
			),
		);
	}

	public function account_label( array $data ): string {
		return $data['resource']['email'];
	}

	public function sharable_fields(): array {
		return array(
			'required' => array(),
			'optional' => array(),
		);
	}

	public function map_booking( array $shared ): array {
		return array(); // Calendly is import-only.
	}

	public function export_request( string $operation, array $payload, ?string $external_id ): ?array {
		return null;
	}

	public function exported_id( array $response ): string {
		return '';
	}

	public function find_exported( int $booking_id, array $payload ): ?array {
		return null;
	}

	public function supports_revocation(): bool {
		return true;
	}

	public function disconnect_advice(): string {
		return __( 'Calendly revoked the token; the app no longer has access to your Calendly account.', 'syncwarden' );
	}
}
