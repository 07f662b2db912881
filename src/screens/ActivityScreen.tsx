import { __ } from '@wordpress/i18n';

import { EmptyState } from '../components/EmptyState';

export function ActivityScreen() {
	return (
		<EmptyState title={ __( 'No activity yet', 'syncwarden' ) }>
			<p>
				{ __(
					'Connections, syncs and security events will be listed here as they happen.',
					'syncwarden'
				) }
			</p>
		</EmptyState>
	);
}
