<?php
/**
 * Providers and their OAuth client credentials.
 *
 * GET    /providers                                every provider, credentials described, never the secret
 * PUT    /providers/{provider}/credentials         client_id (+ optional client_secret)
 * DELETE /providers/{provider}/credentials         forget both
 * DELETE /providers/{provider}/credentials/secret  forget the secret only
 * PUT    /providers/{provider}/webhook-signing-key  the OAuth app's webhook signing key (Calendly)
 * DELETE /providers/{provider}/webhook-signing-key  forget it
 *
 * @package SyncWarden
 */

namespace SyncWarden\REST;

use SyncWarden\Audit\AuditTrail;
use SyncWarden\OAuth\CallbackUrl;
use SyncWarden\Providers\Provider;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\VaultException;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Transport only; every credential change is audited.
 */
final class ProvidersController {

	private const PROVIDER_ROUTE = '/providers/(?P<provider>[a-z]+)/credentials';

	private const SIGNING_KEY_ROUTE = '/providers/(?P<provider>[a-z]+)/webhook-signing-key';

	/**
	 * Constructor.
	 *
	 * @param ProviderRegistry      $providers   Known providers.
	 * @param CredentialsRepository $credentials Credential storage.
	 * @param KeyMonitor            $monitor     Rescanned after changes (clears key notices).
	 * @param AuditTrail            $audit       Audit trail.
	 */
	public function __construct(
		private readonly ProviderRegistry $providers,
		private readonly CredentialsRepository $credentials,
		private readonly KeyMonitor $monitor,
		private readonly AuditTrail $audit
	) {
	}

	/**
	 * Registers the routes.
	 *
	 * @param Router $router Route registrar.
	 */
	public function register_routes( Router $router ): void {
		$provider_arg = array(
			'provider' => array(
				'type'        => 'string',
				'description' => __( 'Provider id.', 'syncwarden' ),
			),
		);
		$router->add( '/providers', WP_REST_Server::READABLE, array( $this, 'list_providers' ) );
		$router->add(
			self::PROVIDER_ROUTE,
			'PUT',
			array( $this, 'save_credentials' ),
			$provider_arg + array(
				'client_id'     => FieldRules::credential( __( 'The client ID', 'syncwarden' ), true ),
				'client_secret' => FieldRules::credential( __( 'The client secret', 'syncwarden' ), false ),
			)
		);
		$router->add( self::PROVIDER_ROUTE, WP_REST_Server::DELETABLE, array( $this, 'remove_credentials' ), $provider_arg );
		$router->add( self::PROVIDER_ROUTE . '/secret', WP_REST_Server::DELETABLE, array( $this, 'remove_secret' ), $provider_arg );
		$router->add(
			self::SIGNING_KEY_ROUTE,
			'PUT',
			array( $this, 'save_signing_key' ),
			$provider_arg + array( 'signing_key' => FieldRules::credential( __( 'The webhook signing key', 'syncwarden' ), true ) )
		);
		$router->add( self::SIGNING_KEY_ROUTE, WP_REST_Server::DELETABLE, array( $this, 'remove_signing_key' ), $provider_arg );
	}

	/**
	 * PUT /providers/{provider}/webhook-signing-key.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function save_signing_key( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		return $this->change_signing_key( $request, (string) $request->get_param( 'signing_key' ) );
	}

	/**
	 * DELETE /providers/{provider}/webhook-signing-key.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function remove_signing_key( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		return $this->change_signing_key( $request, null );
	}

	/**
	 * Stores or forgets an application webhook signing key, audited; refused for providers without
	 * one and when wp-config.php defines it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param string|null     $key     New key, or null to forget it.
	 */
	private function change_signing_key( WP_REST_Request $request, ?string $key ): WP_REST_Response|WP_Error {
		$provider = $this->providers->get( (string) $request->get_param( 'provider' ) );
		if ( null === $provider || ! in_array( $provider->id(), CredentialsRepository::SIGNING_KEY_PROVIDERS, true ) ) {
			return new WP_Error( 'syncwarden_no_signing_key', __( 'This provider has no application webhook signing key.', 'syncwarden' ), array( 'status' => 404 ) );
		}
		if ( $this->credentials->signing_key_in_config( $provider->id() ) ) {
			return new WP_Error( 'syncwarden_signing_key_in_config', __( 'The webhook signing key is defined in wp-config.php. Change it there.', 'syncwarden' ), array( 'status' => 409 ) );
		}
		try {
			$this->credentials->save_signing_key( $provider->id(), $key );
		} catch ( VaultException $e ) {
			return new WP_Error( 'syncwarden_vault_unavailable', $e->getMessage(), array( 'status' => 503 ) );
		}
		$this->audit->record( null === $key ? 'credentials.signing_key_removed' : 'credentials.signing_key_saved', array( 'provider' => $provider->id() ) );
		$this->monitor->rescan();
		return new WP_REST_Response( $this->describe( $provider ) );
	}

