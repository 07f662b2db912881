<?php
/**
 * Vault micro-benchmarks, run inside a real WordPress by `npm run bench` (tools/bench.mjs).
 * Prints JSON: per-secret encrypt+decrypt time on native sodium and on sodium_compat, and the
 * wall time of the re-encrypt job over 1,000 secrets stored one per database row.
 */

use SyncWarden\Audit\AuditLog;
use SyncWarden\Storage\KeyMonitor;
use SyncWarden\Storage\KeyRing;
use SyncWarden\Storage\ReencryptJob;
use SyncWarden\Storage\SecretHolder;
use SyncWarden\Storage\Vault;

$secret  = str_repeat( 'x', 180 ); // About the size of a provider access token.
$old_key = base64_encode( random_bytes( 32 ) );

$round_trip_us = static function ( Vault $vault, int $iterations ) use ( $secret ): float {
	$started = hrtime( true );
	for ( $i = 0; $i < $iterations; $i++ ) {
		$vault->decrypt( $vault->encrypt( $secret, "bench:$i" ), "bench:$i" );
	}
	return ( hrtime( true ) - $started ) / 1e3 / $iterations;
};

$native = new Vault( new KeyRing( $old_key, null, array() ) );
$compat = new Vault( new KeyRing( $old_key, null, array() ), Vault::BACKEND_COMPAT );
$round_trip_us( $native, 50 ); // warm-up

// 1,000 secrets under the old key, one non-autoloaded option each, as real rows would be.
$holder = new class() implements SecretHolder {
	public const COUNT = 1000;
	public function stored_secrets(): iterable {
		for ( $i = 0; $i < self::COUNT; $i++ ) {
			yield array(
				'ref'      => (string) $i,
				'context'  => "bench:$i",
				'envelope' => (string) get_option( "syncwarden_bench_secret_$i" ),
			);
		}
	}
	public function replace_secret( string $ref, string $envelope, string $expected ): bool {
		// As the real holders do: only when the stored copy is still the one read.
		if ( get_option( "syncwarden_bench_secret_$ref" ) !== $expected ) {
			return false;
		}
		return update_option( "syncwarden_bench_secret_$ref", $envelope, false );
	}
};
for ( $i = 0; $i < $holder::COUNT; $i++ ) {
	update_option( "syncwarden_bench_secret_$i", $native->encrypt( $secret, "bench:$i" ), false );
}
$rotated = new Vault( new KeyRing( base64_encode( random_bytes( 32 ) ), $old_key, array() ) );
$audit   = new AuditLog();
$job     = new ReencryptJob( $rotated, array( $holder ), new KeyMonitor( new KeyRing( null, null, array() ), $rotated, array( $holder ), $audit ), $audit );
$job->start();
$started = hrtime( true );
$batches = 0;
while ( wp_next_scheduled( ReencryptJob::HOOK ) ) {
	wp_clear_scheduled_hook( ReencryptJob::HOOK );
	$job->run_batch();
	++$batches;
}
$job_ms = ( hrtime( true ) - $started ) / 1e6;
for ( $i = 0; $i < $holder::COUNT; $i++ ) {
	delete_option( "syncwarden_bench_secret_$i" );
}

echo wp_json_encode(
	array(
		'native_us'     => $round_trip_us( $native, 2000 ),
		'compat_us'     => $round_trip_us( $compat, 100 ),
		'reencrypt_ms'  => $job_ms,
		'reencrypt_n'   => $holder::COUNT,
		'batches'       => $batches,
		'moved'         => $job->state()['moved'],
		'secret_bytes'  => strlen( $secret ),
	)
);
