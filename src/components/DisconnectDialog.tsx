import { RadioControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type {
	Connection,
	Disconnected,
	ImportedChoice,
} from '../api/connections';
import type { Provider } from '../api/providers';
import { ConfirmModal } from './ConfirmModal';

type Props = {
	provider: Provider;
	connection: Connection;
	busy: boolean;
	onConfirm: ( imported: ImportedChoice ) => void;
	onCancel: () => void;
};

/**
 * What a finished disconnect did, for the notice: the bookings kept or removed, then the
 * server's own words about the revocation.
 *
 * @param providerLabel The provider's name.
 * @param result        The server's answer.
 */
export function disconnectedMessage(
	providerLabel: string,
	result: Disconnected
): string {
	const summary: string = bookingsSummary( providerLabel, result );
	return result.message ? `${ summary } ${ result.message }` : summary;
}

function bookingsSummary( providerLabel: string, result: Disconnected ) {
	if ( result.removed_bookings > 0 ) {
		return sprintf(
			/* translators: 1: provider name, 2: number of bookings */
			_n(
				'Disconnected %1$s. Removed %2$d imported booking.',
				'Disconnected %1$s. Removed %2$d imported bookings.',
				result.removed_bookings,
				'syncwarden'
			),
			providerLabel,
			result.removed_bookings
		);
	}
	if ( result.kept_bookings > 0 ) {
		return sprintf(
			/* translators: 1: provider name, 2: number of bookings */
			_n(
				'Disconnected %1$s. Kept %2$d imported booking; SyncWarden no longer updates it.',
				'Disconnected %1$s. Kept %2$d imported bookings; SyncWarden no longer updates them.',
				result.kept_bookings,
				'syncwarden'
			),
			providerLabel,
			result.kept_bookings
		);
	}
	return sprintf(
		/* translators: %s: provider name */
		__( 'Disconnected %s.', 'syncwarden' ),
		providerLabel
	);
}

/** Keep or remove what the connection imported; shown only when it imported anything. */
function ImportedChoiceControl( {
	provider,
	count,
	choice,
	onChange,
}: {
	provider: Provider;
	count: number;
	choice: ImportedChoice;
	onChange: ( choice: ImportedChoice ) => void;
} ) {
	return (
		<RadioControl
			label={ __( 'Bookings imported from this account', 'syncwarden' ) }
			selected={ choice }
			options={ [
				{
					value: 'keep',
					label: sprintf(
						/* translators: %d: number of bookings */
						_n(
							'Keep the %d booking imported from this account in the Bookings list (SyncWarden no longer updates it)',
							'Keep the %d bookings imported from this account in the Bookings list (SyncWarden no longer updates them)',
							count,
							'syncwarden'
						),
						count
					),
				},
				{
					value: 'remove',
					label: sprintf(
						/* translators: 1: number of bookings, 2: provider name */
						_n(
							'Remove the %1$d booking imported from this account from this site (the event stays in %2$s)',
							'Remove the %1$d bookings imported from this account from this site (the events stay in %2$s)',
							count,
							'syncwarden'
						),
						count,
						provider.label
					),
				},
			] }
			onChange={ ( value ) =>
				onChange( value === 'remove' ? 'remove' : 'keep' )
			}
		/>
	);
}

/**
 * Confirms a disconnect and says everything it does: the revocation (or why there is none), the
 * tokens deleted here, and — choosing — what becomes of the bookings this connection imported.
 */
export function DisconnectDialog( {
	provider,
	connection,
	busy,
	onConfirm,
	onCancel,
}: Props ) {
	const [ choice, setChoice ] = useState< ImportedChoice >( 'keep' );
	return (
		<ConfirmModal
			title={ sprintf(
				/* translators: %s: provider name */
				__( 'Disconnect %s?', 'syncwarden' ),
				provider.label
			) }
			confirmLabel={ __( 'Disconnect', 'syncwarden' ) }
			busy={ busy }
			onConfirm={ () =>
				onConfirm( connection.imported_bookings > 0 ? choice : 'keep' )
			}
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
			{ connection.imported_bookings > 0 && (
				<ImportedChoiceControl
					provider={ provider }
					count={ connection.imported_bookings }
					choice={ choice }
					onChange={ setChoice }
				/>
			) }
		</ConfirmModal>
	);
}
