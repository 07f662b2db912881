/**
 * Webhook endpoint benchmark: latency of a valid signed Calendly delivery and of a forged one,
 * then the rate at which a bounded flood of forged deliveries is refused, on a served site
 * (`php -S`, loopback only). The Calendly connection and its webhook subscription are made for
 * real through the local peer (tools/wp/bench-webhooks.php); the signing key is the one the peer
 * (Calendly's side) holds.
 *
 *   import { benchWebhooks } from './bench-webhooks.mjs';
 *   const lines = await benchWebhooks( { version, site, url, peer } );   // markdown lines
 *
 * or standalone: `node tools/bench-webhooks.mjs` (own fresh site `bench-webhooks` on
 * BENCH_WEBHOOKS_PORT, default 8898, and a peer on PEER_PORT).
 */
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { request } from '../tests/peers/https-client.mjs';
import { CALENDLY_APP_SIGNING_KEY } from '../tests/peers/push.mjs';
import { startPeer } from './peers.mjs';
import {
	coreDir,
	ensurePhp,
	ensureSite,
	ROOT,
	serve,
	siteEnv,
} from './wordpress.mjs';

const DEFAULTS = { samples: 50, flood: 2000, concurrency: 8, pageSamples: 10 };

function percentile( values, p ) {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[
		Math.min( sorted.length - 1, Math.floor( ( p / 100 ) * sorted.length ) )
	];
}

/**
 * One step of tools/wp/bench-webhooks.php in its own PHP process.
 * @param {Object}   options         Options.
 * @param {string}   options.version Core version key.
 * @param {string}   options.site    Site name.
 * @param {string}   options.url     Site URL.
 * @param {Object}   options.peer    The running peer (its env points Calendly at it).
 * @param {string[]} args            Step and arguments.
 * @return {Object} The step's JSON answer.
 */
function step( { version, site, url, peer }, args ) {
	const output = execFileSync(
		'php',
		[
			path.join( ROOT, 'tools/wp/cli.php' ),
			coreDir( version ),
			'bench-webhooks',
			...args,
		],
		{
			encoding: 'utf8',
			stdio: [ 'ignore', 'pipe', 'inherit' ],
			env: siteEnv( site, {
				...peer.env,
				SYNCWARDEN_HOST: new URL( url ).host,
				SYNCWARDEN_SANDBOX_CREDENTIALS: '1',
				SYNCWARDEN_WEBHOOK_BASE: `${ url }/wp-json/`,
				SYNCWARDEN_DISABLE_WP_CRON: '1',
			} ),
		}
	);
	return JSON.parse( output );
}

/**
 * A Calendly invitee.created delivery for a new scheduled event.
 * @return {string} Raw JSON body.
 */
function delivery() {
	const uri = `https://api.calendly.com/scheduled_events/${ randomUUID() }`;
	const start = Date.now() + 2 * 86400000;
	return JSON.stringify( {
		created_at: new Date().toISOString(),
		created_by: 'https://api.calendly.com/users/SANDBOX',
		event: 'invitee.created',
		payload: {
			email: 'bench@example.com',
			name: 'Bench Invitee',
			status: 'active',
			uri: `${ uri }/invitees/${ randomUUID() }`,
			event: uri,
			scheduled_event: {
				uri,
				name: 'Benchmark booking',
				status: 'active',
				start_time: new Date( start ).toISOString(),
				end_time: new Date( start + 1800000 ).toISOString(),
				invitees_counter: { total: 1, active: 1, limit: 1 },
			},
		},
	} );
}

/**
 * POSTs a delivery signed with `key` and times it.
 * @param {string} endpoint Webhook URL.
 * @param {string} key      Signing key (a wrong one for forgeries).
 * @return {Promise<{status: number, ms: number, retryAfter: ?string}>} Outcome.
 */
async function post( endpoint, key ) {
	const body = delivery();
	const t = Math.floor( Date.now() / 1000 );
	const v1 = createHmac( 'sha256', key )
		.update( `${ t }.${ body }` )
		.digest( 'hex' );
	const started = performance.now();
	const response = await fetch( endpoint, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'Calendly-Webhook-Signature': `t=${ t },v1=${ v1 }`,
		},
		body,
	} );
	await response.arrayBuffer();
	return {
		status: response.status,
		ms: performance.now() - started,
		retryAfter: response.headers.get( 'retry-after' ),
	};
}

async function homePage( url ) {
	const started = performance.now();
	const response = await fetch( `${ url }/` );
	await response.arrayBuffer();
	return performance.now() - started;
}

/**
 * Measures the Calendly webhook endpoint of a served site.
 *
 * @param {Object} options               Options.
 * @param {string} options.version       Core version key of the site.
 * @param {string} options.site          Site name (installed, SyncWarden active).
 * @param {string} options.url           URL the site is served on (php -S, loopback).
 * @param {Object} options.peer          Running peer (tools/peers.mjs) accepting callbacks for `url`.
 * @param {number} [options.samples]     Valid and forged deliveries timed (each; ≤ 55 keeps both
 *                                       phases under the per-address limit of 120 a minute).
 * @param {number} [options.flood]       Forged requests in the flood.
 * @param {number} [options.concurrency] Flood requests in flight at once.
 * @param {number} [options.pageSamples] Home page loads timed before and during the flood.
 * @return {Promise<string[]>} Markdown lines (a `##` section).
 */
