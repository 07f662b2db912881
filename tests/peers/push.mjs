/**
 * Push fixtures: Calendly webhook subscriptions, Google Calendar events.watch
 * channels and Microsoft Graph subscriptions, kept in memory like the
 * providers keep them; Graph's validation handshake against the subscriber's
 * endpoint before a subscription exists; and, on request (`/__control/deliver`),
 * deliveries to the subscribed endpoints signed or tokened as the real
 * providers do, optionally tampered with. See README.md beside this file.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import { GOOGLE_EVENT_TYPES } from './calendar.mjs';
import { request } from './https-client.mjs';

export const CALENDLY_ORG = 'https://api.calendly.com/organizations/SANDBOX';
// Calendly generates one webhook signing key per OAuth application and signs every delivery of
// the app's subscriptions with it; a subscription's own signing_key counts only for personal
// access tokens (developer.calendly.com/api-docs/overview/webhooks/webhook-signatures). Every
// token this peer issues belongs to the sandbox OAuth app, so this is the key deliveries carry.
export const CALENDLY_APP_SIGNING_KEY =
	'sandbox-calendly-app-webhook-signing-key';
const CALENDLY_API = 'https://api.calendly.com';
const CALENDLY_EVENTS = [
	'invitee.created',
	'invitee.canceled',
	'invitee_no_show.created',
	'routing_form_submission.created',
];
const GRAPH_MAX_MINUTES = 10080; // Outlook events: under 7 days.
const GRAPH_CLIENT_STATE_MAX = 128;
// Outlook events accept these change types; the TLS values are Graph's documented ones.
const GRAPH_CHANGE_TYPES = [ 'created', 'updated', 'deleted' ];
const GRAPH_TLS_VERSIONS = [ 'v1_0', 'v1_1', 'v1_2', 'v1_3' ];
const HANDSHAKE_TIMEOUT_MS = 10000; // Graph's own limit.
const DELIVERY_TIMEOUT_MS = 15000;
const LOG = 100;

const isObject = ( value ) =>
	value !== null && typeof value === 'object' && ! Array.isArray( value );
const iso = ( ms = Date.now() ) => new Date( ms ).toISOString();

// Providers deliver to public https:// addresses only; the stand-in also
// accepts plain http to loopback, where the test sites run.
function deliverable( url ) {
	try {
		const parsed = new URL( url );
		return (
			parsed.protocol === 'https:' ||
			( parsed.protocol === 'http:' &&
				[ '127.0.0.1', 'localhost', '[::1]' ].includes(
					parsed.hostname
				) )
		);
	} catch {
		return false;
	}
}

function withTimeout( promise, ms, what ) {
	let timer;
	return Promise.race( [
		promise,
		new Promise( ( resolve, reject ) => {
			timer = setTimeout(
				() =>
					reject(
						new Error( `${ what } timed out after ${ ms } ms` )
					),
				ms
			);
		} ),
	] ).finally( () => clearTimeout( timer ) );
}

const calendlyError = ( status, title, message ) => [
	status,
	{ title, message },
];
const googleError = ( code, reason, message ) => [
	code,
	{
		error: {
			code,
			message,
			errors: [ { domain: 'push', reason, message } ],
		},
	},
];
const graphError = ( status, code, message ) => [
	status,
	{ error: { code, message } },
];

/**
 * @param {Object}   options
 * @param {Function} options.fixtures Returns the current calendar fixtures (reset replaces them).
 * @param {string}   options.issuer   Peer origin (resource URIs).
 * @param {string}   options.user     Calendly user URI of the sandbox account.
 * @return {Object} `{ handle, deliver, control, state }`.
 */
