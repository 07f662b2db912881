import {
	Card,
	CardBody,
	CardHeader,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _x, sprintf } from '@wordpress/i18n';

import { siteDateTime } from '../api/dates';
import {
	saveSource,
	type Source,
	type SourceSettings,
	type SourceStatus,
} from '../api/sources';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';
import { SourceBackfill } from './SourceBackfill';

type Props = {
	source: Source;
	onChange: ( source: Source ) => void;
	/** After existing bookings were sent (the last booking seen changed). */
	onBackfilled?: () => void;
};

/** A booking's status as it reads inside a sentence. */
const STATUS_WORDS: Record< SourceStatus, string > = {
	pending: _x( 'pending', 'booking status', 'syncwarden' ),
	approved: _x( 'approved', 'booking status', 'syncwarden' ),
	completed: _x( 'completed', 'booking status', 'syncwarden' ),
	no_show: _x( 'no-show', 'booking status', 'syncwarden' ),
	rejected: _x( 'rejected', 'booking status', 'syncwarden' ),
	abandoned: _x( 'abandoned', 'booking status', 'syncwarden' ),
	cancelled: _x( 'cancelled', 'booking status', 'syncwarden' ),
};

/** Whether the plugin is there, in the words of the Plugins screen. */
function presence( source: Source ): string {
	if ( source.detected ) {
		return source.version
			? sprintf(
					/* translators: %s: the booking plugin's version, e.g. 5.6.5 */
					__( 'Version %s is active on this site.', 'syncwarden' ),
					source.version
				)
			: __( 'Active on this site.', 'syncwarden' );
	}
	if ( source.installed ) {
		return source.version
			? sprintf(
					/* translators: %s: the booking plugin's version, e.g. 5.6.5 */
					__(
						'Version %s is installed but not active, so nothing is sent from it. Activate it under Plugins to start.',
						'syncwarden'
					),
					source.version
				)
			: __(
					'Installed but not active, so nothing is sent from it. Activate it under Plugins to start.',
					'syncwarden'
				);
	}
	return __(
		'Not installed on this site, so nothing is sent from it.',
		'syncwarden'
	);
}

/** Which statuses reach the calendars, as StatusPolicy decides them on the server. */
function exportedInWords( exported: SourceStatus[] ): string {
	return exported.includes( 'pending' )
		? __(
				'Approved, completed and no-show bookings are sent; pending ones are sent as tentative. Rejected, abandoned and cancelled bookings are taken off your calendars.',
				'syncwarden'
			)
		: __(
				'Approved, completed and no-show bookings are sent; pending ones are not. Rejected, abandoned and cancelled bookings are taken off your calendars.',
				'syncwarden'
			);
}

function lastSeen( source: Source ): string {
	if ( ! source.last_seen ) {
		return sprintf(
			/* translators: %s: booking plugin name */
			__(
				'No booking from %s has reached SyncWarden yet.',
				'syncwarden'
			),
			source.label
		);
	}
	const {
		source_ref: ref,
		source_status: status,
		seen_at: at,
	} = source.last_seen;
	return sprintf(
		/* translators: 1: the booking's number in the booking plugin, 2: booking plugin name, 3: its status, e.g. approved, 4: date and time SyncWarden saw it */
		__(
			'Last booking seen: booking #%1$s in %2$s (%3$s), %4$s.',
			'syncwarden'
		),
		ref,
		source.label,
		STATUS_WORDS[ status ],
		siteDateTime( at )
	);
}

/** The on/off and tentative switches; each click saves at once, as a Plugins-screen toggle does. */
function useSourceSettings( source: Source, onChange: Props[ 'onChange' ] ) {
	const [ pending, setPending ] = useState< SourceSettings >( {} );
	const [ saved, setSaved ] = useState( false );
	const action = useAction();
	const save = async ( change: SourceSettings ) => {
		setSaved( false );
		setPending( change ); // The switch follows the click at once …
		const next = await action.run( () => saveSource( source.id, change ) );
		setPending( {} ); // … then shows what the server stored, or goes back if it refused.
		if ( next ) {
			onChange( next );
			setSaved( true );
		}
	};
	return { shown: { ...source, ...pending }, saved, action, save };
}

function enabledHelp( source: Source ): string {
	return source.detected
		? __(
				'New and changed bookings go to every connection that receives bookings, as they happen.',
				'syncwarden'
			)
		: __( 'Takes effect once the plugin is active.', 'syncwarden' );
}

function SourceSwitches( { source, onChange }: Omit< Props, 'onBackfilled' > ) {
	const { shown, saved, action, save } = useSourceSettings(
		source,
		onChange
	);
	return (
		<>
			{ action.error && <ErrorNotice error={ action.error } /> }
			{ saved && (
				<Notice status="success" isDismissible={ false }>
					{ __( 'Saved.', 'syncwarden' ) }
				</Notice>
			) }
			<ToggleControl
				__nextHasNoMarginBottom
				label={ sprintf(
					/* translators: %s: booking plugin name */
					__( 'Send bookings from %s', 'syncwarden' ),
					source.label
				) }
				help={ enabledHelp( source ) }
				checked={ shown.enabled }
				disabled={ action.busy }
				onChange={ ( enabled ) => save( { enabled } ) }
			/>
			<ToggleControl
				__nextHasNoMarginBottom
				label={ __(
					'Send pending bookings as tentative',
					'syncwarden'
				) }
				help={ __(
					'Google Calendar and Outlook then show them as tentative until they are approved.',
					'syncwarden'
				) }
				checked={ shown.tentative }
				disabled={ action.busy }
				onChange={ ( tentative ) => save( { tentative } ) }
			/>
		</>
	);
}

/**
 * One booking plugin on the Booking plugins tab: whether it is there, whether its bookings are
 * sent and which, the last one seen, what happens to busy time, and sending older bookings.
 */
export function SourceCard( { source, onChange, onBackfilled }: Props ) {
	return (
		<Card
			className="syncwarden-source"
			id={ `syncwarden-source-${ source.id }` }
		>
			<CardHeader>
				<h3>{ source.label }</h3>
				<span
					className={ `syncwarden-badge ${
						source.detected ? 'is-active' : 'is-inactive'
					}` }
				>
					{ source.detected
						? __( 'Active', 'syncwarden' )
						: __( 'Not active', 'syncwarden' ) }
				</span>
			</CardHeader>
			<CardBody>
				<p className="syncwarden-source__presence">
					{ presence( source ) }
				</p>
				<SourceSwitches source={ source } onChange={ onChange } />
				<p className="syncwarden-source__statuses">
					{ exportedInWords( source.exported ) }
				</p>
				<p className="syncwarden-source__last-seen">
					{ lastSeen( source ) }
				</p>
				{ source.busy_time_note && (
					<>
						<h4>{ __( 'Busy time', 'syncwarden' ) }</h4>
						<p className="syncwarden-source__busy">
							{ source.busy_time_note }
						</p>
					</>
				) }
				{ source.detected && (
					<SourceBackfill source={ source } onDone={ onBackfilled } />
				) }
			</CardBody>
		</Card>
	);
}
