import { __, sprintf } from '@wordpress/i18n';

import type { Connection } from '../api/connections';
import type { Provider } from '../api/providers';
import { ConfirmModal } from './ConfirmModal';

type Props = {
	provider: Provider;
	connection: Connection;
	busy: boolean;
	onConfirm: () => void;
	onCancel: () => void;
};

/**
 * Confirms a disconnect and says everything it does: the revocation (or why there is none), the
 * tokens deleted here, and what becomes of the bookings this connection imported.
 */
export function DisconnectDialog( {
	provider,
	connection,
	busy,
	onConfirm,
	onCancel,
}: Props ) {
	return (
		<ConfirmModal
			title={ sprintf(
				/* translators: %s: provider name */
				__( 'Disconnect %s?', 'syncwarden' ),
				provider.label
			) }
			confirmLabel={ __( 'Disconnect', 'syncwarden' ) }
			busy={ busy }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
		>
			<p>
				{ connection.supports_revocation
					? sprintf(
							/* translators: %s: provider name */
							__(
								'SyncWarden will ask %s to revoke its access and delete the stored tokens from this site. Syncing with this account stops.',
								'syncwarden'
							),
							provider.label
						)
					: sprintf(
							/* translators: %s: provider name */
							__(
								'%s cannot revoke tokens on request. SyncWarden will delete the stored tokens from this site and tell you where to remove the app’s consent in your account.',
								'syncwarden'
							),
							provider.label
						) }
			</p>
			{ connection.features.import?.requested && (
				<p>
					{ __(
						'Bookings already imported from this account stay in the Bookings list as they are: SyncWarden no longer updates or cancels them.',
						'syncwarden'
					) }
				</p>
			) }
		</ConfirmModal>
	);
}
