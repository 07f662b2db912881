import { __ } from '@wordpress/i18n';

import { fetchConnections } from '../api/connections';
import { fetchSharing, type Sharing } from '../api/sharing';
import { EmptyState } from '../components/EmptyState';
import { Resource } from '../components/Resource';
import { SharingCard } from '../components/SharingCard';
import { useApiResource } from '../hooks/useApiResource';

/** Sharing settings of every connection that can receive bookings. */
async function fetchAllSharing(): Promise< Sharing[] > {
	const connections = await fetchConnections();
	const all = await Promise.all(
		connections.map( ( connection ) => fetchSharing( connection.id ) )
	);
	return all.filter(
		( sharing ) => sharing.required.length + sharing.optional.length > 0
	);
}

export function DataSharingScreen() {
	const sharing = useApiResource( fetchAllSharing );
	return (
		<Resource resource={ sharing }>
			{ ( { data } ) =>
				data.length === 0 ? (
					<EmptyState
						title={ __( 'No data is shared', 'syncwarden' ) }
					>
						<p>
							{ __(
								'No connected service receives bookings, so no booking data leaves this site. Once a calendar or CRM is connected, this tab shows exactly which fields it receives.',
								'syncwarden'
							) }
						</p>
					</EmptyState>
				) : (
					<div className="syncwarden-providers">
						<p>
							{ __(
								'SyncWarden sends the minimum by default. Allow more only where you need it; the preview shows the exact request body.',
								'syncwarden'
							) }
						</p>
						{ data.map( ( item ) => (
							<SharingCard
								key={ item.connection_id }
								initial={ item }
							/>
						) ) }
					</div>
				)
			}
		</Resource>
	);
}
