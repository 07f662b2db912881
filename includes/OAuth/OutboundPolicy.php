<?php
/**
 * Whether a connection's grant may be used from here, and where its requests may go.
 *
 * @package SyncWarden
 */

namespace SyncWarden\OAuth;

use SyncWarden\Http\HttpError;
use SyncWarden\Providers\Endpoints;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;

defined( 'ABSPATH' ) || exit;

/**
 * The rules TokenService applies before every outbound use of a connection, in one place: the
 * clone lock (a copy of the site uses no grant), and endpoints derived at use time from the
 * provider (a stored URL is never trusted as is: Zoho's data centre is re-checked against Zoho's
 * list, every other provider's stored URL is ignored).
 */
final class OutboundPolicy {

	/**
	 * Constructor.
	 *
	 * @param ConnectionsRepository $connections Connections.
	 * @param ProviderRegistry      $providers   Providers.
	 */
	public function __construct(
		private readonly ConnectionsRepository $connections,
		private readonly ProviderRegistry $providers
	) {
	}

	/**
	 * The connection, when its grant may be used from this site: the clone lock.
	 *
	 * @param int $id Connection id.
	 * @return array<string, mixed> Public fields.
	 * @throws HttpError AUTH_REVOKED when it is gone, SITE_COPY on a copy of the site.
	 */
	public function connection( int $id ): array {
		$connection = $this->connections->find( $id );
		if ( null === $connection ) {
			throw new HttpError( HttpError::AUTH_REVOKED, __( 'This connection no longer exists.', 'syncwarden' ) );
		}
		if ( $connection['site_moved'] ) {
			throw new HttpError( HttpError::SITE_COPY, __( 'Paused: this looks like a copy of the site the connection was made on (staging or a restored backup), so nothing is sent to the provider from here. If this is the live site, confirm it on the Connections tab.', 'syncwarden' ) );
		}
		return $connection;
	}

	/**
	 * The connection's provider.
	 *
	 * @param array $connection Connection.
	 * @throws HttpError CONFIG for a provider that is not registered (a downgrade, a tampered row).
	 */
	public function provider( array $connection ): Provider {
		$provider = $this->providers->get( (string) $connection['provider'] );
		if ( null === $provider ) {
			throw new HttpError( HttpError::CONFIG, __( 'This connection belongs to a provider SyncWarden no longer knows.', 'syncwarden' ) );
		}
		return $provider;
	}

	/**
	 * Where the connection's API calls go.
	 *
	 * @param array $connection Connection.
	 * @throws HttpError CONFIG for an unknown provider or a data centre outside the allowlist.
	 */
	public function api_base( array $connection ): string {
		$provider = $this->provider( $connection );
		return $provider->connection_api_base( Endpoints::resolve( $provider ), (string) $connection['api_base'] );
	}

	/**
	 * Where the connection refreshes (`token`) or is revoked (`revoke`).
	 *
	 * @param string $kind       `token` or `revoke`.
	 * @param array  $connection Connection.
	 * @throws HttpError CONFIG for an unknown provider or a data centre outside the allowlist.
	 */
	public function endpoint( string $kind, array $connection ): string {
		$provider = $this->provider( $connection );
		return $provider->connection_endpoint( $kind, Endpoints::resolve( $provider ), (string) $connection['token_endpoint'] );
	}

	/**
	 * The URL for a call. A link from a response (Graph's next and delta links) is followed only
	 * below the connection's own API base: the bearer token never goes anywhere else.
	 *
	 * @param string $api_base Connection's API base.
	 * @param string $path     Path or absolute URL.
	 * @throws HttpError CONFIG for an absolute URL outside the API base.
	 */
	public static function url( string $api_base, string $path ): string {
		if ( ! preg_match( '~^[a-z][a-z0-9+.-]*:~i', $path ) ) {
			return $api_base . $path;
		}
		if ( ! str_starts_with( $path, untrailingslashit( $api_base ) . '/' ) ) {
			throw new HttpError( HttpError::CONFIG, 'Refused to follow a link outside the provider’s API address.' );
		}
		return $path;
	}
}
