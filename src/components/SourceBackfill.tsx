import { Button, Spinner, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { BACKFILL_MAX_DAYS, type Source } from '../api/sources';
import {
	useBackfill,
	type BackfillProgress,
	type BackfillState,
} from '../hooks/useBackfill';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

const DEFAULT_DAYS = 30;

type Props = { source: Source; onDone?: () => void };

/** The field's value as a number of days the server accepts, or null. */
function parseDays( value: string ): number | null {
	if ( ! /^\d+$/.test( value.trim() ) ) {
		return null;
	}
	const days = Number( value );
	return days >= 1 && days <= BACKFILL_MAX_DAYS ? days : null;
}

function soFar( { handled, sent }: BackfillProgress ): string {
	return sprintf(
		/* translators: 1: bookings sent so far, 2: bookings checked so far */
		_n(
			'Sent %1$d of %2$d booking so far…',
			'Sent %1$d of %2$d bookings so far…',
			handled,
			'syncwarden'
		),
		sent,
		handled
	);
}

function finished( { handled, sent }: BackfillProgress, label: string ) {
	if ( handled === 0 ) {
		return sprintf(
			/* translators: %s: booking plugin name */
			__( 'Done: %s has no bookings in that period.', 'syncwarden' ),
			label
		);
	}
	const done = sprintf(
		/* translators: 1: bookings sent, 2: bookings checked, 3: booking plugin name */
		_n(
			'Done: sent %1$d of %2$d booking from %3$s.',
			'Done: sent %1$d of %2$d bookings from %3$s.',
			handled,
			'syncwarden'
		),
		sent,
		handled,
		label
	);
	return sent < handled
		? `${ done } ${ __(
				'The others needed nothing: they were sent before and have not changed, or their status is not sent.',
				'syncwarden'
			) }`
		: done;
}

function stopped( { handled, sent }: BackfillProgress ): string {
	return sprintf(
		/* translators: 1: bookings sent, 2: bookings checked */
		_n(
			'Stopped after sending %1$d of %2$d booking. Run it again to send the rest; nothing is sent twice.',
			'Stopped after sending %1$d of %2$d bookings. Run it again to send the rest; nothing is sent twice.',
			handled,
			'syncwarden'
		),
		sent,
		handled
	);
}

/** Progress while it runs, the outcome when it ended: core notices, read out as they change. */
function Outcome( {
	state,
	label,
	onCancel,
	onRetry,
}: {
	state: BackfillState;
	label: string;
	onCancel: () => void;
	onRetry: () => void;
} ) {
	switch ( state.phase ) {
		case 'idle':
			return null;
		case 'running':
			return (
				<Notice status="info">
					<p className="syncwarden-backfill__progress">
						<Spinner />
						{ state.stopping
							? __( 'Stopping after this page…', 'syncwarden' )
							: soFar( state ) }
					</p>
					<Button
						variant="secondary"
						onClick={ onCancel }
						disabled={ state.stopping }
					>
						{ __( 'Stop sending', 'syncwarden' ) }
					</Button>
				</Notice>
			);
		case 'done':
			return (
				<Notice status="success">{ finished( state, label ) }</Notice>
			);
		case 'cancelled':
			return <Notice status="warning">{ stopped( state ) }</Notice>;
		case 'failed':
			return (
				<>
					<ErrorNotice error={ state.error } onRetry={ onRetry } />
					{ state.handled > 0 && (
						<Notice status="info">{ stopped( state ) }</Notice>
					) }
				</>
			);
	}
}

/** How far back to look: a whole number of days the server accepts (1 to 365). */
function DaysField( {
	value,
	valid,
	disabled,
	onChange,
}: {
	value: string;
	valid: boolean;
	disabled: boolean;
	onChange: ( value: string ) => void;
} ) {
	return (
		<TextControl
			__nextHasNoMarginBottom
			__next40pxDefaultSize
			className="syncwarden-number"
			type="number"
			label={ __( 'Days to look back', 'syncwarden' ) }
			help={
				! valid
					? __( 'Enter a whole number from 1 to 365.', 'syncwarden' )
					: __(
							'Bookings that start within this many days ago, or later, are sent to every connection that receives bookings. A booking sent before is not sent twice.',
							'syncwarden'
						)
			}
			min={ 1 }
			max={ BACKFILL_MAX_DAYS }
			value={ value }
			disabled={ disabled }
			onChange={ onChange }
		/>
	);
}

/**
 * "Send existing bookings from the last N days": bookings the plugin held before SyncWarden
 * listened, sent page by page (see useBackfill).
 */
export function SourceBackfill( { source, onDone }: Props ) {
	const [ value, setValue ] = useState( String( DEFAULT_DAYS ) );
	const backfill = useBackfill( source.id, onDone );
	const days = parseDays( value );
	const running = backfill.state.phase === 'running';
	const run = () => days !== null && backfill.start( days );

	return (
		<div className="syncwarden-backfill">
			<h4>{ __( 'Bookings made before', 'syncwarden' ) }</h4>
			<DaysField
				value={ value }
				valid={ days !== null }
				disabled={ running }
				onChange={ setValue }
			/>
			{ ! source.enabled && (
				<p>
					{ __(
						'Switch this booking plugin on above to send its bookings.',
						'syncwarden'
					) }
				</p>
			) }
			<Button
				variant="secondary"
				onClick={ run }
				isBusy={ running }
				disabled={ running || days === null || ! source.enabled }
			>
				{ days === null
					? __( 'Send existing bookings', 'syncwarden' )
					: sprintf(
							/* translators: %d: number of days */
							_n(
								'Send existing bookings from the last %d day',
								'Send existing bookings from the last %d days',
								days,
								'syncwarden'
							),
							days
						) }
			</Button>
			<div className="syncwarden-backfill__outcome">
				<Outcome
					state={ backfill.state }
					label={ source.label }
					onCancel={ backfill.cancel }
					onRetry={ run }
				/>
			</div>
		</div>
	);
}
