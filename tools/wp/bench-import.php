<?php
/**
 * Import benchmark, run by `npm run bench` (tools/bench-import.mjs) through tools/wp/cli.php with
 * the sandbox mu-plugin pointing Google at the local peer. Each command is its own PHP process,
 * so every run's peak memory is its own and not inherited from an earlier run. Prints JSON.
 *
 *   bench-import connect <provider>           connects google or microsoft (import) to the peer for
 *                                             real: authorize URL, the peer's consent page, callback
 *                                             → {"connection_id"}
 *   bench-import run syncwarden <id> <provider>  one SyncWarden Importer::run(), through "Sync now"
 *   bench-import run naive <id> <provider>       one run of the naive baseline below
 *
 * A run reports wall and CPU time, peak memory, the HTTP requests the peer counted, and the database
 * queries seen by the `query` filter: writes by statement type and by table, and the rows the
 * database reported as affected in the booking tables.
 */

use SyncWarden\Audit\AuditLog;
use SyncWarden\Http\HttpClient;
use SyncWarden\OAuth\TokenService;
use SyncWarden\Providers\ImportWindow;
use SyncWarden\Providers\ProviderRegistry;
use SyncWarden\Storage\BookingsRepository;
use SyncWarden\Storage\ConnectionsRepository;
use SyncWarden\Storage\CredentialsRepository;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\Lock;
use SyncWarden\Storage\Schema;
use SyncWarden\Storage\Vault;
use SyncWarden\Sync\Importer;
use SyncWarden\Tests\Peer;

// The PHP suite's peer client (control calls, stats, headless consent); it needs no PHPUnit.
require_once dirname( __DIR__, 2 ) . '/tests/php/Peer.php';

/**
 * Counts what passes through `$wpdb->query()` while started. The `query` filter sees each query
 * before it runs, so the rows a booking-table write affected are read when the next query (or
 * stop()) comes: `$wpdb->rows_affected` still holds them then.
 */
final class SyncWarden_Bench_Query_Meter {

	private const WRITE = '/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b(?:\s+IGNORE)?(?:\s+INTO|\s+FROM)?\s+`?(\w+)`?/i';

	private int $queries      = 0;
	private array $writes     = array( 'INSERT' => 0, 'UPDATE' => 0, 'DELETE' => 0, 'REPLACE' => 0 );
	private array $by_table   = array();
	private int $rows_touched = 0;
	private bool $unsettled   = false;
	private array $booking_tables;

	public function __construct() {
		$this->booking_tables = array( Schema::table( 'bookings' ), Schema::table( 'booking_links' ) );
	}

	public function start(): void {
		add_filter( 'query', array( $this, 'see' ), PHP_INT_MAX );
		add_action( 'syncwarden_bulk_insert', array( $this, 'see_bulk' ), PHP_INT_MAX, 3 );
	}

	/**
	 * Action callback: a bulk INSERT that goes straight to the SQLite drop-in's connection, which
	 * the `query` filter never sees (Storage\BulkInsert), counted like any other INSERT.
	 *
	 * @param string $table    Table.
	 * @param int    $rows     Rows in the statement.
	 * @param bool   $via_wpdb Whether the `query` filter sees it too.
	 */
	public function see_bulk( $table, $rows, $via_wpdb ): void {
		if ( ! $via_wpdb ) {
			$this->see( "INSERT INTO $table" );
		}
	}

	/**
	 * Filter callback: counts the query and returns it unchanged.
	 *
	 * @param string $query SQL about to run.
	 */
	public function see( $query ) {
		$this->settle();
		++$this->queries;
		if ( preg_match( self::WRITE, (string) $query, $match ) ) {
			++$this->writes[ strtoupper( $match[1] ) ];
			$this->by_table[ $match[2] ] = ( $this->by_table[ $match[2] ] ?? 0 ) + 1;
			$this->unsettled             = in_array( $match[2], $this->booking_tables, true );
		}
		return $query;
	}

