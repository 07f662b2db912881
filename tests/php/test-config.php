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

// Zoho's data-centre hosts may pass WordPress's outbound block (WP_HTTP_BLOCK_EXTERNAL): the
// tests that use them point them at the local peer (Harness\ZohoDataCentreHosts).
define( 'WP_ACCESSIBLE_HOSTS', 'accounts.zoho.eu,www.zohoapis.eu,accounts.zoho.in,www.zohoapis.in,accounts.zoho.com.au,www.zohoapis.com.au,accounts.zoho.jp,www.zohoapis.jp,accounts.zohocloud.ca,www.zohoapis.ca,accounts.zoho.sa,www.zohoapis.sa,accounts.zoho.com.cn,www.zohoapis.com.cn,accounts.zoho.uk,www.zohoapis.uk' );
