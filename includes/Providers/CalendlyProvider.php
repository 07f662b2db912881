<?php
/**
 * Calendly.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Calendly provider description.
 */
final class CalendlyProvider implements Provider {

	public function id(): string {
		return 'calendly';
	}

	public function label(): string {
		return __( 'Calendly', 'syncwarden' );
	}

	public function console_url(): string {
		return 'https://developer.calendly.com/create-a-developer-account';
	}
}
