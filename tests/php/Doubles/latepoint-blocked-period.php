<?php
/**
 * A stand-in for LatePoint's \LatePoint\Misc\BlockedPeriod with the public properties its 5.6.5
 * source gives it (lib/misc/blocked_period.php:10-17) and a constructor that sets the ones named
 * (:19-26), for the double's test site, which has no LatePoint. Written for these tests; nothing
 * of LatePoint is copied.
 */

namespace LatePoint\Misc;

if ( ! class_exists( BlockedPeriod::class, false ) ) {
	final class BlockedPeriod {
		public string $start_date = '';
		public string $end_date   = '';
		public int $start_time    = 0;
		public int $end_time      = 0;
		public ?int $service_id   = 0;
		public ?int $agent_id     = 0;
		public ?int $location_id  = 0;

		public function __construct( array $args = array() ) {
			foreach ( $args as $key => $value ) {
				if ( property_exists( $this, $key ) ) {
					$this->$key = $value;
				}
			}
		}
	}
}
