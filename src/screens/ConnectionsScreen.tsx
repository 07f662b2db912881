import { __ } from '@wordpress/i18n';

import { EmptyState } from '../components/EmptyState';

export function ConnectionsScreen() {
	return (
		<EmptyState title={ __( 'No connections yet', 'syncwarden' ) }>
			<p>
				{ __(
					'SyncWarden is not connected to any calendar or CRM, so it holds no tokens and sends nothing anywhere.',
					'syncwarden'
				) }
			</p>
		</EmptyState>
	);
}