export async function benchWebhooks( options ) {
	const o = { ...DEFAULTS, ...options };
	const connected = step( o, [ 'connect', CALENDLY_APP_SIGNING_KEY ] );
	if ( connected.state !== 'active' ) {
		throw new Error(
			`the webhook subscription is ${ connected.state }, not active`
		);
	}
	const endpoint = connected.endpoint_url;
	const push = JSON.parse(
		(
			await request( `${ o.peer.url }/__control/push`, {
				ca: o.peer.ca,
			} )
		).body
	);
	if ( ! push.calendly.some( ( sub ) => sub.callback_url === endpoint ) ) {
		throw new Error( 'the peer holds no subscription for the endpoint' );
	}
	// Calendly signs an OAuth app's deliveries with the app's key, never a subscription's own.
	const key = CALENDLY_APP_SIGNING_KEY;
	const forgedKey = randomBytes( 32 ).toString( 'base64url' );
	try {
		// Warm both paths once, then alternate so machine noise hits both alike.
		await post( endpoint, key );
		await post( endpoint, forgedKey );
		const valid = [];
		const forged = [];
		for ( let i = 0; i < o.samples; i++ ) {
			valid.push( await post( endpoint, key ) );
			forged.push( await post( endpoint, forgedKey ) );
		}
		const unexpected = [
			...valid.filter( ( r ) => r.status !== 200 ),
			...forged.filter( ( r ) => r.status !== 401 ),
		];
		if ( unexpected.length ) {
			throw new Error(
				`unexpected answers: ${ unexpected.map( ( r ) => r.status ).join( ', ' ) }`
			);
		}
		const bookingsBefore = step( o, [
			'count',
			String( connected.connection_id ),
		] ).bookings;

		const pageBefore = [];
		for ( let i = 0; i < o.pageSamples; i++ ) {
			pageBefore.push( await homePage( o.url ) );
		}
		const statuses = [];
		let retryAfter = null;
		let sent = 0;
		const started = performance.now();
		const worker = async () => {
			while ( sent < o.flood ) {
				sent++;
				const answer = await post( endpoint, forgedKey );
				statuses.push( answer.status );
				retryAfter = answer.retryAfter ?? retryAfter;
			}
		};
		const pageDuring = [];
		const pages = ( async () => {
			for ( let i = 0; i < o.pageSamples; i++ ) {
				pageDuring.push( await homePage( o.url ) );
			}
		} )();
		await Promise.all(
			Array.from( { length: o.concurrency }, worker ).concat( pages )
		);
		const seconds = ( performance.now() - started ) / 1000;
		const bookingsAfter = step( o, [
			'count',
			String( connected.connection_id ),
		] ).bookings;

		const count = ( code ) => statuses.filter( ( s ) => s === code ).length;
		const refused = count( 401 ) + count( 429 );
		const ms = ( list, p ) =>
			`${ percentile(
				list.map( ( r ) => r.ms ?? r ),
				p
			).toFixed( 1 ) } ms`;
		return [
			'## Webhook endpoint (Calendly)',
			'',
			`${ o.samples } valid signed deliveries and ${ o.samples } forged ones (signed with another key), alternating, one at a time, against a Calendly connection subscribed for real at the local peer; \`php -S\` with 4 workers on loopback.`,
			'',
			'| delivery | answer | p50 | p95 |',
			'|---|---|---:|---:|',
			`| valid (rate limit, verify, replay check, schema, one new booking) | 200 | ${ ms( valid, 50 ) } | ${ ms( valid, 95 ) } |`,
			`| forged (rate limit, verify, security event) | 401 | ${ ms( forged, 50 ) } | ${ ms( forged, 95 ) } |`,
			'',
			`Bookings from the timed deliveries: ${ bookingsBefore } (${ o.samples + 1 } valid deliveries, each a new scheduled event).`,
			'',
			`Flood: ${ o.flood } forged deliveries, ${ o.concurrency } in flight at once: **${ refused } refused** (${ count( 401 ) } × 401 until the per-address limit engaged, ${ count( 429 ) } × 429 with Retry-After${ retryAfter ? ` ${ retryAfter } s` : '' }${ statuses.length - refused ? `, ${ statuses.length - refused } other` : '' }) in ${ seconds.toFixed( 1 ) } s = **${ ( refused / seconds ).toFixed( 0 ) } refused requests/s**; bookings written by the flood: ${ bookingsAfter - bookingsBefore }. Home page p50 before the flood ${ ms( pageBefore, 50 ) }, during it ${ ms( pageDuring, 50 ) }.`,
			'',
		];
	} finally {
		step( o, [ 'disconnect', String( connected.connection_id ) ] );
	}
}

// Standalone: a fresh site of its own, its own peer, printed to stdout.
if (
	process.argv[ 1 ] &&
	import.meta.url === pathToFileURL( process.argv[ 1 ] ).href
) {
	const version = '6.5';
	const site = 'bench-webhooks';
	const port = Number( process.env.BENCH_WEBHOOKS_PORT || 8898 );
	const url = `http://127.0.0.1:${ port }`;
	ensurePhp();
	ensureSite( { version, name: site, fresh: true, url } );
	const peer = await startPeer( [ url ] );
	const server = await serve( {
		version,
		name: site,
		port,
		quiet: true,
		env: { SYNCWARDEN_DISABLE_WP_CRON: '1' },
	} );
	try {
		process.stdout.write(
			( await benchWebhooks( { version, site, url, peer } ) ).join(
				'\n'
			) + '\n'
		);
	} finally {
		server.stop();
		peer.stop();
	}
}
