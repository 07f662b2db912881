<?php

namespace SyncWarden\Tests\Integration\Sync;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\Providers\GoogleProvider;
use SyncWarden\Providers\MicrosoftProvider;
use SyncWarden\Tests\OAuthTestCase;
use SyncWarden\Tests\Peer;

/**
 * Every error form the three calendars document for their list calls, served by the peer to a
 * real import run: sorted into reconnect / retry later / fix a setting, shown in plain words,
 * never a PHP warning (PHPUnit turns those into errors). And the documented page forms, read
 * through the providers' real parsing.
 */
final class ImportErrorFormsTest extends OAuthTestCase {

	private const LISTS = array(
		'google'    => '/api/google/calendar/v3/calendars/primary/events',
		'microsoft' => '/api/microsoft/v1.0/me/calendarView/delta',
		'calendly'  => '/api/calendly/scheduled_events',
	);

	private static function fixture( string $provider, string $name ): string {
		return (string) file_get_contents( dirname( __DIR__, 3 ) . "/fixtures/providers/{$provider}/{$name}.json" );
	}

	/**
	 * Provider, fixture, status, extra headers, times served, kind, words in the message.
	 */
	public static function forms(): array {
		$wait = array( 'Retry-After' => '120' ); // Longer than a run waits: the run ends, transient.
		return array(
			'Google 400 sync token with a window' => array( 'google', 'error-400-sync-token-with-window', 400, array(), 1, HttpError::CONFIG, 'refused the request as invalid (HTTP 400, invalid)' ), // The provider's message is never repeated: it may quote refused values.
			'Google 401 invalid credentials'      => array( 'google', 'error-401-invalid-credentials', 401, array(), 2, HttpError::AUTH_REVOKED, 'Reconnect it' ),
			'Google 403 user rate limit'          => array( 'google', 'error-403-user-rate-limit', 403, array(), 3, HttpError::TRANSIENT, 'busy or unavailable (HTTP 403, userRateLimitExceeded' ),
			'Google 403 insufficient permissions' => array( 'google', 'error-403-insufficient-permissions', 403, array(), 1, HttpError::AUTH_REVOKED, 'or its permissions (HTTP 403, insufficientPermissions' ),
			'Google 403 forbidden'                => array( 'google', 'error-403-forbidden', 403, array(), 1, HttpError::CONFIG, 'does not allow this for the connected account (HTTP 403, forbidden' ),
			'Google 404 calendar gone'            => array( 'google', 'error-404-not-found', 404, array(), 1, HttpError::CONFIG, 'no longer has this calendar or item (HTTP 404, notFound' ),
			'Google 429'                          => array( 'google', 'error-429-rate-limit', 429, $wait, 1, HttpError::TRANSIENT, 'SyncWarden will retry' ),
			'Google 500'                          => array( 'google', 'error-500-backend', 500, array(), 3, HttpError::TRANSIENT, 'busy or unavailable (HTTP 500, backendError' ),
			'Graph 400 invalid parameter'         => array( 'microsoft', 'error-400-invalid-parameter', 400, array(), 1, HttpError::CONFIG, 'HTTP 400, ErrorInvalidParameter' ),
			'Graph 401 invalid token'             => array( 'microsoft', 'error-401-invalid-token', 401, array(), 2, HttpError::AUTH_REVOKED, 'Reconnect it' ),
			'Graph 403 access denied'             => array( 'microsoft', 'error-403-access-denied', 403, array(), 1, HttpError::CONFIG, 'HTTP 403, ErrorAccessDenied' ),
			'Graph 429 with Retry-After'          => array( 'microsoft', 'error-429-application-throttled', 429, $wait, 1, HttpError::TRANSIENT, 'HTTP 429, ApplicationThrottled' ),
			'Graph 503'                           => array( 'microsoft', 'error-503-service-unavailable', 503, array(), 3, HttpError::TRANSIENT, 'HTTP 503' ),
			'Calendly 400 invalid argument'       => array( 'calendly', 'error-400-invalid-argument', 400, array(), 1, HttpError::CONFIG, 'HTTP 400, Invalid Argument' ),
			'Calendly 401 unauthenticated'        => array( 'calendly', 'error-401-unauthenticated', 401, array(), 2, HttpError::AUTH_REVOKED, 'Reconnect it' ),
			'Calendly 403 permission denied'      => array( 'calendly', 'error-403-permission-denied', 403, array(), 1, HttpError::CONFIG, 'HTTP 403, Permission Denied' ),
			'Calendly 404 not found'              => array( 'calendly', 'error-404-resource-not-found', 404, array(), 1, HttpError::CONFIG, 'HTTP 404, Resource Not Found' ),
			'Calendly 429'                        => array( 'calendly', 'error-429-too-many-requests', 429, $wait, 1, HttpError::TRANSIENT, 'HTTP 429, Too Many Requests' ),
		);
	}

