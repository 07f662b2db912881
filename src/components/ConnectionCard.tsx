import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import {
	confirmSite,
	disconnect,
	startAuthorization,
	testConnection,
	type Connection,
	type Feature,
	type ImportedChoice,
} from '../api/connections';
import type { Provider } from '../api/providers';
import { describeScope, FEATURE_LABELS } from '../api/wording';
import { useAction } from '../hooks/useAction';
import { DisconnectDialog, disconnectedMessage } from './DisconnectDialog';
import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { SyncStatus } from './SyncStatus';
import { PushStatus } from './PushStatus';
import { Notice } from './Notice';

type Props = {
	provider: Provider;
	connection: Connection | undefined;
	/** Export backlog, when this connection sends bookings. */
	outbox?: ReactNode;
	onChange: () => void;
	/** Where the browser goes for consent (window.location.assign in the app). */
	navigate: ( url: string ) => void;
};

function freshness( connection: Connection ): string {
	if ( connection.access_expires_at === null ) {
		return __( 'The access token does not expire.', 'syncwarden' );
	}
	const minutes = Math.round(
		( connection.access_expires_at * 1000 - Date.now() ) / 60000
	);
	return minutes > 0
		? sprintf(
				/* translators: %d: minutes */ _n(
					'Access token valid for %d more minute; it is refreshed automatically.',
					'Access token valid for %d more minutes; it is refreshed automatically.',
					minutes,
					'syncwarden'
				),
				minutes
			)
		: __(
				'Access token expired; it will be refreshed on next use.',
				'syncwarden'
			);
}

function FeaturePicker( {
	provider,
	chosen,
	onToggle,
}: {
	provider: Provider;
	chosen: Feature[];
	onToggle: ( feature: Feature, on: boolean ) => void;
} ) {
	return (
		<fieldset className="syncwarden-features">
			<legend>
				{ __(
					'Choose what SyncWarden may do; only the access these need is requested:',
					'syncwarden'
				) }
			</legend>
			{ ( Object.keys( provider.feature_scopes ) as Feature[] ).map(
				( feature ) => (
					<CheckboxControl
						key={ feature }
						__nextHasNoMarginBottom
						label={ FEATURE_LABELS[ feature ] ?? feature }
						help={ ( provider.feature_scopes[ feature ] ?? [] )
							.map( describeScope )
							.join( '; ' ) }
						checked={ chosen.includes( feature ) }
						onChange={ ( on ) => onToggle( feature, on ) }
					/>
				)
			) }
		</fieldset>
	);
}

/**
 * One provider on the Connections tab: needs credentials → ready → connected / reconnect needed.
 */
