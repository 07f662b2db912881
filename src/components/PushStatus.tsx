import { Button } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { Connection } from '../api/connections';
import {
	fetchPush,
	PUSH_PROVIDERS,
	resubscribe,
	type PushState,
} from '../api/push';
import { siteDateTime } from '../api/dates';
import { useAction } from '../hooks/useAction';
import { useApiResource } from '../hooks/useApiResource';
import { CopyField } from './CopyField';
import { ErrorNotice } from './ErrorNotice';
import { Resource } from './Resource';
import { Notice } from './Notice';

const when = siteDateTime;

/** Why a delivery was refused, in plain words (the security event kinds). */
const FAILURES: Record< string, string > = {
	bad_signature: __( 'its signature did not match', 'syncwarden' ),
	missing_signature: __(
		'its signature was missing or malformed',
		'syncwarden'
	),
	stale: __( 'it was signed more than 3 minutes earlier', 'syncwarden' ),
	future: __( 'it was dated in the future', 'syncwarden' ),
	replayed: __( 'it repeated an earlier delivery', 'syncwarden' ),
	wrong_token: __( 'its channel token was wrong', 'syncwarden' ),
	wrong_client_state: __( 'its clientState was wrong', 'syncwarden' ),
	oversized: __( 'it was too large', 'syncwarden' ),
};

function headline( push: PushState ): string {
	switch ( push.state ) {
		case 'active':
			return __(
				'Subscribed: changes arrive within seconds; scheduled syncs continue as a safety net.',
				'syncwarden'
			);
		case 'pending':
			return __( 'Subscribing…', 'syncwarden' );
		case 'failed':
			return __(
				'The subscription could not be made, so changes arrive with the scheduled syncs only.',
				'syncwarden'
			);
		case 'polling':
			return __(
				'Not subscribed: this site cannot receive webhooks, so changes arrive with the scheduled syncs (polling).',
				'syncwarden'
			);
		default:
			return __(
				'Not subscribed: changes arrive with the scheduled syncs. Click Resubscribe to receive them within seconds.',
				'syncwarden'
			);
	}
}

/** Facts about the subscription, only those that are known. */
function Facts( { push }: { push: PushState } ) {
	const facts: Array< [ string, string ] > = [];
	if ( push.subscribed_at !== null ) {
		facts.push( [
			__( 'Subscribed', 'syncwarden' ),
			when( push.subscribed_at ),
		] );
	}
	if ( push.expires_at !== null ) {
		facts.push( [
			__( 'Expires', 'syncwarden' ),
			sprintf(
				/* translators: %s: date and time */
				__( '%s (renewed automatically a day before)', 'syncwarden' ),
				when( push.expires_at )
			),
		] );
	}
	facts.push( [
		__( 'Last delivery', 'syncwarden' ),
		push.last_delivery_at === null
			? __( 'none yet', 'syncwarden' )
			: when( push.last_delivery_at ),
	] );
	if ( push.last_failure_at !== null ) {
		facts.push( [
			__( 'Last refused delivery', 'syncwarden' ),
			sprintf(
				/* translators: 1: date and time, 2: reason */
				__( '%1$s: %2$s', 'syncwarden' ),
				when( push.last_failure_at ),
				FAILURES[ push.last_failure ] ?? push.last_failure
			),
		] );
	}
	return (
		<dl className="syncwarden-push__facts">
			{ facts.map( ( [ label, value ] ) => (
				<div key={ label }>
					<dt>{ label }</dt>
					<dd>{ value }</dd>
				</div>
			) ) }
		</dl>
	);
}

