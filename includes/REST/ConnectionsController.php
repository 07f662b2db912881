<?php
/**
 * Connections.
 *
 * GET    /connections                        every connection with scopes, freshness and health (never a token)
 * POST   /connections/{provider}/authorize   features[] → { authorize_url }
 * POST   /connections/{id}/test              calls the provider's cheap test endpoint
 * DELETE /connections/{id}                   imported=keep|remove; revokes remotely where possible, always wipes locally
 * POST   /connections/revoke-all             confirm=true → disconnects everything (incident containment)
 * GET    /oauth/callback/{provider}          public: where the provider sends the browser back
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\SiteAddresses;
use SyncWarden\OAuth\ConnectionService;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\VaultException;
use SyncWarden\Sync\ImportedBookings;
use SyncWarden\Sync\Importer;
use SyncWarden\Sync\SyncIntervals;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only: the use cases live in ConnectionService.
 */
final class ConnectionsController {

	/**
	 * Constructor.
	 *
	 * @param ProviderRegistry      $providers   Providers.
	 * @param ConnectionsRepository $connections Connections.
	 * @param ConnectionService     $service     Use cases.
	 * @param Importer              $importer    "Sync now", schedule and sync status.
	 * @param ImportedBookings      $imported    What a disconnect does with the imported bookings.
	 */
	public function __construct(
		private readonly ProviderRegistry $providers,
		private readonly ConnectionsRepository $connections,
		private readonly ConnectionService $service,
		private readonly Importer $importer,
		private readonly ImportedBookings $imported
	) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$id = array(
			'id' => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
		);
		$router->add( '/connections', WP_REST_Server::READABLE, array( $this, 'list_connections' ) );
		$router->add(
			'/connections/(?P<provider>[a-z]+)/authorize',
			WP_REST_Server::CREATABLE,
			array( $this, 'authorize' ),
			array(
				'provider' => array( 'type' => 'string' ),
				'features' => array(
					'type'     => 'array',
					'items'    => array(
						'type' => 'string',
						'enum' => array( 'import', 'export' ),
					),
					'required' => true,
					'minItems' => 1,
				),
			)
		);
		$router->add( '/connections/(?P<id>\d+)/test', WP_REST_Server::CREATABLE, array( $this, 'test' ), $id );
		$router->add(
			'/connections/(?P<id>\d+)',
			WP_REST_Server::DELETABLE,
			array( $this, 'disconnect' ),
			$id + array(
				'imported' => array(
					'description' => __( 'Keep or remove the bookings imported from this account.', 'syncwarden' ),
					'label'       => __( 'Bookings imported from this account', 'syncwarden' ),
					'type'        => 'string',
					'enum'        => array( 'keep', 'remove' ),
					'default'     => 'keep', // What a disconnect always did.
				),
			)
		);
		$router->add( '/connections/(?P<id>\d+)/sync', WP_REST_Server::CREATABLE, array( $this, 'sync_now' ), $id );
		$router->add( '/connections/(?P<id>\d+)/confirm-site', WP_REST_Server::CREATABLE, array( $this, 'confirm_site' ), $id );
		$router->add(
			'/connections/(?P<id>\d+)/schedule',
			'PUT',
			array( $this, 'set_schedule' ),
			$id + array(
				'interval' => array(
					'description' => __( 'Minutes between automatic syncs.', 'syncwarden' ),
					'label'       => __( 'Sync automatically every', 'syncwarden' ),
					'type'        => 'integer',
					'enum'        => SyncIntervals::MINUTES,
					'required'    => true,
				),
			)
		);
		$router->add(
			'/connections/revoke-all',
			WP_REST_Server::CREATABLE,
			array( $this, 'revoke_all' ),
			array(
				'confirm' => array(
					'type'     => 'boolean',
					'required' => true,
					'enum'     => array( true ),
				),
			)
		);
		$router->add_public( PublicRoutes::OAUTH_CALLBACK, WP_REST_Server::READABLE, array( $this, 'callback' ), '__return_true', array(), true );
	}

	/**
	 * GET /connections.
	 */
	public function list_connections(): WP_REST_Response {
		return new WP_REST_Response( array_map( array( $this, 'describe' ), $this->connections->all() ) );
	}

	/**
	 * POST /connections/{provider}/authorize.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function authorize( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$provider = $this->providers->get( (string) $request->get_param( 'provider' ) );
		if ( null === $provider ) {
			return self::unknown_provider();
		}
		$features = array_values( array_unique( (array) $request->get_param( 'features' ) ) );
		$offered  = array_keys( $provider->feature_scopes() );
		$invalid  = array_diff( $features, $offered );
		if ( $invalid ) {
			/* translators: 1: provider name, 2: features it offers */
			$message = sprintf( __( '%1$s offers these features: %2$s.', 'syncwarden' ), $provider->label(), implode( ', ', $offered ) );
			return new WP_Error(
				'rest_invalid_param',
				$message,
				array(
					'status' => 400,
					'params' => array( 'features' => $message ),
				)
			);
		}
		try {
			return new WP_REST_Response( array( 'authorize_url' => $this->service->authorize_url( $provider, $features ) ) );
		} catch ( HttpError | VaultException $e ) {
			return new WP_Error( 'syncwarden_not_ready', $e->getMessage(), array( 'status' => 409 ) );
		}
	}

	/**
	 * POST /connections/{id}/test.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function test( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		$result = $this->service->test( $id );
		return new WP_REST_Response( $result + array( 'connection' => $this->describe( (array) $this->connections->find( $id ) ) ) );
	}

	/**
	 * POST /connections/{id}/sync — imports now instead of waiting for WP-Cron.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function sync_now( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		try {
			$counts = $this->importer->run( $id );
		} catch ( HttpError $e ) {
			return new WP_Error( 'syncwarden_sync_failed', $e->getMessage(), array( 'status' => 502 ) );
		}
		if ( empty( $counts['skipped'] ) ) {
			$this->importer->restart_schedule( $id );
		}
		return new WP_REST_Response( $counts + array( 'connection' => $this->describe( (array) $this->connections->find( $id ) ) ) );
	}

	/**
	 * PUT /connections/{id}/schedule — how often WP-Cron imports this connection.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function set_schedule( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		$this->importer->set_interval( $id, (int) $request->get_param( 'interval' ) );
		return new WP_REST_Response( $this->describe( (array) $this->connections->find( $id ) ) );
	}

	/**
	 * POST /connections/{id}/confirm-site — "this is the live site": resume syncing here.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function confirm_site( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		$this->service->confirm_site( $id );
		return new WP_REST_Response( $this->describe( (array) $this->connections->find( $id ) ) );
	}

	/**
	 * DELETE /connections/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function disconnect( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$id = (int) $request->get_param( 'id' );
		if ( null === $this->connections->find( $id ) ) {
			return RestErrors::unknown_connection();
		}
		$result = $this->imported->disconnect( $id, 'remove' === $request->get_param( 'imported' ) );
		return is_wp_error( $result ) ? $result : new WP_REST_Response( $result );
	}

	/**
	 * POST /connections/revoke-all.
	 */
	public function revoke_all(): WP_REST_Response {
		return new WP_REST_Response( array( 'outcomes' => $this->service->revoke_all() ) );
	}

	/**
	 * GET /oauth/callback/{provider} — the browser comes back from the provider. REST cookie
	 * authentication needs a nonce a provider redirect cannot carry, so the administrator is
	 * identified from the logged-in cookie here; the single-use state bound to that administrator
	 * is what makes the request trustworthy.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function callback( WP_REST_Request $request ): WP_REST_Response {
		$provider = $this->providers->get( (string) $request->get_param( 'provider' ) );
		$user_id  = (int) wp_validate_auth_cookie( '', 'logged_in' );
		if ( ! $user_id ) {
			// The code is not carried through the login page; the flow simply starts again.
			return self::redirect( wp_login_url( self::result_url( 'login_required', $provider ) ) );
		}
		if ( null === $provider ) {
			// An address SyncWarden never hands out (a mistyped or stale redirect URI): say so,
			// rather than blame the administrator's role.
			return self::redirect( self::result_url( 'unknown_provider', null ) );
		}
		if ( ! user_can( $user_id, 'manage_options' ) ) {
			return self::redirect( self::result_url( 'forbidden', $provider ) );
		}
		return self::redirect( self::result_url( $this->service->complete( $provider, self::callback_query( $request ), $user_id ), $provider ) );
	}

	/**
	 * The callback's query parameters. WordPress's request parsing drops a GET parameter named
	 * `error` on some URLs before REST sees it — exactly the one OAuth uses for access_denied —
	 * so the raw query string is read too.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array<string, mixed>
	 */
	private static function callback_query( WP_REST_Request $request ): array {
		$raw = array();
		if ( isset( $_SERVER['QUERY_STRING'] ) ) {
			wp_parse_str( wp_unslash( (string) $_SERVER['QUERY_STRING'] ), $raw ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- compared, never output.
		}
		return array_merge( $request->get_query_params(), $raw );
	}

	/**
	 * Public description of a connection, with scope analysis; never a token.
	 *
	 * @param array $connection Public fields from the repository.
	 * @return array<string, mixed>
	 */
	private function describe( array $connection ): array {
		$provider = $this->providers->get( $connection['provider'] );
		$granted  = $connection['granted_scopes'];
		$compare  = null === $provider
			? array(
				'missing' => array_values( array_diff( $connection['requested_scopes'], $granted ) ),
				'extra'   => array(),
			)
			: $provider->compare_scopes( $connection['requested_scopes'], $granted );
		$features = array();
		foreach ( null === $provider ? array() : $provider->feature_scopes() as $feature => $scopes ) {
			$features[ $feature ] = array(
				'requested' => in_array( $feature, $connection['features'], true ),
				'granted'   => ! $provider->compare_scopes( $scopes, $granted )['missing'],
			);
		}
		return array(
			'id'                   => $connection['id'],
			'provider'             => $connection['provider'],
			'label'                => null === $provider ? $connection['provider'] : $provider->label(),
			'status'               => $connection['status'],
			'account_label'        => $connection['account_label'],
			'features'             => $features,
			'requested_scopes'     => $connection['requested_scopes'],
			'granted_scopes'       => $granted,
			'missing_scopes'       => $compare['missing'],
			'extra_scopes'         => $compare['extra'],
			'access_expires_at'    => $connection['access_expires_at'],
			'has_refresh_token'    => $connection['has_refresh_token'],
			'created_at'           => $connection['created_at'],
			'last_refreshed_at'    => $connection['last_refreshed_at'],
			'last_error'           => $connection['last_error'],
			'last_error_kind'      => $connection['last_error_kind'],
			'consecutive_failures' => $connection['consecutive_failures'],
			'supports_revocation'  => null !== $provider && $provider->supports_revocation(),
			'site_moved'           => $connection['site_moved'],
			'sync'                 => $this->importer->status( $connection ),
			'imported_bookings'    => $this->imported->count( $connection ),
		);
	}

	/**
	 * Where the administrator lands after the callback, with a result code (never free text).
	 *
	 * @param string        $result   Result code.
	 * @param Provider|null $provider Provider.
	 */
	private static function result_url( string $result, ?Provider $provider ): string {
		return add_query_arg(
			array(
				'tab'               => 'connections',
				'syncwarden_result' => $result,
				'provider'          => null === $provider ? '' : $provider->id(),
			),
			SiteAddresses::settings_url()
		);
	}

	private static function redirect( string $url ): WP_REST_Response {
		$response = new WP_REST_Response( null, 302 );
		$response->header( 'Location', $url );
		$response->header( 'Cache-Control', 'no-store' );
		$response->header( 'Referrer-Policy', 'no-referrer' ); // The code must not leak onward.
		return $response;
	}

	private static function unknown_provider(): WP_Error {
		return new WP_Error( 'syncwarden_unknown_provider', __( 'Unknown provider.', 'syncwarden' ), array( 'status' => 404 ) );
	}
}
