<?php
/**
 * Hand-written wiring: the only place that knows every part of the plugin.
 *
 * @package SyncWarden
 */

namespace SyncWarden;

use SyncWarden\Admin\ConnectionHealthNotices;
use SyncWarden\Admin\ForgedWebhookNotice;
use SyncWarden\Admin\IncidentMailer;
use SyncWarden\Admin\KeyNotice;
use SyncWarden\Admin\PrivacyTools;
use SyncWarden\Admin\RotationNotice;
use SyncWarden\Admin\SettingsPage;
use SyncWarden\Audit\AuditLog;
use SyncWarden\Health\EnvironmentReport;
use SyncWarden\Health\RotationHealthTest;
use SyncWarden\Health\SecretAges;
use SyncWarden\Health\SiteHealthTests;
use SyncWarden\Http\HttpClient;
use SyncWarden\OAuth\ConnectionService;
use SyncWarden\OAuth\StateStore;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\REST\AuditController;
use SyncWarden\REST\BookingsController;
use SyncWarden\REST\ConnectionsController;
use SyncWarden\REST\OutboxController;
use SyncWarden\REST\ProvidersController;
use SyncWarden\REST\PushController;
use SyncWarden\REST\RotationController;
use SyncWarden\REST\SettingsController;
use SyncWarden\REST\SharingController;
use SyncWarden\REST\SourcesController;
use SyncWarden\REST\PlainErrors;
use SyncWarden\REST\Router;
use SyncWarden\REST\StatusController;
use SyncWarden\REST\VaultController;
use SyncWarden\REST\WebhooksController;
use SyncWarden\Sources\Backfill;
use SyncWarden\Sources\BusyTimes;
use SyncWarden\Sources\SourceBookings;
use SyncWarden\Sources\SourceRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\BusyTimeRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\Counters;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\ImportedBookingsRepository;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\Schema;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\OutboxRepository;
use SyncWarden\Storage\ReencryptJob;
use SyncWarden\Storage\SharingSettings;
use SyncWarden\Storage\SourceLinksRepository;
use SyncWarden\Storage\SourceSettings;
use SyncWarden\Storage\SubscriptionStore;
use SyncWarden\Storage\Vault;
use SyncWarden\Sync\Bookings;
use SyncWarden\Sync\ImportedBookings;
use SyncWarden\Sync\Importer;
use SyncWarden\Sync\ImportListing;
use SyncWarden\Sync\Outbox;
use SyncWarden\Webhooks\CalendlyWebhooks;
use SyncWarden\Webhooks\GooglePush;
use SyncWarden\Webhooks\GraphNotifications;
use SyncWarden\Webhooks\PublicEndpoint;
use SyncWarden\Webhooks\PushSubscriptions;
use SyncWarden\Webhooks\RateLimiter;
use SyncWarden\Webhooks\SecurityEvents;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the object graph once and attaches it to WordPress hooks.
 */
final class Plugin {

	/**
	 * The booted instance (one per request).
	 *
	 * @var Plugin|null
	 */
	private static ?Plugin $instance = null;

	/**
	 * Bookings use case, for the public PHP API (includes/functions.php).
	 *
	 * @var Bookings|null
	 */
	private ?Bookings $bookings = null;

	/**
	 * Booking-plugin sources and their writer.
	 *
	 * @var array{0: SourceRegistry, 1: SourceBookings}|null
	 */
	private ?array $sources = null;

	/**
	 * Connection use cases, for uninstalling (remote revocation).
	 *
	 * @var ConnectionService|null
	 */
	private ?ConnectionService $connection_service = null;

	/**
	 * Constructor.
	 *
	 * @param string $plugin_file Absolute path of plugin.php.
	 */
	private function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Boots the plugin; safe to call more than once.
	 *
	 * @param string $plugin_file Absolute path of plugin.php.
	 */
	public static function boot( string $plugin_file ): void {
		if ( null !== self::$instance ) {
			return;
		}
		self::$instance = new self( $plugin_file );
		self::$instance->register_hooks();
	}

	/**
	 * The bookings use case behind syncwarden_push_booking() and friends.
	 */
	public static function bookings(): Bookings {
		if ( null === self::$instance || null === self::$instance->bookings ) {
			throw new \LogicException( 'SyncWarden is not booted.' );
		}
		return self::$instance->bookings;
	}

	/**
	 * Attaches every active, switched-on booking-plugin source not attached yet (WordPress does
	 * this on plugins_loaded; a plugin activated later in the request is picked up here).
	 */
	public static function attach_sources(): void {
		if ( null === self::$instance?->sources ) {
			throw new \LogicException( 'SyncWarden is not booted.' );
		}
		[ $registry, $writer ] = self::$instance->sources;
		$registry->attach_active( $writer );
	}

	/**
	 * Uninstalling: disconnects every connection of the current site the way an administrator
	 * would (push subscriptions removed, tokens revoked at the provider), best effort and with
	 * short timeouts, so that deleting the plugin leaves no live grant behind.
	 *
	 * @return int Connections disconnected.
	 */
	public static function disconnect_all_for_uninstall(): int {
		$service = self::$instance?->connection_service;
		if ( null === $service ) {
			return 0;
		}
		$short = static function ( array $args ): array {
			$args['timeout'] = min( 5, (int) ( $args['timeout'] ?? 5 ) );
			return $args;
		};
		add_filter( 'http_request_args', $short );
		try {
			return count( $service->revoke_all() );
		} catch ( \Throwable $e ) {
			return 0; // Nothing may stop the local wipe that follows.
		} finally {
			remove_filter( 'http_request_args', $short );
		}
	}