export function createPush( { fixtures, issuer, user } ) {
	const calendly = new Map(); // uuid -> subscription (with its signing key)
	const google = new Map(); // channel id -> channel (with its token)
	const graph = new Map(); // id -> subscription (with its clientState)
	const log = []; // what the peer sent to subscribers: {kind, url, status}

	function remember( entry ) {
		log.push( { at: iso(), ...entry } );
		if ( log.length > LOG ) {
			log.shift();
		}
	}

	// Sends one request to a subscriber and records the outcome.
	async function send( kind, url, options, timeout = DELIVERY_TIMEOUT_MS ) {
		try {
			const res = await withTimeout(
				request( url, options ),
				timeout,
				kind
			);
			remember( { kind, url, status: res.status } );
			return res;
		} catch ( error ) {
			remember( { kind, url, status: 0, error: error.message } );
			return { status: 0, headers: {}, body: '', error: error.message };
		}
	}

	// ---- Calendly ------------------------------------------------------------

	const calendlyView = ( sub ) => {
		const { signing_key: key, signing_key_sent: sent, ...view } = sub;
		return view;
	};

	function calendlyCreate( body ) {
		if ( ! isObject( body ) ) {
			return calendlyError(
				400,
				'Invalid Argument',
				'The supplied parameters are invalid.'
			);
		}
		const { url, events, organization, scope, signing_key: key } = body;
		const problems = [];
		if ( typeof url !== 'string' || ! deliverable( url ) ) {
			problems.push( 'url must be an https URL' );
		}
		if (
			! Array.isArray( events ) ||
			! events.length ||
			events.some( ( e ) => ! CALENDLY_EVENTS.includes( e ) )
		) {
			problems.push( 'events is invalid' );
		}
		if ( ! [ 'user', 'organization' ].includes( scope ) ) {
			problems.push( 'scope must be user or organization' );
		}
		if ( scope === 'user' && typeof body.user !== 'string' ) {
			problems.push( 'user is required for the user scope' );
		}
		if ( key !== undefined && typeof key !== 'string' ) {
			problems.push( 'signing_key must be a string' );
		}
		if ( problems.length ) {
			return calendlyError(
				400,
				'Invalid Argument',
				problems.join( '; ' )
			);
		}
		if (
			organization !== CALENDLY_ORG ||
			( scope === 'user' && body.user !== user )
		) {
			return calendlyError(
				403,
				'Permission Denied',
				'You do not have permission to access this resource.'
			);
		}
		const taken = [ ...calendly.values() ].some(
			( sub ) => sub.callback_url === url
		);
		if ( taken ) {
			return calendlyError(
				409,
				'Already Exists',
				'Hook with this url already exists'
			);
		}
		const uuid = randomUUID();
		const now = iso();
		const sub = {
			uri: `${ CALENDLY_API }/webhook_subscriptions/${ uuid }`,
			callback_url: url,
			created_at: now,
			updated_at: now,
			retry_started_at: null,
			state: 'active',
			events,
			scope,
			organization,
			user: scope === 'user' ? body.user : null,
			group: null,
			creator: user,
			signing_key: key ?? randomBytes( 32 ).toString( 'base64url' ),
			// For tests: whether the subscriber sent a key of its own (an OAuth
			// app has no use for one).
			signing_key_sent: key !== undefined,
		};
		calendly.set( uuid, sub );
		return [ 201, { resource: calendlyView( sub ) } ];
	}

	// As Calendly's OpenAPI: organization and scope required, user with the
	// user scope, count 1-100.
	function calendlyList( query ) {
		const scope = query.get( 'scope' );
		const count = query.has( 'count' )
			? Number( query.get( 'count' ) )
			: 20;
		const problems = [
			! query.get( 'organization' ) && 'organization is required',
			! [ 'user', 'organization' ].includes( scope ) &&
				'scope must be user or organization',
			scope === 'user' &&
				! query.get( 'user' ) &&
				'user is required for the user scope',
			! ( Number.isInteger( count ) && count >= 1 && count <= 100 ) &&
				'count must be from 1 to 100',
		].filter( Boolean );
		if ( problems.length ) {
			return calendlyError(
				400,
				'Invalid Argument',
				problems.join( '; ' )
			);
		}
		const who = query.get( 'user' );
		const collection = [ ...calendly.values() ]
			.filter(
				( sub ) =>
					sub.organization === query.get( 'organization' ) &&
					( ! who || sub.user === who )
			)
			.map( calendlyView );
		return [
			200,
			{
				collection,
				pagination: {
					count: collection.length,
					next_page: null,
					previous_page: null,
					next_page_token: null,
					previous_page_token: null,
				},
			},
		];
	}

	const calendlyNotFound = calendlyError(
		404,
		'Resource Not Found',
		'The server could not find the requested resource.'
	);

	// ---- Google --------------------------------------------------------------

	async function notifyGoogle( channel, state, tamper ) {
		channel.messages++;
		const headers = {
			'X-Goog-Channel-ID': channel.id,
			'X-Goog-Channel-Token':
				tamper === 'token' ? 'forged-channel-token' : channel.token,
			'X-Goog-Channel-Expiration': new Date(
				Number( channel.expiration )
			).toUTCString(),
			'X-Goog-Resource-ID': channel.resourceId,
			'X-Goog-Resource-URI': channel.resourceUri,
			'X-Goog-Resource-State': state,
			'X-Goog-Message-Number': String( channel.messages ),
			'Content-Length': '0',
		};
		if ( channel.token === undefined ) {
			delete headers[ 'X-Goog-Channel-Token' ];
		}
		return send( `google.${ state }`, channel.address, {
			method: 'POST',
			headers,
			body: '',
		} );
	}

	function googleWatch( body, query ) {
		if ( ! isObject( body ) ) {
			return googleError( 400, 'parseError', 'Parse Error' );
		}
		// events.watch takes events.list's query parameters; the channel then only notifies
		// for events the same listing would return.
		const eventTypes = query.getAll( 'eventTypes' );
		if ( eventTypes.some( ( t ) => ! GOOGLE_EVENT_TYPES.includes( t ) ) ) {
			return googleError( 400, 'invalid', 'Invalid event type.' );
		}
		const { id, type, address, token } = body;
		if (
			typeof id !== 'string' ||
			! /^[A-Za-z0-9\-_+/=]{1,64}$/.test( id )
		) {
			return googleError( 400, 'invalid', 'Invalid channel id.' );
		}
		if ( type !== 'web_hook' && type !== 'webhook' ) {
			return googleError( 400, 'invalid', 'Invalid channel type.' );
		}
		if ( typeof address !== 'string' || ! deliverable( address ) ) {
			return googleError(
				400,
				'push.webhookUrlNotHttps',
				'WebHook callback must be HTTPS: ' + address
			);
		}
		if (
			token !== undefined &&
			( typeof token !== 'string' || token.length > 256 )
		) {
			return googleError( 400, 'invalid', 'Invalid channel token.' );
		}
		if ( google.has( id ) ) {
			return googleError(
				400,
				'channelIdNotUnique',
				`Channel id ${ id } not unique`
			);
		}
		const ttl = Math.min(
			Number( body.params?.ttl ?? 604800 ) || 604800,
			2592000
		);
		const channel = {
			kind: 'api#channel',
			id,
			resourceId: `peer-resource-${ randomBytes( 6 ).toString( 'hex' ) }`,
			resourceUri: `${ issuer }/api/google/calendar/v3/calendars/primary/events?alt=json`,
			token,
			expiration: String( Date.now() + ttl * 1000 ),
			address,
			eventTypes,
			messages: 0,
		};
		google.set( id, channel );
		// As Google does: a `sync` message announces the new channel.
		setImmediate( () => notifyGoogle( channel, 'sync' ) );
		const {
			address: omitted,
			messages,
			eventTypes: types,
			...view
		} = channel;
		return [ 200, view ];
	}

	function googleStop( body ) {
		const channel = isObject( body ) ? google.get( body.id ) : undefined;
		if ( ! channel || channel.resourceId !== body.resourceId ) {
			return googleError(
				404,
				'notFound',
				`Channel '${ body?.id }' not found for project`
			);
		}
		google.delete( channel.id );
		return [ 204 ];
	}

	// ---- Microsoft Graph -----------------------------------------------------

	function graphExpiry( value ) {
		const ms = Date.parse( value );
		if ( Number.isNaN( ms ) || ms <= Date.now() ) {
			return {
				error: graphError(
					400,
					'ExtensionError',
					'Subscription expiration must be in the future.'
				),
			};
		}
		if ( ms > Date.now() + GRAPH_MAX_MINUTES * 60000 ) {
			return {
				error: graphError(
					400,
					'ExtensionError',
					`Subscription expiration can only be ${ GRAPH_MAX_MINUTES } minutes in the future.`
				),
			};
		}
		return { ms };
	}

	const graphView = ( sub ) => ( {
		'@odata.context': `${ issuer }/api/microsoft/v1.0/$metadata#subscriptions/$entity`,
		...sub,
	} );

	async function graphCreate( body ) {
		if ( ! isObject( body ) ) {
			return graphError(
				400,
				'InvalidRequest',
				'Empty Payload. JSON content expected.'
			);
		}
		const { changeType, notificationUrl, resource, clientState } = body;
		if (
			typeof changeType !== 'string' ||
			typeof resource !== 'string' ||
			typeof notificationUrl !== 'string'
		) {
			return graphError(
				400,
				'InvalidRequest',
				'changeType, notificationUrl and resource are required.'
			);
		}
		if ( ! deliverable( notificationUrl ) ) {
			return graphError(
				400,
				'InvalidRequest',
				'The notification URL must use https.'
			);
		}
		const changes = changeType.split( ',' );
		if (
			! changes.every( ( c ) => GRAPH_CHANGE_TYPES.includes( c ) ) ||
			new Set( changes ).size !== changes.length
		) {
			return graphError(
				400,
				'InvalidRequest',
				`Invalid changeType: ${ changeType }.`
			);
		}
		const tls = body.latestSupportedTlsVersion;
		if ( tls !== undefined && ! GRAPH_TLS_VERSIONS.includes( tls ) ) {
			return graphError(
				400,
				'InvalidRequest',
				`Invalid latestSupportedTlsVersion: ${ tls }.`
			);
		}
		if (
			clientState !== undefined &&
			( typeof clientState !== 'string' ||
				clientState.length > GRAPH_CLIENT_STATE_MAX )
		) {
			return graphError(
				400,
				'InvalidRequest',
				'clientState must be at most 128 characters.'
			);
		}
		const expiry = graphExpiry( body.expirationDateTime );
		if ( expiry.error ) {
			return expiry.error;
		}
		// The handshake: the endpoint must echo the token as text/plain, in time.
		const token = `Validation: Testing client application reachability for subscription Request-Id: ${ randomUUID() }`;
		const target = `${ notificationUrl }${
			notificationUrl.includes( '?' ) ? '&' : '?'
		}validationToken=${ encodeURIComponent( token ) }`;
		const answer = await send(
			'microsoft.validation',
			target,
			{
				method: 'POST',
				headers: { 'Content-Type': 'text/plain; charset=utf-8' },
				body: '',
			},
			HANDSHAKE_TIMEOUT_MS
		);
		const valid =
			answer.status === 200 &&
			answer.body === token &&
			/^text\/plain/i.test( answer.headers[ 'content-type' ] || '' );
		if ( ! valid ) {
			return graphError(
				400,
				'ValidationError',
				'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.'
			);
		}
		const sub = {
			id: randomUUID(),
			resource,
			applicationId: 'sandbox-microsoft',
			changeType,
			clientState: clientState ?? null,
			notificationUrl,
			expirationDateTime: iso( expiry.ms ),
			creatorId: 'sandbox-user',
			latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? 'v1_2',
		};
		graph.set( sub.id, sub );
		return [ 201, graphView( sub ) ];
	}

	const graphNotFound = graphError(
		404,
		'ResourceNotFound',
		'The object was not found.'
	);

	function graphPatch( id, body ) {
		const sub = graph.get( id );
		if ( ! sub ) {
			return graphNotFound;
		}
		const expiry = graphExpiry( body?.expirationDateTime );
		if ( expiry.error ) {
			return expiry.error;
		}
		sub.expirationDateTime = iso( expiry.ms );
		return [ 200, graphView( sub ) ];
	}

	// ---- Deliveries (control) --------------------------------------------------

	const latest = ( map ) => [ ...map.values() ].pop();

	function calendlyDelivery( input ) {
		const sub = input.subscription
			? [ ...calendly.values() ].find(
					( s ) => s.uri === input.subscription
				)
			: latest( calendly );
		if ( ! sub ) {
			throw new Error( 'no Calendly webhook subscription to deliver to' );
		}
		const type = input.event ?? 'invitee.created';
		if ( ! sub.events.includes( type ) ) {
			throw new Error( `the subscription does not include ${ type }` );
		}
		const { event, invitee } = fixtures().calendlyBooking( {
			uuid: input.uuid,
			cancel: type === 'invitee.canceled',
		} );
		const inviteeUri = `${ event.uri }/invitees/${ randomUUID() }`;
		const payload = {
			cancel_url: `https://calendly.com/cancellations/${ randomUUID() }`,
			created_at: event.created_at,
			email: invitee.email,
			event: event.uri,
			name: invitee.name,
			new_invitee: null,
			old_invitee: null,
			questions_and_answers: [],
			reschedule_url: `https://calendly.com/reschedulings/${ randomUUID() }`,
			rescheduled: false,
			status: type === 'invitee.canceled' ? 'canceled' : 'active',
			text_reminder_number: null,
			timezone: 'UTC',
			tracking: {},
			updated_at: iso(),
			uri: inviteeUri,
			scheduled_event: event,
		};
		if ( type === 'invitee.canceled' ) {
			payload.cancellation = {
				canceled_by: invitee.name,
				reason: 'Something came up',
				canceler_type: 'invitee',
				created_at: iso(),
			};
		}
		const document = {
			created_at: iso(),
			created_by: user,
			event: type,
			payload,
		};
		const raw = JSON.stringify( document );
		let t = Math.floor( Date.now() / 1000 );
		if ( input.tamper === 'stale' ) {
			t -= 600;
		} else if ( input.tamper === 'future' ) {
			t += 600;
		}
		const keys = {
			key: randomBytes( 32 ).toString( 'base64url' ),
			// What a personal-access-token subscription would be signed with.
			'subscription-key': sub.signing_key,
		};
		const key = keys[ input.tamper ] ?? CALENDLY_APP_SIGNING_KEY;
		const v1 = createHmac( 'sha256', key )
			.update( `${ t }.${ raw }` )
			.digest( 'hex' );
		const body =
			input.tamper === 'body'
				? JSON.stringify( {
						...document,
						payload: { ...payload, name: 'Mallory' },
					} )
				: raw;
		const headers = {
			'Content-Type': 'application/json; charset=utf-8',
			'User-Agent': 'Calendly',
		};
		if ( input.tamper !== 'no-signature' ) {
			headers[ 'Calendly-Webhook-Signature' ] =
				input.tamper === 'malformed'
					? `v1=${ v1 }`
					: `t=${ t },v1=${ v1 }`;
		}
		return {
			url: sub.callback_url,
			options: { method: 'POST', headers, body },
			info: { uuid: event.uri.split( '/' ).pop(), event: type },
		};
	}

	function graphDelivery( input ) {
		const sub = latest( graph );
		if ( ! sub ) {
			throw new Error( 'no Graph subscription to deliver to' );
		}
		const item = {
			subscriptionId: sub.id,
			subscriptionExpirationDateTime: sub.expirationDateTime,
			changeType: input.changeType ?? 'updated',
			resource: `Users/sandbox-user/Events/${ randomUUID() }`,
			resourceData: {
				'@odata.type': '#Microsoft.Graph.Event',
				'@odata.id': `Users/sandbox-user/Events/${ randomUUID() }`,
			},
			clientState:
				input.tamper === 'clientState'
					? 'forged-client-state'
					: sub.clientState,
			tenantId: '00000000-0000-4000-8000-000000000000',
		};
		return {
			url: sub.notificationUrl,
			options: {
				method: 'POST',
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: JSON.stringify( { value: [ item ] } ),
			},
			info: { subscription: sub.id },
		};
	}

	return {
		/**
		 * Answers a push API request, or null when none matches.
		 *
		 * @param {string}          id     Provider id.
		 * @param {string}          method HTTP method.
		 * @param {string}          path   Path below /api/<id>.
		 * @param {URLSearchParams} query  Query.
		 * @param {*}               body   Parsed JSON body.
		 * @return {Promise<Array|null>} `[status, body]`.
		 */
		async handle( id, method, path, query, body ) {
			const route = `${ id } ${ method } ${ path }`;
			let match;
			if ( route === 'calendly POST /webhook_subscriptions' ) {
				return calendlyCreate( body );
			}
			if ( route === 'calendly GET /webhook_subscriptions' ) {
				return calendlyList( query );
			}
			if (
				( match =
					/^calendly (GET|DELETE) \/webhook_subscriptions\/([^/]+)$/.exec(
						route
					) )
			) {
				const sub = calendly.get( match[ 2 ] );
				if ( ! sub ) {
					return calendlyNotFound;
				}
				if ( match[ 1 ] === 'DELETE' ) {
					calendly.delete( match[ 2 ] );
					return [ 204 ];
				}
				return [ 200, { resource: calendlyView( sub ) } ];
			}
			if (
				route ===
				'google POST /calendar/v3/calendars/primary/events/watch'
			) {
				return googleWatch( body, query );
			}
			if ( route === 'google POST /calendar/v3/channels/stop' ) {
				return googleStop( body );
			}
			if ( route === 'microsoft POST /v1.0/subscriptions' ) {
				return graphCreate( body );
			}
			if (
				( match =
					/^microsoft (GET|PATCH|DELETE) \/v1\.0\/subscriptions\/([^/]+)$/.exec(
						route
					) )
			) {
				const subId = decodeURIComponent( match[ 2 ] );
				if ( match[ 1 ] === 'PATCH' ) {
					return graphPatch( subId, body );
				}
				if ( ! graph.has( subId ) ) {
					return graphNotFound;
				}
				if ( match[ 1 ] === 'DELETE' ) {
					graph.delete( subId );
					return [ 204 ];
				}
				return [ 200, graphView( graph.get( subId ) ) ];
			}
			return null;
		},

		/**
		 * POST /__control/deliver: sends what the provider would to its subscriber.
		 *
		 * @param {Object} input
		 * @param {string} input.provider calendly, google or microsoft.
		 * @param {string} [input.event]  Calendly: invitee.created (default) or invitee.canceled.
		 * @param {string} [input.uuid]   Calendly: an existing scheduled event (default: a new booking).
		 * @param {string} [input.state]  Google: exists (default), not_exists or sync.
		 * @param {string} [input.tamper] key, subscription-key, body, stale, future, malformed,
		 *                                no-signature (Calendly),
		 *                                token (Google), clientState (Graph).
		 * @param {number} [input.repeat] Send the identical request this many times (replays).
		 * @return {Promise<Object>} `{url, status, body, results, …info}`.
		 */
		async deliver( input ) {
			const repeat = input.repeat ?? 1;
			if ( ! Number.isInteger( repeat ) || repeat < 1 || repeat > 50 ) {
				throw new Error( 'repeat must be an integer from 1 to 50' );
			}
			let built;
			if ( input.provider === 'calendly' ) {
				built = calendlyDelivery( input );
			} else if ( input.provider === 'microsoft' ) {
				built = graphDelivery( input );
			} else if ( input.provider === 'google' ) {
				const channel = latest( google );
				if ( ! channel ) {
					throw new Error( 'no Google channel to deliver to' );
				}
				const results = [];
				for ( let i = 0; i < repeat; i++ ) {
					const res = await notifyGoogle(
						channel,
						input.state ?? 'exists',
						input.tamper
					);
					results.push( { status: res.status, body: res.body } );
				}
				return {
					url: channel.address,
					channel: channel.id,
					...results[ 0 ],
					results,
				};
			} else {
				throw new Error(
					'provider must be calendly, google or microsoft'
				);
			}
			const results = [];
			for ( let i = 0; i < repeat; i++ ) {
				const res = await send(
					`${ input.provider }.delivery`,
					built.url,
					built.options
				);
				results.push( { status: res.status, body: res.body } );
			}
			return { url: built.url, ...built.info, ...results[ 0 ], results };
		},

		/**
		 * POST /__control/push: changes subscriptions as the provider might on its own.
		 *
		 * @param {Object} input
		 * @param {string} input.action   `disable` (Calendly gave up delivering) or `forget`
		 *                                (the provider dropped every subscription).
		 * @param {string} input.provider calendly, google or microsoft.
		 * @return {Object} `{ok, action, provider, count}`.
		 */
		control( { action, provider } ) {
			const map = { calendly, google, microsoft: graph }[ provider ];
			if ( ! map ) {
				throw new Error(
					'provider must be calendly, google or microsoft'
				);
			}
			const count = map.size;
			if ( action === 'forget' ) {
				map.clear();
			} else if ( action === 'disable' && provider === 'calendly' ) {
				calendly.forEach( ( sub ) => ( sub.state = 'disabled' ) );
			} else {
				throw new Error(
					'action must be forget, or disable for calendly'
				);
			}
			return { ok: true, action, provider, count };
		},

		/**
		 * GET /__control/push: every subscription with its secret (this is the
		 * provider's side, which knows them), and what was sent to subscribers.
		 *
		 * @return {Object} `{calendly, google, microsoft, sent}`.
		 */
		state() {
			return {
				calendly: [ ...calendly.values() ],
				google: [ ...google.values() ].map(
					( { address, ...channel } ) => ( { ...channel, address } )
				),
				microsoft: [ ...graph.values() ],
				sent: [ ...log ],
			};
		},
	};
}