export function ConnectionCard( {
	provider,
	connection,
	onChange,
	navigate,
	outbox,
}: Props ) {
	const offered = Object.keys( provider.feature_scopes ) as Feature[];
	const [ chosen, setChosen ] = useState< Feature[] >(
		offered.slice( 0, 1 )
	);
	const [ confirming, setConfirming ] = useState( false );
	const [ outcome, setOutcome ] = useState< {
		status: 'success' | 'error' | 'info';
		message: string;
	} | null >( null );
	const action = useAction();
	const ready =
		provider.client_id !== null && provider.client_secret_state === 'set';
	// Disconnecting removes the button that opened the confirm dialog, so the dialog's focus
	// return would leave keyboard users at the top of the document: once the connection is gone,
	// focus goes to Connect instead, ready to connect again.
	const connectButton = useRef< HTMLButtonElement >( null );
	const [ refocusAfterDisconnect, setRefocusAfterDisconnect ] =
		useState( false );
	useEffect( () => {
		if ( refocusAfterDisconnect && ! connection ) {
			connectButton.current?.focus();
			setRefocusAfterDisconnect( false );
		}
	}, [ refocusAfterDisconnect, connection ] );

	const connect = async () => {
		const url = await action.run( () =>
			startAuthorization( provider.id, chosen )
		);
		if ( url ) {
			navigate( url );
		}
	};
	const test = async () => {
		const result = await action.run( () =>
			testConnection( ( connection as Connection ).id )
		);
		if ( result ) {
			setOutcome( {
				status: result.ok ? 'success' : 'error',
				message: result.message,
			} );
			onChange();
		}
	};
	const resume = async () => {
		if (
			await action.run( () =>
				confirmSite( ( connection as Connection ).id )
			)
		) {
			setOutcome( {
				status: 'success',
				message: __( 'Syncing resumed on this site.', 'syncwarden' ),
			} );
			onChange();
		}
	};
	const remove = async ( imported: ImportedChoice ) => {
		const result = await action.run( () =>
			disconnect( ( connection as Connection ).id, imported )
		);
		setConfirming( false );
		if ( result ) {
			setOutcome( {
				status: result.remote === 'failed' ? 'error' : 'info',
				message: disconnectedMessage( provider.label, result ),
			} );
			setRefocusAfterDisconnect( true );
			onChange();
		}
	};
	const toggle = ( feature: Feature, on: boolean ) =>
		setChosen( ( current ) =>
			on
				? [ ...current, feature ]
				: current.filter( ( f ) => f !== feature )
		);

	return (
		<Card
			className="syncwarden-connection"
			id={ `syncwarden-connection-${ provider.id }` }
		>
			<CardHeader>
				<h3>{ provider.label }</h3>
				<span
					className={ `syncwarden-badge is-${ connection?.status ?? ( ready ? 'ready' : 'none' ) }` }
				>
					{ connection?.status === 'connected' &&
						__( 'Connected', 'syncwarden' ) }
					{ connection?.status === 'reconnect_needed' &&
						__( 'Reconnect needed', 'syncwarden' ) }
					{ ! connection &&
						( ready
							? __( 'Ready to connect', 'syncwarden' )
							: __( 'Needs credentials', 'syncwarden' ) ) }
				</span>
			</CardHeader>
			<CardBody>
				{ outcome && (
					<Notice status={ outcome.status } isDismissible={ false }>
						{ outcome.message }
					</Notice>
				) }
				{ action.error && <ErrorNotice error={ action.error } /> }
				{ ! connection && ! ready && (
					<p>
						{ __(
							'Enter this provider’s client ID and secret on the Settings tab first.',
							'syncwarden'
						) }{ ' ' }
						<a href="?page=syncwarden&tab=settings">
							{ __( 'Open Settings', 'syncwarden' ) }
						</a>
					</p>
				) }
				{ connection && (
					<div className="syncwarden-connection__details">
						<p>
							{ connection.account_label
								? sprintf(
										/* translators: %s: account name */ __(
											'Account: %s',
											'syncwarden'
										),
										connection.account_label
									)
								: __(
										'Account name not known yet — run “Test connection”.',
										'syncwarden'
									) }
						</p>
						{ connection.site_moved && (
							<Notice status="warning" isDismissible={ false }>
								{ __(
									'Syncing is paused: this site’s address changed since the connection was made. If this is a copy (staging, a restored backup), leave it paused so it does not write into the live calendar.',
									'syncwarden'
								) }
								<Button
									variant="secondary"
									onClick={ resume }
									disabled={ action.busy }
								>
									{ __(
										'This is the live site — resume syncing',
										'syncwarden'
									) }
								</Button>
							</Notice>
						) }
						{ connection.status === 'reconnect_needed' && (
							<Notice status="warning" isDismissible={ false }>
								{ __(
									'The provider no longer accepts this connection (access was revoked, expired, or the encryption key changed). Reconnect to resume syncing.',
									'syncwarden'
								) }
								{ connection.last_error && (
									<p>{ connection.last_error }</p>
								) }
							</Notice>
						) }
						<h4>{ __( 'Access granted', 'syncwarden' ) }</h4>
						<ul className="syncwarden-scopes">
							{ connection.granted_scopes.map( ( scope ) => (
								<li key={ scope }>
									{ describeScope( scope ) }
								</li>
							) ) }
						</ul>
						{ connection.extra_scopes.length > 0 && (
							<Notice status="warning" isDismissible={ false }>
								{ sprintf(
									/* translators: %s: list of permissions */
									__(
										'The provider granted more than SyncWarden asked for: %s. SyncWarden never uses it; you can reduce it in your account at the provider.',
										'syncwarden'
									),
									connection.extra_scopes
										.map( describeScope )
										.join( ', ' )
								) }
							</Notice>
						) }
						{ Object.entries( connection.features )
							.filter(
								( [ , state ] ) =>
									state.requested && ! state.granted
							)
							.map( ( [ feature ] ) => (
								<Notice
									key={ feature }
									status="warning"
									isDismissible={ false }
								>
									{ sprintf(
										/* translators: %s: feature */
										__(
											'“%s” is disabled: the permission it needs was not granted (it may have been unticked on the consent screen). Reconnect and allow it to enable it.',
											'syncwarden'
										),
										FEATURE_LABELS[ feature ] ?? feature
									) }
								</Notice>
							) ) }
						<p className="description">
							{ freshness( connection ) }
						</p>
						<SyncStatus
							connection={ connection }
							onChange={ onChange }
						/>
						{ outbox }
						<PushStatus connection={ connection } />
					</div>
				) }
				{ ready &&
					( ! connection ||
						connection.status === 'reconnect_needed' ) && (
						<FeaturePicker
							provider={ provider }
							chosen={ chosen }
							onToggle={ toggle }
						/>
					) }
				<div className="syncwarden-actions">
					{ ready &&
						( ! connection ||
							connection.status === 'reconnect_needed' ) && (
							<Button
								ref={ connectButton }
								variant="primary"
								onClick={ connect }
								isBusy={ action.busy }
								disabled={ action.busy || chosen.length === 0 }
							>
								{ connection
									? __( 'Reconnect', 'syncwarden' )
									: __( 'Connect', 'syncwarden' ) }
							</Button>
						) }
					{ connection && (
						<>
							<Button
								variant="secondary"
								onClick={ test }
								isBusy={ action.busy }
								disabled={ action.busy }
							>
								{ __( 'Test connection', 'syncwarden' ) }
							</Button>
							<Button
								variant="tertiary"
								isDestructive
								onClick={ () => setConfirming( true ) }
								disabled={ action.busy }
							>
								{ __( 'Disconnect', 'syncwarden' ) }
							</Button>
						</>
					) }
				</div>
				{ confirming && connection && (
					<DisconnectDialog
						provider={ provider }
						connection={ connection }
						busy={ action.busy }
						onConfirm={ remove }
						onCancel={ () => setConfirming( false ) }
					/>
				) }
			</CardBody>
		</Card>
	);
}
