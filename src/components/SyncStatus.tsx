import { Button, SelectControl, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import {
	setSyncInterval,
	syncNow,
	SYNC_INTERVALS,
	type Connection,
	type SyncStatus as Status,
} from '../api/connections';
import { describeSync } from '../api/wording';
import { siteDateTime } from '../api/dates';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Props = {
	connection: Connection;
	onChange: () => void;
};

const when = siteDateTime;

function intervalLabel( minutes: number ): string {
	return minutes < 60
		? sprintf(
				/* translators: %d: minutes */
				_n( '%d minute', '%d minutes', minutes, 'syncwarden' ),
				minutes
			)
		: sprintf(
				/* translators: %d: hours */
				_n( '%d hour', '%d hours', minutes / 60, 'syncwarden' ),
				minutes / 60
			);
}

function lastRun( last: Status[ 'last_run' ] ): string {
	if ( ! last ) {
		return __( 'Not synced yet.', 'syncwarden' );
	}
	if ( last.result === 'failed' ) {
		return sprintf(
			/* translators: 1: date and time, 2: error message */
			__( 'Last sync failed (%1$s): %2$s', 'syncwarden' ),
			when( last.at ),
			last.error
		);
	}
	const counts = sprintf(
		/* translators: 1: date and time, 2: new, 3: changed, 4: cancelled, 5: unchanged bookings, 6: seconds */
		__(
			'Last sync %1$s: %2$d new, %3$d changed, %4$d cancelled, %5$d unchanged, in %6$s s.',
			'syncwarden'
		),
		when( last.at ),
		last.created,
		last.updated,
		last.cancelled,
		last.unchanged,
		( last.duration_ms / 1000 ).toFixed( 1 )
	);
	if ( last.result === 'incomplete' ) {
		return (
			counts +
			' ' +
			__(
				'Not finished yet: the calendar has more pages than one run reads; the next run goes on where this one stopped.',
				'syncwarden'
			)
		);
	}
	return counts;
}

function nextRun( connection: Connection ): string {
	if ( connection.site_moved ) {
		return __(
			'Automatic sync is paused until this site is confirmed as the live site.',
			'syncwarden'
		);
	}
	if ( connection.sync.next_run === null ) {
		return __(
			'The next automatic sync is scheduled on the next visit to the dashboard.',
			'syncwarden'
		);
	}
	return sprintf(
		/* translators: %s: date and time */
		__( 'Next automatic sync: %s.', 'syncwarden' ),
		when( connection.sync.next_run )
	);
}

/**
 * A connection's import: the last run and its counts, the next run, how often it runs, and
 * "Sync now" with its progress and result.
 */
export function SyncStatus( { connection, onChange }: Props ) {
	const action = useAction();
	const [ result, setResult ] = useState< string | null >( null );
	const canSync =
		connection.sync.imports && connection.status === 'connected';

	if ( ! connection.sync.imports ) {
		return null;
	}
	const sync = async () => {
		setResult( null );
		const outcome = await action.run( () => syncNow( connection.id ) );
		if ( outcome ) {
			setResult( describeSync( outcome ) );
			onChange();
		}
	};
	const changeInterval = async ( value: string ) => {
		if (
			await action.run( () =>
				setSyncInterval( connection.id, Number( value ) )
			)
		) {
			onChange();
		}
	};

	return (
		<div className="syncwarden-sync">
			<h4>{ __( 'Import', 'syncwarden' ) }</h4>
			{ action.error && <ErrorNotice error={ action.error } /> }
			{ result && (
				<Notice status="success" isDismissible={ false }>
					{ result }
				</Notice>
			) }
			<p>{ lastRun( connection.sync.last_run ) }</p>
			{ connection.consecutive_failures > 0 && (
				<p className="syncwarden-sync__failures">
					{ sprintf(
						/* translators: %d: number of failed attempts */
						_n(
							'%d failed attempt in a row; SyncWarden keeps retrying on schedule.',
							'%d failed attempts in a row; SyncWarden keeps retrying on schedule.',
							connection.consecutive_failures,
							'syncwarden'
						),
						connection.consecutive_failures
					) }
				</p>
			) }
			<p>{ nextRun( connection ) }</p>
			<SelectControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				className="syncwarden-interval"
				label={ __( 'Sync automatically every', 'syncwarden' ) }
				value={ String( connection.sync.interval ) }
				options={ SYNC_INTERVALS.map( ( minutes ) => ( {
					value: String( minutes ),
					label: intervalLabel( minutes ),
				} ) ) }
				onChange={ changeInterval }
				disabled={ action.busy }
			/>
			{ canSync && (
				<div className="syncwarden-actions">
					<Button
						variant="secondary"
						onClick={ sync }
						isBusy={ action.busy }
						disabled={ action.busy }
					>
						{ __( 'Sync now', 'syncwarden' ) }
					</Button>
					{ action.busy && (
						<span
							role="status"
							className="syncwarden-sync__progress"
						>
							<Spinner />
							{ __(
								'Syncing… a large calendar can take a minute.',
								'syncwarden'
							) }
						</span>
					) }
				</div>
			) }
		</div>
	);
}
