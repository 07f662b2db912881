<?php
/**
 * Router for `php -S` serving an offline SyncWarden site. php -S would happily serve any file
 * under the document root, so this refuses dotfiles (.ht.sqlite, .git, .wordpress), databases,
 * logs and the plugin's development folders before anything else.
 */
$syncwarden_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );

if ( preg_match( '#(^|/)\.|/wp-content/database/|/node_modules/|\.(sqlite|sqlite3|db|log)$#i', $syncwarden_path ) || str_contains( $syncwarden_path, '..' ) ) {
	http_response_code( 403 );
	header( 'Content-Type: text/plain' );
	echo "Forbidden\n";
	return true;
}

if ( '/wp-admin' === $syncwarden_path ) {
	header( 'Location: /wp-admin/', true, 301 );
	return true;
}

$syncwarden_file = $_SERVER['DOCUMENT_ROOT'] . $syncwarden_path;
if ( is_file( $syncwarden_file ) || ( is_dir( $syncwarden_file ) && is_file( rtrim( $syncwarden_file, '/' ) . '/index.php' ) ) ) {
	return false; // Static file, PHP script or directory index: php -S handles it as-is.
}

// Everything else is a pretty permalink or /wp-json/ route.
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
chdir( $_SERVER['DOCUMENT_ROOT'] );
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