	/**
	 * Attaches every component to its hooks. Nothing here does work at load time.
	 */
	private function register_hooks(): void {
		$audit       = new AuditLog();
		$providers   = ProviderRegistry::default();
		$keys        = KeyRing::from_wp_config();
		$vault       = new Vault( $keys );
		$credentials = new CredentialsRepository( $vault, $providers->ids() );
		$connections = new ConnectionsRepository( $vault );
		$push_store  = new SubscriptionStore( $vault );
		$holders     = array( $credentials, $connections, $push_store );
		$monitor     = new KeyMonitor( $keys, $vault, $holders, $audit );
		$reencrypt   = new ReencryptJob( $vault, $holders, $monitor, $audit );
		$http        = new HttpClient();
		$lock        = new Lock();
		$tokens      = new TokenService( $http, $credentials, $connections, $lock, $audit, $providers );
		$service     = new ConnectionService( $providers, $credentials, $connections, new StateStore( $vault ), $tokens, $audit, $lock );
		$this->connection_service = $service;

		$sharing        = new SharingSettings();
		$booking_store  = new BookingsRepository();
		$this->bookings = new Bookings( $booking_store, $audit, SourceRegistry::ids() );
		$source_settings = new SourceSettings();
		$source_registry = SourceRegistry::default( $source_settings );
		$source_links    = new SourceLinksRepository();
		$source_writer   = new SourceBookings( $this->bookings, $booking_store, $source_links, $source_settings, $audit );
		$this->sources   = array( $source_registry, $source_writer );
		$jobs           = new OutboxRepository();
		$outbox         = new Outbox( $jobs, $booking_store, $connections, $sharing, $providers, $tokens, $lock, $audit );
		$importer       = new Importer( $connections, $booking_store, $this->bookings, $providers, $tokens, $lock, $audit, new ImportListing( $tokens, $booking_store, $this->bookings ) );
		$imported       = new ImportedBookings( new ImportedBookingsRepository(), $connections, $service, $lock, $audit );

		$counters = new Counters();
		$security = new SecurityEvents( $counters, $push_store, $audit );
		$push     = new PushSubscriptions( $connections, $push_store, $tokens, new PublicEndpoint(), $audit );
		$webhooks = new WebhooksController(
			new RateLimiter( $counters ),
			$security,
			$push_store,
			new CalendlyWebhooks( $push_store, $connections, $importer, $counters, $security, $credentials, $lock ),
			new GooglePush( $push_store, $counters, $security ),
			new GraphNotifications( $push_store, $security )
		);

		$secret_ages = new SecretAges( $credentials, $connections, $push_store, $providers );
		$router      = new Router();
		$controllers = array(
			new StatusController( new EnvironmentReport( SYNCWARDEN_VERSION ) ),
			new ProvidersController( $providers, $credentials, $monitor, $audit ),
			new VaultController( $keys, $monitor, $reencrypt ),
			new ConnectionsController( $providers, $connections, $service, $importer, $imported ),
			new AuditController( $audit ),
			new BookingsController( $this->bookings, $booking_store ),
			new SharingController( $connections, $providers, $sharing, $audit ),
			new SourcesController( new Backfill( $source_registry, $source_writer ), $source_settings, $source_links, $audit ),
			new OutboxController( $jobs, $outbox ),
			new SettingsController( $audit ),
			new PushController( $connections, $push, $security, $credentials ),
			new RotationController( $secret_ages ),
			$webhooks,
		);
		add_action(
			'rest_api_init',
			static function () use ( $router, $controllers ): void {
				foreach ( $controllers as $controller ) {
					$controller->register_routes( $router );
				}
			}
		);
		$router->register_hooks();
		( new PlainErrors() )->register_hooks();
		$http->register_hooks();
		// Every context (admin, REST, WP-Cron) may touch the tables after an update; with the
		// schema current this is one read of an autoloaded option.
		add_action( 'init', array( Schema::class, 'migrate' ), 1 );
		add_action( 'admin_init', array( AuditLog::class, 'schedule_purge' ) );
		add_action( AuditLog::PURGE_HOOK, array( $audit, 'purge' ) );
		add_action( ReencryptJob::HOOK, array( $reencrypt, 'run_batch' ) );
		add_action( 'admin_init', array( $reencrypt, 'resume' ) );
		add_action( 'syncwarden_connection_deleted', array( $sharing, 'delete' ) );
		$outbox->register_hooks();
		$importer->register_hooks();
		$imported->register_hooks();
		add_action( 'plugins_loaded', array( self::class, 'attach_sources' ), 20 );
		( new BusyTimes( new BusyTimeRepository(), $connections ) )->register_hooks();
		$push->register_hooks();
		$webhooks->register_hooks();
		add_action( PushSubscriptions::RENEW_HOOK, array( $counters, 'purge_expired' ) );

		( new SettingsPage( $this->plugin_file ) )->register_hooks();
		( new KeyNotice( $keys, $monitor ) )->register_hooks();
		( new ConnectionHealthNotices( $connections, $providers ) )->register_hooks();
		( new IncidentMailer( $connections, $providers ) )->register_hooks();
		( new PrivacyTools( $booking_store, $connections, $sharing, $providers, $audit ) )->register_hooks();
		( new ForgedWebhookNotice( $security, $connections, $providers ) )->register_hooks();
		( new SiteHealthTests( $keys, $monitor, $connections, $jobs, $push ) )->register_hooks();
		( new RotationHealthTest( $secret_ages ) )->register_hooks();
		( new RotationNotice( $secret_ages, $audit ) )->register_hooks();
	}
}
