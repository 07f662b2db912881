import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { fetchConnections, revokeAll } from '../api/connections';
import { fetchOutbox } from '../api/outbox';
import { fetchProviders, type Provider } from '../api/providers';
import { fetchSources } from '../api/sources';
import { describeResult } from '../api/wording';
import { ConfirmModal } from '../components/ConfirmModal';
import { ConnectionCard } from '../components/ConnectionCard';
import { EmptyState } from '../components/EmptyState';
import { OutboxStatus } from '../components/OutboxStatus';
import { OwnCalendarSyncNotices } from '../components/OwnCalendarSyncNotices';
import { Resource } from '../components/Resource';
import { useAction } from '../hooks/useAction';
import { useApiResource } from '../hooks/useApiResource';
import { Notice } from '../components/Notice';

/** The result the OAuth callback sent the administrator back with, read once and removed from the URL. */
function takeCallbackResult(): { code: string; provider: string } | null {
	const url = new URL( window.location.href );
	const code = url.searchParams.get( 'syncwarden_result' );
	if ( ! code ) {
		return null;
	}
	const provider = url.searchParams.get( 'provider' ) ?? '';
	url.searchParams.delete( 'syncwarden_result' );
	url.searchParams.delete( 'provider' );
	window.history.replaceState( null, '', url );
	return { code, provider };
}

/** The outcome of the OAuth round trip, in plain words with the provider's name. */
function CallbackNotice( {
	result,
	providers,
}: {
	result: { code: string; provider: string };
	providers: Provider[];
} ) {
	const label =
		providers.find( ( p ) => p.id === result.provider )?.label ??
		result.provider;
	const { status, message } = describeResult( result.code, label );
	return (
		<Notice status={ status } isDismissible={ false }>
			{ message }
		</Notice>
	);
}

type Props = { navigate?: ( url: string ) => void };

export function ConnectionsScreen( {
	navigate = ( url ) => window.location.assign( url ),
}: Props ) {
	const providers = useApiResource( fetchProviders );
	const connections = useApiResource( fetchConnections );
	const outbox = useApiResource( fetchOutbox );
	const sources = useApiResource( fetchSources );
	const [ result ] = useState( takeCallbackResult );
	const [ confirmRevokeAll, setConfirmRevokeAll ] = useState( false );
	const [ revoked, setRevoked ] = useState< string | null >( null );
	const action = useAction();
	const reload = () =>
		connections.state !== 'loading' && connections.reload();

	const revokeEverything = async () => {
		const outcome = await action.run( revokeAll );
		setConfirmRevokeAll( false );
		if ( outcome ) {
			setRevoked(
				sprintf(
					/* translators: %d: number of connections */ _n(
						'Disconnected %d connection; its tokens were deleted from this site.',
						'Disconnected %d connections; their tokens were deleted from this site.',
						Object.keys( outcome.outcomes ).length,
						'syncwarden'
					),
					Object.keys( outcome.outcomes ).length
				)
			);
			reload();
		}
	};

	return (
		<div className="syncwarden-connections">
			{ revoked && (
				<Notice status="info" isDismissible={ false }>
					{ revoked }
				</Notice>
			) }
			<Resource resource={ providers }>
				{ ( { data: providerList } ) => (
					<>
						{ result && (
							<CallbackNotice
								result={ result }
								providers={ providerList }
							/>
						) }
						<Resource resource={ connections }>
							{ ( { data: connectionList } ) => (
								<>
									{ connectionList.length === 0 && (
										<EmptyState
											title={ __(
												'No connections yet',
												'syncwarden'
											) }
										>
											<p>
												{ __(
													'SyncWarden is not connected to any calendar or CRM, so it holds no tokens and sends nothing anywhere.',
													'syncwarden'
												) }
											</p>
										</EmptyState>
									) }
									{ sources.state === 'ready' && (
										<OwnCalendarSyncNotices
											sources={ sources.data }
											connections={ connectionList }
											providers={ providerList }
										/>
									) }
									<div className="syncwarden-providers">
										{ providerList.map( ( provider ) => {
											const connection =
												connectionList.find(
													( c ) =>
														c.provider ===
														provider.id
												);
											const exports =
												connection &&
												outbox.state === 'ready' &&
												connection.features.export
													?.requested;
											return (
												<ConnectionCard
													key={ provider.id }
													provider={ provider }
													connection={ connection }
													onChange={ reload }
													navigate={ navigate }
													outbox={
														exports ? (
															<OutboxStatus
																connectionId={
																	connection.id
																}
																outbox={
																	outbox.data
																}
																onChange={
																	outbox.reload
																}
															/>
														) : undefined
													}
												/>
											);
										} ) }
									</div>
									{ connectionList.length > 0 && (
										<div className="syncwarden-revoke-all">
											<h3>
												{ __(
													'Incident response',
													'syncwarden'
												) }
											</h3>
											<p>
												{ __(
													'If you suspect this site or an account was compromised, disconnect everything at once.',
													'syncwarden'
												) }
											</p>
											<Button
												variant="secondary"
												isDestructive
												onClick={ () =>
													setConfirmRevokeAll( true )
												}
											>
												{ __(
													'Revoke all connections now',
													'syncwarden'
												) }
											</Button>
										</div>
									) }
									{ confirmRevokeAll && (
										<ConfirmModal
											title={ __(
												'Revoke all connections?',
												'syncwarden'
											) }
											confirmLabel={ __(
												'Revoke all',
												'syncwarden'
											) }
											busy={ action.busy }
											onConfirm={ revokeEverything }
											onCancel={ () =>
												setConfirmRevokeAll( false )
											}
										>
											<p>
												{ sprintf(
													/* translators: %d: number of connections */
													_n(
														'%d connection will be revoked at its provider where possible and its tokens deleted from this site. Syncing stops until you connect again.',
														'All %d connections will be revoked at their providers where possible and their tokens deleted from this site. Syncing stops until you connect again.',
														connectionList.length,
														'syncwarden'
													),
													connectionList.length
												) }
											</p>
										</ConfirmModal>
									) }
								</>
							) }
						</Resource>
					</>
				) }
			</Resource>
		</div>
	);
}