	/**
	 * @dataProvider forms
	 */
	public function test_each_documented_error_form_is_classified_and_said_in_plain_words( string $provider, string $name, int $status, array $headers, int $times, string $kind, string $words ): void {
		$id = $this->connect( $provider, array( 'import' ) )['id'];
		Peer::fail_next( self::LISTS[ $provider ], array( 'status' => $status, 'body' => self::fixture( $provider, $name ), 'headers' => array( 'Content-Type' => 'application/json' ) + $headers, 'times' => $times ) );

		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$id}/sync" );

		$this->assertSame( 502, $response->get_status() );
		$message = $response->get_data()['message'];
		$this->assertStringContainsString( $words, $message );
		$this->assertStringNotContainsString( 'client ID', $message, 'an API refusal is not blamed on the OAuth app' );
		$this->assertSame( $kind, $this->failed_kind( $id ) );
		wp_cache_flush();
		$this->assertSame( $message, get_option( "syncwarden_sync_state_{$id}" )['error'], 'the status shows the same words' );
	}

	public static function gone_forms(): array {
		return array(
			'Google 410 fullSyncRequired'  => array( 'google', 'error-410-full-sync-required', 'syncToken=' ),
			'Graph 410 syncStateNotFound' => array( 'microsoft', 'error-410-sync-state-not-found', '%24deltatoken=' ),
		);
	}

	/**
	 * @dataProvider gone_forms
	 */
	public function test_a_410_for_the_cursor_restarts_with_a_full_listing( string $provider, string $name, string $cursor_param ): void {
		$id    = $this->connect( $provider, array( 'import' ) )['id'];
		$first = $this->rest( 'POST', "/syncwarden/v1/connections/{$id}/sync" )->get_data();
		Peer::fail_next( self::LISTS[ $provider ], array( 'status' => 410, 'body' => self::fixture( $provider, $name ), 'headers' => array( 'Content-Type' => 'application/json' ), 'times' => 1 ) );

		$again = $this->rest( 'POST', "/syncwarden/v1/connections/{$id}/sync" );

		$this->assertSame( 200, $again->get_status(), wp_json_encode( $again->get_data() ) );
		$this->assertSame( $first['created'], $again->get_data()['unchanged'] );
		$lists = array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => str_starts_with( $r['path'], self::LISTS[ $provider ] ) ) );
		$this->assertStringContainsString( $cursor_param, str_replace( '$', '%24', $lists[ count( $lists ) - 2 ]['path'] ), 'the refused request used the cursor' );
		$this->assertStringNotContainsString( $cursor_param, str_replace( '$', '%24', end( $lists )['path'] ), 'the next one lists the window' );
	}

	public function test_a_google_list_page_with_attendees_conference_data_and_a_cancelled_item_is_read(): void {
		$provider = new GoogleProvider();
		$data     = JsonShape::apply( json_decode( self::fixture( 'google', 'events-list-page' ), true ), $provider->import_request( null, null, '' )['shape'] );

		$page = $provider->import_page( $data );

		$this->assertSame( array( 'confirmed', 'confirmed', 'cancelled' ), array_column( $page['events'], 'status' ) );
		$this->assertSame( 'Consultation – Ada Fixture', $page['events'][0]['title'] );
		$this->assertSame( strtotime( '2026-12-03T09:00:00Z' ), $page['events'][0]['starts_at'] );
		$this->assertNotNull( $page['next_page'] );
		$this->assertNull( $page['sync_token'], 'only the last page carries nextSyncToken' );
	}

	public function test_graph_delta_pages_with_html_bodies_next_and_delta_links_and_removals_are_read(): void {
		$provider = new MicrosoftProvider();
		$shape    = $provider->import_request( null, null, '' )['shape'];
		$next     = $provider->import_page( JsonShape::apply( json_decode( self::fixture( 'microsoft', 'delta-page-next' ), true ), $shape ) );
		$last     = $provider->import_page( JsonShape::apply( json_decode( self::fixture( 'microsoft', 'delta-page-last' ), true ), $shape ) );

		$this->assertCount( 2, $next['events'] );
		$this->assertStringContainsString( '$skiptoken=', (string) $next['next_page'] );
		$this->assertNull( $next['sync_token'] );
		$this->assertNull( $last['next_page'] );
		$this->assertStringContainsString( '$deltatoken=', (string) $last['sync_token'] );
		$this->assertSame( array( 'confirmed', 'cancelled' ), array_column( $last['events'], 'status' ) );
		$this->assertTrue( $last['events'][1]['removed'], 'a removal known by id only is marked so the importer checks it' );
		$per_event = strlen( self::fixture( 'microsoft', 'delta-page-next' ) ) / 2;
		$this->assertStringContainsString( 'maxpagesize=50', $provider->import_request( null, null, '' )['headers']['Prefer'] );
		$this->assertLessThan( MicrosoftProvider::IMPORT_MAX_BYTES, 50 * $per_event * 10, 'a page of 50 fits the cap even with bodies ten times this size' );
	}

	private function failed_kind( int $id ): string {
		global $wpdb;
		$context = $wpdb->get_var( $wpdb->prepare( "SELECT context FROM {$wpdb->prefix}syncwarden_audit WHERE action = 'sync.failed' AND connection_id = %d ORDER BY id DESC LIMIT 1", $id ) );
		return (string) ( json_decode( (string) $context, true )['kind'] ?? '' );
	}
}
