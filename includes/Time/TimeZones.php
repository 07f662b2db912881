<?php
/**
 * Time zone names: IANA canonical names and legacy aliases, and the Windows zone ids Microsoft
 * uses, mapped both ways with CLDR's windowsZones data.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Time;

defined( 'ABSPATH' ) || exit;

/**
 * The bottom layer for zone names (no WordPress, no I/O beyond one bundled table).
 *
 * With ext-intl the answers come from ICU, which carries CLDR's windowsZones.xml and its alias
 * data. Without it they come from `zone-table.php`, which `tools/zone-table.php` generates from
 * the same ICU calls; a test checks that both agree for every zone.
 *
 * "Canonical" means the name PHP's own zone list uses (tzdata's current name, e.g. Asia/Kolkata),
 * not ICU's canonical id, which keeps older CLDR names (Asia/Calcutta).
 */
final class TimeZones {

	/** Windows' and Graph's name for UTC (CLDR: "UTC" → Etc/UTC). */
	public const UTC_WINDOWS = 'UTC';

	private static ?self $shared = null;

	/**
	 * The bundled table (null until first needed).
	 *
	 * @var array{aliases: array<string, string>, windows: array<string, string>, iana: array<string, string>}|null
	 */
	private ?array $table = null;

	/**
	 * Names in PHP's zone list (name => true).
	 *
	 * @var array<string, bool>
	 */
	private array $listed;

	/**
	 * Constructor.
	 *
	 * @param bool $intl Ask ICU (true) or the bundled table (false).
	 */
	public function __construct( private readonly bool $intl ) {
		$this->listed = array_fill_keys( timezone_identifiers_list(), true );
	}

	/** The instance the plugin uses: ICU when ext-intl is loaded, else the table. */
	public static function shared(): self {
		return self::$shared ??= new self( extension_loaded( 'intl' ) );
	}

	/**
	 * The canonical IANA name of a zone name or legacy alias (`Asia/Calcutta` → `Asia/Kolkata`,
	 * `US/Pacific` → `America/Los_Angeles`), or null for a name that is no zone.
	 *
	 * @param mixed $name Zone name.
	 */
	public function canonical( $name ): ?string {
		if ( ! is_string( $name ) || '' === $name ) {
			return null;
		}
		if ( isset( $this->listed[ $name ] ) ) {
			return $name;
		}
		if ( ! $this->intl ) {
			return $this->table()['aliases'][ $name ] ?? null;
		}
		return $this->intl_canonical( $name );
	}

	/**
	 * The Windows zone id of an IANA zone (`Europe/Madrid` → `Romance Standard Time`), or null
	 * when CLDR maps it to none.
	 *
	 * @param string $iana Zone name (aliases allowed).
	 */
	public function windows_id( string $iana ): ?string {
		$zone = $this->canonical( $iana );
		if ( null === $zone ) {
			return null;
		}
		if ( ! $this->intl ) {
			return $this->table()['windows'][ $zone ] ?? null;
		}
		$windows = \IntlTimeZone::getWindowsID( $zone );
		return is_string( $windows ) && '' !== $windows ? $windows : null;
	}

	/**
	 * The Windows zone id to describe `$time` in `$iana`: only when the id's own zone (see
	 * iana_for_windows()) has the same UTC offset then. CLDR data in ICU can lag the host's tz
	 * rules (ICU 72 still files America/Chihuahua under Mountain Standard Time (Mexico), an hour
	 * off since 2022); null then, and callers fall back to UTC.
	 *
	 * @param string $iana Zone name (aliases allowed).
	 * @param int    $time Unix time.
	 */
	public function windows_id_at( string $iana, int $time ): ?string {
		$windows = $this->windows_id( $iana );
		$golden  = null === $windows ? null : $this->iana_for_windows( $windows );
		if ( null === $golden ) {
			return null;
		}
		$at = new \DateTimeImmutable( '@' . $time );
		return ( new \DateTimeZone( $golden ) )->getOffset( $at ) === ( new \DateTimeZone( (string) $this->canonical( $iana ) ) )->getOffset( $at ) ? $windows : null;
	}

	/**
	 * The IANA zone CLDR gives for a Windows zone id (its territory "001" zone, e.g.
	 * `Romance Standard Time` → `Europe/Paris`), or null for an unknown id.
	 *
	 * @param string $windows Windows zone id.
	 */
	public function iana_for_windows( string $windows ): ?string {
		if ( ! $this->intl ) {
			return $this->table()['iana'][ $windows ] ?? null;
		}
		$zone = \IntlTimeZone::getIDForWindowsID( $windows );
		return is_string( $zone ) && '' !== $zone ? $this->canonical( $zone ) : null;
	}

	/**
	 * A zone name from a provider, which may be IANA or Windows, as a canonical IANA name.
	 *
	 * @param mixed $name Zone name.
	 */
	public function from_provider( $name ): ?string {
		if ( ! is_string( $name ) ) {
			return null;
		}
		return $this->canonical( $name ) ?? $this->iana_for_windows( $name );
	}

	/**
	 * Every name the table covers (PHP's zone list with legacy names), for generating and testing.
	 *
	 * @return string[]
	 */
	public static function all_names(): array {
		return timezone_identifiers_list( \DateTimeZone::ALL_WITH_BC );
	}

	/**
	 * ICU's answer for a name outside PHP's default list (PHP must know it as a legacy name): the
	 * listed zone ICU counts as the same zone, else ICU's canonical id if PHP knows it (Etc/GMT+5).
	 *
	 * @param string $name Zone name.
	 */
	private function intl_canonical( string $name ): ?string {
		static $by_icu = null; // ICU canonical id => listed name, built once per request.
		if ( null === $by_icu ) {
			$by_icu = array();
			foreach ( array_keys( $this->listed ) as $zone ) {
				$icu = \IntlTimeZone::getCanonicalID( $zone );
				if ( is_string( $icu ) && '' !== $icu ) {
					$by_icu[ $icu ] = $zone;
				}
			}
		}
		static $known = null; // Names PHP can open (legacy ones included); ICU knows a few more.
		$known ??= array_fill_keys( self::all_names(), true );
		$icu     = isset( $known[ $name ] ) ? \IntlTimeZone::getCanonicalID( $name ) : false;
		if ( ! is_string( $icu ) || '' === $icu || 'Etc/Unknown' === $icu ) {
			return null;
		}
		return $by_icu[ $icu ] ?? ( isset( $known[ $icu ] ) ? $icu : null );
	}

	/**
	 * The bundled table.
	 *
	 * @return array{aliases: array<string, string>, windows: array<string, string>, iana: array<string, string>}
	 */
	private function table(): array {
		return $this->table ??= require __DIR__ . '/zone-table.php';
	}
}