	/**
	 * GET /providers.
	 */
	public function list_providers(): WP_REST_Response {
		return new WP_REST_Response( array_values( array_map( array( $this, 'describe' ), $this->providers->all() ) ) );
	}

	/**
	 * PUT /providers/{provider}/credentials.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function save_credentials( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$provider = $this->editable_provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$secret = $request->get_param( 'client_secret' );
		try {
			$this->credentials->save( $provider->id(), (string) $request->get_param( 'client_id' ), null === $secret ? null : (string) $secret );
		} catch ( VaultException $e ) {
			return new WP_Error( 'syncwarden_vault_unavailable', $e->getMessage(), array( 'status' => 503 ) );
		}
		$this->audit->record(
			'credentials.saved',
			array(
				'provider'       => $provider->id(),
				'secret_changed' => null !== $secret,
			)
		);
		$this->monitor->rescan();
		return new WP_REST_Response( $this->describe( $provider ) );
	}

	/**
	 * DELETE /providers/{provider}/credentials.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function remove_credentials( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		return $this->change( $request, 'credentials.removed', fn( Provider $p ) => $this->credentials->remove( $p->id() ) );
	}

	/**
	 * DELETE /providers/{provider}/credentials/secret.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function remove_secret( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		return $this->change( $request, 'credentials.secret_removed', fn( Provider $p ) => $this->credentials->remove_secret( $p->id() ) );
	}

	/**
	 * Applies an audited removal.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param string          $event   Audit event.
	 * @param callable        $apply   Change to make.
	 */
	private function change( WP_REST_Request $request, string $event, callable $apply ): WP_REST_Response|WP_Error {
		$provider = $this->editable_provider( $request );
		if ( is_wp_error( $provider ) ) {
			return $provider;
		}
		$apply( $provider );
		$this->audit->record( $event, array( 'provider' => $provider->id() ) );
		$this->monitor->rescan();
		return new WP_REST_Response( $this->describe( $provider ) );
	}

	/**
	 * The provider named in the route, if it exists and is not configured in wp-config.php.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	private function editable_provider( WP_REST_Request $request ): Provider|WP_Error {
		$provider = $this->providers->get( (string) $request->get_param( 'provider' ) );
		if ( null === $provider ) {
			return new WP_Error(
				'syncwarden_unknown_provider',
				/* translators: %s: list of provider ids */
				sprintf( __( 'Unknown provider. Supported providers: %s.', 'syncwarden' ), implode( ', ', $this->providers->ids() ) ),
				array( 'status' => 404 )
			);
		}
		if ( $this->credentials->is_defined_in_config( $provider->id() ) ) {
			return new WP_Error(
				'syncwarden_credentials_in_config',
				__( 'These credentials are defined in wp-config.php. Change them there.', 'syncwarden' ),
				array( 'status' => 409 )
			);
		}
		return $provider;
	}

	/**
	 * Public description of one provider.
	 *
	 * @param Provider $provider Provider.
	 * @return array<string, mixed>
	 */
	private function describe( Provider $provider ): array {
		$credentials  = $this->credentials->describe( $provider->id() );
		$redirect_uri = CallbackUrl::for_provider( $provider->id() );
		// Microsoft documents that it refuses a plain-permalinks redirect URI (false), the others'
		// documentation does not say (null: a softer warning).
		$accepted     = CallbackUrl::accepted_by( $provider );
		return array(
			'id'                       => $provider->id(),
			'label'                    => $provider->label(),
			'source'                   => $credentials['source'],
			/**
			 * Where constant credentials were defined: 'wp-config' (the site owner's file), or
			 * 'sandbox' when the development sandbox (tools/wp/sandbox.php, npm start) defined them,
			 * so the screen does not send a newcomer to edit a wp-config.php that does not hold them.
			 *
			 * @param string $origin   'wp-config'.
			 * @param string $provider Provider id.
			 */
			'constant_origin'          => CredentialsRepository::SOURCE_CONSTANT === $credentials['source']
				&& 'sandbox' === apply_filters( 'syncwarden_constant_credentials_origin', 'wp-config', $provider->id() )
				? 'sandbox' : 'wp-config',
			'client_id'                => $credentials['client_id'],
			'has_client_secret'        => CredentialsRepository::SECRET_SET === $credentials['client_secret'],
			'client_secret_state'      => $credentials['client_secret'],
			'updated_at'               => $credentials['updated_at'],
			'redirect_uri'             => $redirect_uri,
			'redirect_uri_refused'     => false === $accepted,
			'redirect_uri_unconfirmed' => null === $accepted,
			'console_url'              => $provider->console_url(),
			'feature_scopes'           => $provider->feature_scopes(),
			'base_scopes'              => $provider->base_scopes(),
			'supports_revocation'      => $provider->supports_revocation(),
			// Only providers whose OAuth app has its own webhook signing key; never the key itself.
			'webhook_signing_key'      => in_array( $provider->id(), CredentialsRepository::SIGNING_KEY_PROVIDERS, true ) ? $this->credentials->describe_signing_key( $provider->id() ) : null,
		);
	}
}
