<?php
/**
 * What SyncWarden knows about one external service.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * One implementation per provider. Providers describe a service; they hold no persistence.
 */
interface Provider {

	/**
	 * Stable identifier used in routes, constants and storage: google, microsoft, hubspot, zoho, calendly.
	 */
	public function id(): string;

	/**
	 * Human-readable name.
	 */
	public function label(): string;

	/**
	 * Where an administrator registers the OAuth app and finds its client id and secret.
	 */
	public function console_url(): string;
}
