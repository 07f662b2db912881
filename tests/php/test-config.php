<?php
/**
 * What the test site's "wp-config" defines for every PHP process of the suite (PHPUnit and the
 * extra processes some tests start).
 *
 * Calendly's credentials come from constants to cover the constant source; they are the peer's
 * sandbox client, so real flows run with them too.
 */
define( 'SYNCWARDEN_CALENDLY_CLIENT_ID', 'sandbox-calendly' );
define( 'SYNCWARDEN_CALENDLY_CLIENT_SECRET', 'sandbox-calendly-secret' );