	/**
	 * @return array{queries: int, writes: array<string, int>, booking_writes: int, other_writes: array<string, int>, rows_touched: int}
	 */
	public function stop(): array {
		$this->settle();
		remove_filter( 'query', array( $this, 'see' ), PHP_INT_MAX );
		remove_action( 'syncwarden_bulk_insert', array( $this, 'see_bulk' ), PHP_INT_MAX );
		$booking_tables = array_flip( $this->booking_tables );
		return array(
			'queries'        => $this->queries,
			'writes'         => $this->writes,
			'booking_writes' => array_sum( array_intersect_key( $this->by_table, $booking_tables ) ),
			'other_writes'   => array_diff_key( $this->by_table, $booking_tables ), // Table => writes.
			'rows_touched'   => $this->rows_touched,
		);
	}

	private function settle(): void {
		global $wpdb;
		if ( $this->unsettled ) {
			$this->rows_touched += max( 0, (int) $wpdb->rows_affected );
			$this->unsettled     = false;
		}
	}
}

function syncwarden_bench_fail( string $message ): never {
	fwrite( STDERR, "bench-import: $message\n" );
	exit( 1 );
}

/** The site's first administrator (ensureSite installs one). */
function syncwarden_bench_admin(): int {
	$ids = get_users( array( 'role' => 'administrator', 'number' => 1, 'fields' => 'ID' ) );
	return $ids ? (int) $ids[0] : syncwarden_bench_fail( 'the site has no administrator' );
}

/**
 * Dispatches a REST request through the real server as the current user.
 *
 * @param string $method HTTP method.
 * @param string $route  Route.
 * @param array  $params Query (GET) or body parameters.
 */
function syncwarden_bench_rest( string $method, string $route, array $params = array() ): WP_REST_Response {
	$request = new WP_REST_Request( $method, $route );
	if ( 'GET' === $method ) {
		$request->set_query_params( $params );
	} else {
		$request->set_body_params( $params );
	}
	return rest_do_request( $request );
}

/**
 * Connects a calendar for import the way an administrator does, as OAuthTestCase::connect() does in
 * the PHP suite (whose helpers are PHPUnit assertions, so they cannot run here): the authorize URL
 * from REST, the peer's consent page walked by Peer::consent(), then the callback as the browser
 * brings it back (logged-in cookie, no REST nonce). Client credentials come from the sandbox.
 */
function syncwarden_bench_connect( string $provider ): int {
	$admin = syncwarden_bench_admin();
	wp_set_current_user( $admin );
	$authorize = syncwarden_bench_rest( 'POST', "/syncwarden/v1/connections/$provider/authorize", array( 'features' => array( 'import' ) ) );
	if ( 200 !== $authorize->get_status() ) {
		syncwarden_bench_fail( 'authorize: ' . wp_json_encode( $authorize->get_data() ) );
	}
	$query                       = Peer::consent( $authorize->get_data()['authorize_url'] );
	$_COOKIE[ LOGGED_IN_COOKIE ] = wp_generate_auth_cookie( $admin, time() + HOUR_IN_SECONDS, 'logged_in' );
	wp_set_current_user( 0 );
	$landing = (string) ( syncwarden_bench_rest( 'GET', "/syncwarden/v1/oauth/callback/$provider", $query )->get_headers()['Location'] ?? '' );
	if ( ! str_contains( $landing, 'syncwarden_result=connected' ) ) {
		syncwarden_bench_fail( "callback did not connect: $landing" );
	}
	wp_set_current_user( $admin );
	$mine = wp_list_filter( syncwarden_bench_rest( 'GET', '/syncwarden/v1/connections' )->get_data(), array( 'provider' => $provider ) );
	return (int) max( wp_list_pluck( $mine, 'id' ) );
}

