/**
 * Drops the warnings oidc-provider prints for choices this peer makes on purpose, so a green run
 * shows nothing a user cannot act on:
 * - "Unsupported runtime" on Node 20: the peer is tested on Node 20 (see README, Node versions);
 * - the in-memory adapter: all peer state is meant to vanish when it stops (README beside this file);
 * - "already parsed request body": the peer reads the token and revocation forms itself to refuse
 *   a client authenticating another way than its provider documents (server.mjs, checkClientAuth)
 *   and hands the parsed form over as req.body, which oidc-provider then uses, as it says.
 * Every other warning goes through unchanged.
 */
const EXPECTED = [
	'oidc-provider WARNING: Unsupported runtime.',
	'oidc-provider WARNING: a quick start development-only in-memory adapter is used',
	'oidc-provider WARNING: already parsed request body detected',
];

/* eslint-disable no-console -- this module exists to filter console.warn. */
const warn = console.warn.bind( console );
console.warn = ( ...args ) => {
	const text = String( args[ 0 ] ?? '' ).replace( /\x1b\[[0-9;]*m/g, '' );
	if ( ! EXPECTED.some( ( prefix ) => text.startsWith( prefix ) ) ) {
		warn( ...args );
	}
};
