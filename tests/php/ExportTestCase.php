<?php

namespace SyncWarden\Tests;

use SyncWarden\Plugin;
use SyncWarden\Sync\Importer;
use SyncWarden\Sync\Outbox;

/**
 * Export through the real outbox against the peer: what the peer received, and the job's state.
 */
abstract class ExportTestCase extends OAuthTestCase {

	/** A booking made on the site with a customer: what CRM and calendar exports send. */
	protected const CONSULTATION = array(
		'title'          => 'Consultation',
		'start'          => '2026-12-01T09:30:00+01:00',
		'end'            => '2026-12-01T10:15:00+01:00',
		'timezone'       => 'Europe/Berlin',
		'customer_name'  => 'Grace Hopper',
		'customer_email' => 'grace@example.test',
	);

	protected function run_outbox(): void {
		do_action( Outbox::HOOK );
	}

	/** Requests the peer received for a method and path prefix (below /api/<provider>). */
	protected function received( string $method, string $path_prefix ): array {
		return array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => $r['method'] === $method && str_starts_with( $r['path'], $path_prefix ) ) );
	}

	protected function job_status( int $booking_id ): array {
		global $wpdb;
		return $wpdb->get_row( $wpdb->prepare( "SELECT status, attempts, last_error_kind, last_error FROM {$wpdb->prefix}syncwarden_outbox WHERE booking_id = %d ORDER BY id DESC LIMIT 1", $booking_id ), ARRAY_A );
	}

	protected function make_due( int $booking_id ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}syncwarden_outbox SET next_attempt_at = 0 WHERE booking_id = %d", $booking_id ) );
	}

	/** A provider payload fixture (tests/fixtures/providers/<provider>/<name>.json) as text. */
	protected static function fixture( string $provider, string $name ): string {
		return (string) file_get_contents( dirname( __DIR__ ) . "/fixtures/providers/$provider/$name.json" );
	}

	/**
	 * Runs the outbox and fails on any PHP warning or notice it raises.
	 */
	protected function run_outbox_without_warnings(): void {
		$raised = array();
		set_error_handler(
			static function ( int $level, string $message ) use ( &$raised ): bool {
				$raised[] = $message;
				return true;
			}
		);
		try {
			$this->run_outbox();
		} finally {
			restore_error_handler();
		}
		$this->assertSame( array(), $raised, 'no PHP warnings or notices' );
	}

	/**
	 * An event the connection imported from its calendar (busy time), stored the way the
	 * importer stores a page.
	 *
	 * @param array  $connection Connection (with import).
	 * @param string $start      RFC 3339.
	 * @param int    $minutes    Duration.
	 */
	protected function imported_event( array $connection, string $start, int $minutes ): void {
		$at = strtotime( $start );
		Plugin::bookings()->create_imported(
			array(
				'busy-' . $at => array(
					'external_id' => 'busy-' . $at,
					'status'      => 'confirmed',
					'title'       => 'Dentist',
					'starts_at'   => $at,
					'ends_at'     => $at + 60 * $minutes,
					'timezone'    => 'Europe/Berlin',
				),
			),
			Importer::source( $connection )
		);
	}
}