function Panel( {
	push,
	onResubscribe,
	busy,
}: {
	push: PushState;
	onResubscribe: () => void;
	busy: boolean;
} ) {
	return (
		<>
			<p>{ headline( push ) }</p>
			{ ! push.reachable && (
				<Notice status="info" isDismissible={ false }>
					{ push.reachability_message }
				</Notice>
			) }
			{ push.verification_blocked && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'Calendly’s webhook signing key is not set under Settings, so SyncWarden refuses every booking Calendly sends (it cannot tell them from forgeries). Bookings still arrive by regular polling. Enter the key from the Calendly developer portal under Settings → Calendly.',
						'syncwarden'
					) }
				</Notice>
			) }
			{ push.reachability === 'local_override' && (
				<Notice status="warning" isDismissible={ false }>
					{ push.reachability_message }
				</Notice>
			) }
			{ push.last_error !== '' && (
				<Notice status="warning" isDismissible={ false }>
					{ push.renew_failures > 0
						? sprintf(
								/* translators: 1: number of attempts, 2: error message */
								_n(
									'Renewing failed %1$d time: %2$s',
									'Renewing failed %1$d times: %2$s',
									push.renew_failures,
									'syncwarden'
								),
								push.renew_failures,
								push.last_error
							)
						: push.last_error }
				</Notice>
			) }
			{ push.reachable && (
				<CopyField
					id={ `syncwarden-push-endpoint-${ push.connection_id }` }
					label={ __( 'Endpoint', 'syncwarden' ) }
					value={ push.endpoint_url }
				/>
			) }
			<Facts push={ push } />
			{ push.refused_today > 0 && (
				<p className="description">
					{ sprintf(
						/* translators: %d: number of requests */
						_n(
							'%d request to this endpoint was refused today (see Activity for security events).',
							'%d requests to this endpoint were refused today (see Activity for security events).',
							push.refused_today,
							'syncwarden'
						),
						push.refused_today
					) }
				</p>
			) }
			{ push.reachable && (
				<Button
					variant="secondary"
					onClick={ onResubscribe }
					isBusy={ busy }
					disabled={ busy }
				>
					{ __( 'Resubscribe', 'syncwarden' ) }
				</Button>
			) }
		</>
	);
}

/**
 * What Resubscribe changed: Google's channel token and Graph's clientState are new secrets of
 * each subscription; Calendly signs every delivery with the OAuth app's key, which stays.
 *
 * @param provider Provider id.
 */
function resubscribedMessage( provider: string ): string {
	return provider === 'calendly'
		? __(
				'Resubscribed. Calendly keeps signing deliveries with your app’s webhook signing key.',
				'syncwarden'
			)
		: __( 'Resubscribed with a new secret.', 'syncwarden' );
}

function PushStatusPanel( {
	connectionId,
	provider,
}: {
	connectionId: number;
	provider: string;
} ) {
	const load = useCallback(
		() => fetchPush( connectionId ),
		[ connectionId ]
	);
	const push = useApiResource( load );
	const action = useAction();
	const [ done, setDone ] = useState( false );

	return (
		<section
			className="syncwarden-push"
			aria-label={ __( 'Webhooks and push', 'syncwarden' ) }
		>
			<h4>{ __( 'Instant updates (webhooks)', 'syncwarden' ) }</h4>
			<Resource resource={ push }>
				{ ( { data, replace } ) => (
					<>
						{ done && data.state === 'active' && (
							<Notice status="success" isDismissible={ false }>
								{ resubscribedMessage( provider ) }
							</Notice>
						) }
						{ action.error && (
							<ErrorNotice error={ action.error } />
						) }
						<Panel
							push={ data }
							busy={ action.busy }
							onResubscribe={ async () => {
								const next = await action.run( () =>
									resubscribe( connectionId )
								);
								if ( next ) {
									replace( next );
									setDone( true );
								}
							} }
						/>
					</>
				) }
			</Resource>
		</section>
	);
}

/**
 * Webhook / push status of one connection: whether it is subscribed, where deliveries go, when
 * the subscription expires, the last delivery and the last refused one, and Resubscribe. Shown
 * for importing Calendly, Google and Outlook connections only.
 */
export function PushStatus( { connection }: { connection: Connection } ) {
	if (
		! PUSH_PROVIDERS.includes( connection.provider ) ||
		! connection.features.import?.requested
	) {
		return null;
	}
	return (
		<PushStatusPanel
			connectionId={ connection.id }
			provider={ connection.provider }
		/>
	);
}