/**
 * SyncWarden's own run: the plugin's wired Importer through "Sync now" (the plugin builds its
 * Importer privately; rebuilding that object graph here would drift from Plugin.php).
 *
 * @param int $id Connection id.
 */
function syncwarden_bench_syncwarden_run( int $id ): array {
	$response = syncwarden_bench_rest( 'POST', "/syncwarden/v1/connections/$id/sync" );
	if ( 200 !== $response->get_status() ) {
		syncwarden_bench_fail( 'sync: ' . wp_json_encode( $response->get_data() ) );
	}
	return $response->get_data();
}

/** A TokenService like the plugin's (same classes, same site secrets), for the naive baseline. */
function syncwarden_bench_token_service(): TokenService {
	$vault = new Vault( KeyRing::from_wp_config() );
	return new TokenService( new HttpClient(), new CredentialsRepository( $vault, ProviderRegistry::default()->ids() ), new ConnectionsRepository( $vault ), new Lock(), new AuditLog(), ProviderRegistry::default() );
}

/**
 * The naive baseline a typical booking plugin would ship: every run lists the whole window (the
 * last 30 and next 90 days, no cursor) and stores every event it gets. Same HTTP stack, same
 * request (page size, headers, response cap), JSON shape and event mapping as the provider class,
 * same tables as SyncWarden.
 *
 * @param int    $id       Connection id.
 * @param string $provider google or microsoft.
 */
function syncwarden_bench_naive_run( int $id, string $provider ): array {
	$tokens   = syncwarden_bench_token_service();
	$calendar = ProviderRegistry::default()->get( $provider );
	$bookings = new BookingsRepository();
	$source   = Importer::source( array( 'provider' => $provider, 'id' => $id ) );
	$window   = ImportWindow::around( time(), 30, 90 );
	$counts   = array( 'created' => 0, 'updated' => 0, 'pages' => 0 );
	$page     = null;
	do {
		$request = $calendar->import_request( null, $page, '', $window ); // No account reference needed.
		$data    = $tokens->call( $id, 'GET', $request['path'], $request['shape'], null, $request['headers'] ?? array(), $request['max_bytes'] ?? null );
		$list    = $calendar->import_page( $data );
		foreach ( $list['events'] as $event ) {
			if ( 'cancelled' !== $event['status'] ) {
				++$counts[ syncwarden_bench_naive_store( $bookings, $id, $source, $event ) ];
			}
		}
		++$counts['pages'];
		$page = $list['next_page'];
	} while ( null !== $page );
	return $counts;
}

/**
 * The naive baseline's upsert: one SELECT to dedupe, then an INSERT (booking + link) or an
 * UPDATE of every field, changed or not.
 *
 * @param BookingsRepository $bookings Storage (the same tables SyncWarden uses).
 * @param int                $id       Connection id.
 * @param string             $source   Source of the bookings it creates.
 * @param array              $event    Event as GoogleProvider::import_page() normalises it.
 * @return string created or updated.
 */
function syncwarden_bench_naive_store( BookingsRepository $bookings, int $id, string $source, array $event ): string {
	$fields     = array_intersect_key( $event, array_flip( BookingsRepository::FIELDS ) );
	$booking_id = $bookings->find_by_external( $id, $event['external_id'] );
	if ( null === $booking_id ) {
		$bookings->link( $bookings->create( $fields + array( 'source' => $source ) ), $id, $event['external_id'] );
		return 'created';
	}
	$bookings->update( $booking_id, $fields );
	return 'updated';
}

/**
 * Wall time spent waiting on HTTP answers (from WordPress handing a request to its transport until
 * the response is back): against the local peer this is mostly the peer rendering its pages,
 * which says how much of a run's wall time is the importer's own.
 */
final class SyncWarden_Bench_Http_Meter {

	private float $waited = 0.0;
	private ?int $started = null;

	public function start(): void {
		add_filter( 'pre_http_request', array( $this, 'before' ), PHP_INT_MAX );
		add_action( 'http_api_debug', array( $this, 'after' ), PHP_INT_MIN );
	}

