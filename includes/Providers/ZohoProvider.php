<?php
/**
 * Zoho CRM.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Zoho CRM provider description.
 */
final class ZohoProvider implements Provider {

	public function id(): string {
		return 'zoho';
	}

	public function label(): string {
		return __( 'Zoho CRM', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://api-console.zoho.com/';
	}
}
