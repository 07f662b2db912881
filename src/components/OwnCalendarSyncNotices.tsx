import { __, sprintf } from '@wordpress/i18n';

import type { Connection } from '../api/connections';
import type { Provider } from '../api/providers';
import type { Source } from '../api/sources';
import { Notice } from './Notice';

type Props = {
	sources: Source[];
	connections: Connection[];
	providers: Provider[];
};

/**
 * One warning per booking plugin that sends its bookings to a calendar service itself while
 * SyncWarden sends the same plugin's bookings there too: if both use one calendar, every booking
 * shows up twice, and only the admin can tell whether it is the same calendar.
 */
export function OwnCalendarSyncNotices( {
	sources,
	connections,
	providers,
}: Props ) {
	const overlaps = sources.flatMap( ( source ) =>
		source.detected && source.enabled
			? source.own_calendar_sync.flatMap( ( providerId ) => {
					const exporting = connections.some(
						( c ) =>
							c.provider === providerId &&
							c.features.export?.requested
					);
					const provider = providers.find(
						( p ) => p.id === providerId
					);
					return exporting && provider
						? [ { source, provider } ]
						: [];
				} )
			: []
	);
	return (
		<>
			{ overlaps.map( ( { source, provider } ) => (
				<Notice
					key={ `${ source.id }-${ provider.id }` }
					status="warning"
				>
					{ sprintf(
						/* translators: 1: booking plugin name, 2: calendar service name */
						__(
							'%1$s syncs its bookings with %2$s itself, and SyncWarden sends them there too. If both use the same calendar, each booking appears twice: turn off the calendar sync in %1$s, or switch off “Send bookings from %1$s” on the Booking plugins tab.',
							'syncwarden'
						),
						source.label,
						provider.label
					) }
				</Notice>
			) ) }
		</>
	);
}
