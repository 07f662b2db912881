<?php
/**
 * The user's admin colour scheme as the accent of SyncWarden's components.
 *
 * @package SyncWarden
 */

namespace SyncWarden\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * WordPress's components draw buttons, checkboxes, toggles, tabs and focus rings in
 * `--wp-admin-theme-color`, which wp-components defaults to #3858e9 on `:root`. From 7.0 core's
 * `wp-base-styles` sets that variable per admin colour scheme on every admin screen (and core's
 * own buttons use it), so nothing is needed there. Older cores set it only inside the block
 * editor, so an ordinary admin screen got the components' blue whatever the user chose; for those
 * this gives the variable the colour of core's own primary button in the user's scheme.
 */
final class AdminScheme {

	/**
	 * Core's primary-button background per admin colour scheme on WordPress 6.5–6.9
	 * (wp-includes/css/buttons.css for `fresh`, wp-admin/css/colors/<scheme>/colors.css for the rest).
	 */
	private const BUTTON_COLOURS = array(
		'fresh'     => '#2271b1',
		'light'     => '#04a4cc',
		'modern'    => '#3858e9',
		'blue'      => '#e1a948',
		'coffee'    => '#c7a589',
		'ectoplasm' => '#a3b745',
		'midnight'  => '#e14d43',
		'ocean'     => '#9ebaa0',
		'sunrise'   => '#dd823b',
	);

	/**
	 * Whether this core sets the theme colour per scheme itself (WordPress 7.0+).
	 */
	public static function core_sets_theme_color(): bool {
		return wp_style_is( 'wp-base-styles', 'registered' );
	}

	/**
	 * CSS giving the components the user's scheme colour, or '' where core already does.
	 *
	 * @param string $scheme The user's `admin_color` option ('' means core's default).
	 */
	public static function css( string $scheme ): string {
		if ( self::core_sets_theme_color() ) {
			return '';
		}
		$base = self::BUTTON_COLOURS[ $scheme ] ?? self::BUTTON_COLOURS['fresh'];
		$d10  = self::darken( $base, 5 );
		$d20  = self::darken( $base, 10 );
		// On body, not :root: the components' own :root default must lose, and modals render in
		// a portal outside the app's root element.
		return sprintf(
			'body{--wp-admin-theme-color:%1$s;--wp-admin-theme-color--rgb:%2$s;--wp-admin-theme-color-darker-10:%3$s;--wp-admin-theme-color-darker-10--rgb:%4$s;--wp-admin-theme-color-darker-20:%5$s;--wp-admin-theme-color-darker-20--rgb:%6$s}',
			$base,
			self::rgb( $base ),
			$d10,
			self::rgb( $d10 ),
			$d20,
			self::rgb( $d20 )
		);
	}

	/**
	 * "r,g,b" of a #rrggbb colour, for the components' rgba() uses.
	 *
	 * @param string $hex Colour.
	 */
	private static function rgb( string $hex ): string {
		return implode( ',', array_map( 'hexdec', str_split( substr( $hex, 1 ), 2 ) ) );
	}

	/**
	 * The colour with its HSL lightness lowered by the given points, as the components' Sass does
	 * for the `darker-10` and `darker-20` shades (hover and pressed states).
	 *
	 * @param string $hex    Colour.
	 * @param float  $points Lightness points to remove.
	 */
	public static function darken( string $hex, float $points ): string {
		list( $r, $g, $b ) = array_map( static fn( $part ) => hexdec( $part ) / 255, str_split( substr( $hex, 1 ), 2 ) );
		$max   = max( $r, $g, $b );
		$min   = min( $r, $g, $b );
		$light = ( $max + $min ) / 2;
		$delta = $max - $min;
		$sat   = 0.0 === (float) $delta ? 0.0 : $delta / ( 1 - abs( 2 * $light - 1 ) );
		if ( 0.0 === (float) $delta ) {
			$hue = 0.0;
		} elseif ( $max === $r ) {
			$hue = 60 * fmod( ( $g - $b ) / $delta + 6, 6 );
		} elseif ( $max === $g ) {
			$hue = 60 * ( ( $b - $r ) / $delta + 2 );
		} else {
			$hue = 60 * ( ( $r - $g ) / $delta + 4 );
		}
		$light  = max( 0, $light - $points / 100 );
		$chroma = ( 1 - abs( 2 * $light - 1 ) ) * $sat;
		$x      = $chroma * ( 1 - abs( fmod( $hue / 60, 2 ) - 1 ) );
		$m      = $light - $chroma / 2;
		$sector = array( array( $chroma, $x, 0 ), array( $x, $chroma, 0 ), array( 0, $chroma, $x ), array( 0, $x, $chroma ), array( $x, 0, $chroma ), array( $chroma, 0, $x ) );
		$rgb    = $sector[ (int) floor( $hue / 60 ) % 6 ];
		return '#' . implode( '', array_map( static fn( $part ) => sprintf( '%02x', (int) round( ( $part + $m ) * 255 ) ), $rgb ) );
	}
}