	/** @param mixed $preempt Whatever an earlier filter decided; passed on untouched. */
	public function before( $preempt ) {
		$this->started = hrtime( true );
		return $preempt;
	}

	public function after(): void {
		if ( null !== $this->started ) {
			$this->waited += ( hrtime( true ) - $this->started ) / 1e9;
			$this->started = null;
		}
	}

	public function stop(): float {
		remove_filter( 'pre_http_request', array( $this, 'before' ), PHP_INT_MAX );
		remove_action( 'http_api_debug', array( $this, 'after' ), PHP_INT_MIN );
		return $this->waited;
	}
}

/** CPU seconds this process has used (user + system): unlike wall time, other load does not inflate it. */
function syncwarden_bench_cpu_seconds(): float {
	$usage = getrusage();
	return $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1e6;
}

/** Requests the peer counted (API calls, token and revocation requests). */
function syncwarden_bench_peer_requests(): int {
	$stats = Peer::stats();
	return (int) ( $stats['api'] ?? 0 ) + (int) ( $stats['token'] ?? 0 ) + (int) ( $stats['revocation'] ?? 0 );
}

/**
 * Runs one import and measures it.
 *
 * @param callable $run Returns the run's counts.
 */
function syncwarden_bench_measure( callable $run ): array {
	rest_get_server(); // Route registration is WordPress's cost, not the import's: do it untimed.
	$boot     = memory_get_peak_usage( true );
	$meter    = new SyncWarden_Bench_Query_Meter();
	$requests = syncwarden_bench_peer_requests();
	$http     = new SyncWarden_Bench_Http_Meter();
	$meter->start();
	$http->start();
	$cpu     = syncwarden_bench_cpu_seconds();
	$started = hrtime( true );
	$counts  = $run();
	$wall    = ( hrtime( true ) - $started ) / 1e9;
	$cpu     = syncwarden_bench_cpu_seconds() - $cpu;
	$db      = $meter->stop();
	return array(
		'wall_s'        => $wall,
		'http_wait_s'   => $http->stop(),
		'cpu_s'         => $cpu,
		'peak_bytes'    => memory_get_peak_usage( true ),
		'boot_bytes'    => $boot,
		'http_requests' => syncwarden_bench_peer_requests() - $requests,
		'db'            => $db,
		'counts'        => $counts,
	);
}

[ $syncwarden_bench_action, $syncwarden_bench_side, $syncwarden_bench_id, $syncwarden_bench_provider ] = $args + array( '', '', 0, 'google' );
$syncwarden_bench_calendars = array( 'google', 'microsoft' );
if ( 'connect' === $syncwarden_bench_action && in_array( $syncwarden_bench_side, $syncwarden_bench_calendars, true ) ) {
	echo wp_json_encode( array( 'connection_id' => syncwarden_bench_connect( $syncwarden_bench_side ) ) );
} elseif ( 'run' === $syncwarden_bench_action && in_array( $syncwarden_bench_side, array( 'syncwarden', 'naive' ), true ) && in_array( $syncwarden_bench_provider, $syncwarden_bench_calendars, true ) ) {
	wp_set_current_user( syncwarden_bench_admin() );
	$syncwarden_bench_id = (int) $syncwarden_bench_id;
	$syncwarden_bench_run = 'syncwarden' === $syncwarden_bench_side
		? static fn() => syncwarden_bench_syncwarden_run( $syncwarden_bench_id )
		: static fn() => syncwarden_bench_naive_run( $syncwarden_bench_id, $syncwarden_bench_provider );
	echo wp_json_encode( syncwarden_bench_measure( $syncwarden_bench_run ) );
} else {
	syncwarden_bench_fail( 'usage: bench-import connect google|microsoft | run syncwarden|naive <connection-id> google|microsoft' );
}
