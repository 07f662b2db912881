import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { retryJob, type OutboxState } from '../api/outbox';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Props = {
	connectionId: number;
	outbox: OutboxState;
	onChange: () => void;
};

/** Bookings waiting to be sent to one connection, and the ones that need attention. */
export function OutboxStatus( { connectionId, outbox, onChange }: Props ) {
	const action = useAction();
	const counts = outbox.backlog.find(
		( row ) => row.connection_id === connectionId
	);
	const parked = outbox.parked.filter(
		( job ) => job.connection_id === connectionId
	);
	if ( ! counts || ( counts.pending === 0 && counts.parked === 0 ) ) {
		return (
			<p className="description">
				{ __( 'Every booking change has been sent.', 'syncwarden' ) }
			</p>
		);
	}
	const retryAll = async () => {
		await action.run( () =>
			Promise.all( parked.map( ( job ) => retryJob( job.id ) ) )
		);
		onChange();
	};
	return (
		<div className="syncwarden-outbox">
			{ counts.pending > 0 && (
				<p>
					{ sprintf(
						/* translators: %d: number of bookings */
						_n(
							'%d booking change is waiting to be sent (retried automatically).',
							'%d booking changes are waiting to be sent (retried automatically).',
							counts.pending,
							'syncwarden'
						),
						counts.pending
					) }
				</p>
			) }
			{ parked.length > 0 && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of bookings */
						_n(
							'%d booking change needs attention: sending it failed repeatedly.',
							'%d booking changes need attention: sending them failed repeatedly.',
							parked.length,
							'syncwarden'
						),
						parked.length
					) }
					{ parked[ 0 ]?.last_error && (
						<p>{ parked[ 0 ].last_error }</p>
					) }
					<Button
						variant="secondary"
						onClick={ retryAll }
						isBusy={ action.busy }
						disabled={ action.busy }
					>
						{ __( 'Retry', 'syncwarden' ) }
					</Button>
				</Notice>
			) }
			{ action.error && <ErrorNotice error={ action.error } /> }
		</div>
	);
}
