import { __ } from '@wordpress/i18n';

import { EmptyState } from '../components/EmptyState';

export function DataSharingScreen() {
	return (
		<EmptyState title={ __( 'No data is shared', 'syncwarden' ) }>
			<p>
				{ __(
					'With no connection, no booking data leaves this site. Once a provider is connected, this tab shows exactly which fields it receives.',
					'syncwarden'
				) }
			</p>
		</EmptyState>
	);
}
