<?php
/**
 * The PHP half of tools/makepot.mjs: prints, as JSON, every gettext call with the `syncwarden`
 * text domain in the PHP files named on the command line, read with PHP's own tokenizer (so
 * strings, comments and heredocs are never mistaken for each other).
 *
 *   php tools/makepot-php.php includes/Plugin.php …   → [{"file","line","msgid",…}, …]
 *
 * Build tooling only: never shipped in the plugin zip.
 *
 * @package SyncWarden
 */

// phpcs:disable WordPress -- a command-line build tool outside WordPress.

/** Argument roles per function, in order; `domain` must be the literal 'syncwarden'. */
const SYNCWARDEN_POT_KEYWORDS = array(
	'__'           => array( 'msgid', 'domain' ),
	'_e'           => array( 'msgid', 'domain' ),
	'esc_html__'   => array( 'msgid', 'domain' ),
	'esc_html_e'   => array( 'msgid', 'domain' ),
	'esc_attr__'   => array( 'msgid', 'domain' ),
	'esc_attr_e'   => array( 'msgid', 'domain' ),
	'_x'           => array( 'msgid', 'msgctxt', 'domain' ),
	'_ex'          => array( 'msgid', 'msgctxt', 'domain' ),
	'esc_html_x'   => array( 'msgid', 'msgctxt', 'domain' ),
	'esc_attr_x'   => array( 'msgid', 'msgctxt', 'domain' ),
	'_n'           => array( 'msgid', 'msgid_plural', null, 'domain' ),
	'_nx'          => array( 'msgid', 'msgid_plural', null, 'msgctxt', 'domain' ),
	'_n_noop'      => array( 'msgid', 'msgid_plural', 'domain' ),
	'_nx_noop'     => array( 'msgid', 'msgid_plural', 'msgctxt', 'domain' ),
);

/**
 * The value of a literal argument (one string, or strings joined with `.`), or null.
 *
 * @param array $tokens The argument's tokens, whitespace and comments removed.
 */
function syncwarden_pot_literal( array $tokens ) {
	$value = '';
	foreach ( $tokens as $index => $token ) {
		if ( 1 === $index % 2 ) {
			if ( '.' !== $token ) {
				return null;
			}
			continue;
		}
		if ( ! is_array( $token ) || T_CONSTANT_ENCAPSED_STRING !== $token[0] ) {
			return null;
		}
		$quoted = $token[1];
		$body   = substr( $quoted, 1, -1 );
		$value .= "'" === $quoted[0]
			? strtr( $body, array( "\\'" => "'", '\\\\' => '\\' ) )
			: stripcslashes( $body );
	}
	return 0 === count( $tokens ) % 2 ? null : $value;
}

/**
 * The arguments of the call whose `(` is at $open, each a list of significant tokens.
 *
 * @param array $tokens All tokens of the file.
 * @param int   $open   Index of the opening parenthesis.
 */
function syncwarden_pot_arguments( array $tokens, $open ) {
	$args  = array( array() );
	$depth = 0;
	$count = count( $tokens );
	for ( $i = $open; $i < $count; $i++ ) {
		$token = $tokens[ $i ];
		$text  = is_array( $token ) ? $token[1] : $token;
		if ( in_array( $text, array( '(', '[', '{' ), true ) || ( is_array( $token ) && in_array( $token[0], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) ) {
			++$depth;
			if ( 1 === $depth ) {
				continue;
			}
		} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
			--$depth;
			if ( 0 === $depth ) {
				return $args;
			}
		} elseif ( ',' === $text && 1 === $depth ) {
			$args[] = array();
			continue;
		}
		if ( is_array( $token ) && in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true ) ) {
			continue;
		}
		$args[ count( $args ) - 1 ][] = $token;
	}
	return $args;
}

/**
 * The translator comment that belongs to a call on $line: the last unused `translators:` comment
 * ending on that line or the one before (the rule WP-CLI's make-pot follows).
 *
 * @param array $comments Comments seen so far: [ end line, text, used ].
 * @param int   $line     Line of the call.
 */
function syncwarden_pot_comment( array &$comments, $line ) {
	for ( $i = count( $comments ) - 1; $i >= 0; $i-- ) {
		if ( $comments[ $i ][0] < $line - 1 ) {
			return null;
		}
		if ( ! $comments[ $i ][2] ) {
			$comments[ $i ][2] = true;
			return $comments[ $i ][1];
		}
	}
	return null;
}

/**
 * Every translatable string of one file.
 *
 * @param string $file Path relative to the repository root.
 */
function syncwarden_pot_file( $file ) {
	$tokens   = token_get_all( file_get_contents( $file ) );
	$found    = array();
	$comments = array();
	foreach ( $tokens as $index => $token ) {
		if ( ! is_array( $token ) ) {
			continue;
		}
		if ( in_array( $token[0], array( T_COMMENT, T_DOC_COMMENT ), true ) ) {
			if ( preg_match( '/translators:/i', $token[1] ) ) {
				$text       = trim( preg_replace( '#^\s*(/\*+|//|\*/?|\*)\s?#m', '', preg_replace( '#\*/\s*$#', '', $token[1] ) ) );
				$comments[] = array( $token[2] + substr_count( $token[1], "\n" ), preg_replace( '/\s*\n\s*/', ' ', $text ), false );
			}
			continue;
		}
		$roles = SYNCWARDEN_POT_KEYWORDS[ $token[1] ] ?? null;
		$next  = $tokens[ $index + 1 ] ?? null;
		if ( T_STRING !== $token[0] || null === $roles || '(' !== $next ) {
			continue;
		}
		$entry = syncwarden_pot_entry( $roles, syncwarden_pot_arguments( $tokens, $index + 1 ) );
		if ( null === $entry ) {
			continue;
		}
		$comment = syncwarden_pot_comment( $comments, $token[2] );
		$found[] = array_merge( array( 'file' => $file, 'line' => $token[2] ), $entry, $comment ? array( 'comment' => $comment ) : array() );
	}
	return $found;
}

/**
 * The entry a call's arguments describe, or null when it is not ours (another text domain, or
 * text that is not a literal and so cannot be extracted).
 *
 * @param array $roles Argument roles.
 * @param array $args  Argument tokens.
 */
function syncwarden_pot_entry( array $roles, array $args ) {
	$entry = array();
	foreach ( $roles as $position => $role ) {
		if ( null === $role ) {
			continue;
		}
		$value = syncwarden_pot_literal( $args[ $position ] ?? array() );
		if ( null === $value ) {
			return null;
		}
		$entry[ $role ] = $value;
	}
	if ( 'syncwarden' !== $entry['domain'] ) {
		return null;
	}
	unset( $entry['domain'] );
	return $entry;
}

$syncwarden_pot = array();
foreach ( array_slice( $argv, 1 ) as $syncwarden_pot_path ) {
	$syncwarden_pot = array_merge( $syncwarden_pot, syncwarden_pot_file( $syncwarden_pot_path ) );
}
echo json_encode( $syncwarden_pot, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
