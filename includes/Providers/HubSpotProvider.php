<?php
/**
 * HubSpot.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * HubSpot provider description.
 */
final class HubSpotProvider implements Provider {

	public function id(): string {
		return 'hubspot';
	}

	public function label(): string {
		return __( 'HubSpot', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://developers.hubspot.com/docs/api/creating-an-app';
	}
}
