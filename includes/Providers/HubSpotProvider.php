<?php
/**
 * HubSpot CRM.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Contacts only: write to create/update, read to find an existing contact by email.
 */
final class HubSpotProvider implements ExportTarget {

	use StandardOAuth;

	public function id(): string {
		return 'hubspot';
	}

	public function label(): string {
		return __( 'HubSpot', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://developers.hubspot.com/docs/api/creating-an-app';
	}

	public function default_endpoints(): array {
		return array(
			'authorize' => 'https://app.hubspot.com/oauth/authorize',
			'token'     => 'https://api.hubapi.com/oauth/v3/token',
			'revoke'    => 'https://api.hubapi.com/oauth/v3/token/revoke',
			'api_base'  => 'https://api.hubapi.com',
		);
	}

	public function feature_scopes(): array {
		return array( 'export' => array( 'crm.objects.contacts.write', 'crm.objects.contacts.read' ) );
	}

	public function base_scopes(): array {
		return array( 'oauth' );
	}

	public function authorize_params(): array {
		return array();
	}

	public function test_request(): array {
		return array(
			'path'  => '/account-info/v3/details',
			'shape' => array(
				'portalId' => 'int',
				'uiDomain' => '?string',
			),
		);
	}

	public function account_label( array $data ): string {
		/* translators: %d: HubSpot account (portal) id */
		return sprintf( __( 'HubSpot account %d', 'syncwarden' ), $data['portalId'] );
	}

	public function account_ref( array $data ): string {
		return (string) $data['portalId'];
	}

	public function sharable_fields(): array {
		return BookingFormat::CONTACT_FIELDS;
	}

	public function map_booking( array $shared ): array {
		[ $first, $last ] = BookingFormat::split_name( $shared['customer_name'] ?? '' );
		return array(
			'properties' => array_filter(
				array(
					'email'     => $shared['customer_email'] ?? '', // Required: PayloadBuilder::missing() skips bookings without one.
					'firstname' => $first,
					'lastname'  => $last,
					'phone'     => $shared['customer_phone'] ?? '',
				),
				'strlen'
			),
		);
	}

	public function export_request( string $operation, array $payload, ?string $external_id ): ?array {
		return match ( $operation ) {
			'create' => BookingFormat::request( 'POST', '/crm/v3/objects/contacts', $payload, array( 'id' => 'string' ) ),
			'update' => BookingFormat::request( 'PATCH', '/crm/v3/objects/contacts/' . rawurlencode( (string) $external_id ), $payload, array( 'id' => 'string' ) ),
			default  => null, // A cancelled booking does not delete the contact.
		};
	}

	public function exported_id( array $response ): string {
		return $response['id'];
	}

	public function find_exported( int $booking_id, array $payload ): ?array {
		return array(
			'path'  => '/crm/v3/objects/contacts/' . rawurlencode( (string) $payload['properties']['email'] ) . '?idProperty=email',
			'shape' => array( 'id' => 'string' ),
			'id'    => static fn( array $found ): ?string => $found['id'] ?? null,
		);
	}

	public function supports_revocation(): bool {
		return true;
	}

	public function revocation_ends_account_grant(): bool {
		return false; // Each authorization is its own grant with its own refresh token.
	}

	public function disconnect_advice(): string {
		return __( 'HubSpot revoked the refresh token; the app no longer has access to your portal.', 'syncwarden' );
	}
}
