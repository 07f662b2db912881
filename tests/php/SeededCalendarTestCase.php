<?php

namespace SyncWarden\Tests;

/**
 * An importing Google connection to a peer calendar seeded with 600 plain events: three pages of
 * 250, so a fault or a crash can hit the middle of a run.
 */
abstract class SeededCalendarTestCase extends OAuthTestCase {

	protected const EVENTS    = 600;
	protected const LIST_PATH = '/api/google/calendar/v3/calendars/primary/events';

	protected int $connection_id;

	protected function setUp(): void {
		parent::setUp();
		Peer::control( 'POST', '/calendar', array( 'action' => 'seed', 'count' => self::EVENTS ) );
		$this->connection_id = $this->connect( 'google', array( 'import' ) )['id'];
	}

	/**
	 * The saved sync cursor, read past the object cache (another process may have written it).
	 */
	protected function cursor(): ?string {
		wp_cache_flush();
		return get_option( "syncwarden_import_cursor_{$this->connection_id}", null );
	}

	/**
	 * External ids linked to the connection, one per imported event.
	 *
	 * @return string[]
	 */
	protected function links(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT external_id FROM {$wpdb->prefix}syncwarden_booking_links WHERE connection_id = %d", $this->connection_id ) );
	}

	/**
	 * Bookings the connection imported.
	 */
	protected function imported(): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}syncwarden_bookings WHERE source = %s", "google-{$this->connection_id}" ) );
	}

	/**
	 * Every seeded event is a booking exactly once: as many links as events, each external id once.
	 */
	protected function assert_all_imported_once(): void {
		$this->assertCount( self::EVENTS, $this->links(), 'no booking lost' );
		$this->assertCount( self::EVENTS, array_unique( $this->links() ), 'no booking duplicated' );
		$this->assertSame( self::EVENTS, $this->imported() );
	}
}
