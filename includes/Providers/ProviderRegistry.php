<?php
/**
 * The supported providers, in display order.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Providers;

defined( 'ABSPATH' ) || exit;

/**
 * Lookup by id; the only list of providers in the plugin.
 */
final class ProviderRegistry {

	/**
	 * Providers keyed by id.
	 *
	 * @var array<string, Provider>
	 */
	private array $providers = array();

	/**
	 * Constructor.
	 *
	 * @param Provider ...$providers Supported providers.
	 */
	public function __construct( Provider ...$providers ) {
		foreach ( $providers as $provider ) {
			$this->providers[ $provider->id() ] = $provider;
		}
	}

	/**
	 * The default set.
	 */
	public static function default(): self {
		return new self( new GoogleProvider(), new MicrosoftProvider(), new HubSpotProvider(), new ZohoProvider(), new CalendlyProvider() );
	}

	/**
	 * All providers in display order.
	 *
	 * @return array<string, Provider>
	 */
	public function all(): array {
		return $this->providers;
	}

	/**
	 * A provider by id, or null when unknown.
	 *
	 * @param string $id Provider id.
	 */
	public function get( string $id ): ?Provider {
		return $this->providers[ $id ] ?? null;
	}

	/**
	 * Provider ids.
	 *
	 * @return string[]
	 */
	public function ids(): array {
		return array_keys( $this->providers );
	}
}
