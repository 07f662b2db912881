<?php

namespace SyncWarden\Tests;

use SyncWarden\Storage\BookingsRepository;

/**
 * Import through "Sync now" against the peer's seeded calendar: one connection per test, what
 * the run reported, what was stored, and what the peer was asked.
 */
abstract class ImportTestCase extends OAuthTestCase {

	protected int $connection_id;

	/** Connects the provider for import; the test's connection from then on. */
	protected function start( string $provider ): void {
		$this->connection_id = $this->connect( $provider, array( 'import' ) )['id'];
	}

	/** Presses "Sync now" and returns the run's counts. */
	protected function sync(): array {
		$response = $this->rest( 'POST', "/syncwarden/v1/connections/{$this->connection_id}/sync" );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	/** Bookings the test's connection imported. */
	protected function imported( string $provider ): array {
		return ( new BookingsRepository() )->query( array( 'source' => "{$provider}-{$this->connection_id}", 'per_page' => 100 ) )['items'];
	}

	/** GETs the peer received below a path, the connect's account lookup left out. */
	protected function requests( string $prefix ): array {
		return array_values( array_filter( Peer::stats()['requests'], static fn( $r ) => 'GET' === $r['method'] && str_starts_with( $r['path'], $prefix ) && ! str_contains( $r['path'], 'fields=summary' ) ) );
	}
}
