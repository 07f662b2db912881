import { __ } from '@wordpress/i18n';

import { fetchSources } from '../api/sources';
import { Resource } from '../components/Resource';
import { SourceCard } from '../components/SourceCard';
import { useApiResource } from '../hooks/useApiResource';

/**
 * Every booking plugin SyncWarden can take bookings from, installed or not, so an administrator
 * sees what is supported before installing one.
 */
export function SourcesScreen() {
	const sources = useApiResource( fetchSources );
	return (
		<div className="syncwarden-sources">
			<p>
				{ __(
					'When one of these booking plugins is active, SyncWarden sends its bookings to every connection that receives bookings, with the fields chosen under Data sharing. The booking plugin stays in charge: a change made in a calendar does not change the booking there.',
					'syncwarden'
				) }
			</p>
			<Resource resource={ sources }>
				{ ( { data, replace, reload } ) => (
					<div className="syncwarden-providers">
						{ data.map( ( source ) => (
							<SourceCard
								key={ source.id }
								source={ source }
								onChange={ ( updated ) =>
									replace(
										data.map( ( s ) =>
											s.id === updated.id ? updated : s
										)
									)
								}
								onBackfilled={ reload }
							/>
						) ) }
					</div>
				) }
			</Resource>
		</div>
	);
}
