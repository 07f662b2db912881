import { render, screen } from '@testing-library/react';

import {
	connectionFixture,
	providerFixture,
	sourceFixture,
} from '../test-fixtures';
import { OwnCalendarSyncNotices } from './OwnCalendarSyncNotices';

const exporting = {
	...connectionFixture,
	features: {
		import: { requested: true, granted: true },
		export: { requested: true, granted: true },
	},
};
const syncsItself = { ...sourceFixture, own_calendar_sync: [ 'google' ] };

describe( 'OwnCalendarSyncNotices', () => {
	it( 'warns when a booking plugin syncs with the calendar SyncWarden exports to', () => {
		render(
			<OwnCalendarSyncNotices
				sources={ [ syncsItself ] }
				connections={ [ exporting ] }
				providers={ [ providerFixture ] }
			/>
		);

		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'LatePoint syncs its bookings with Google Calendar itself, and SyncWarden sends them there too.'
		);
	} );

	it( 'says nothing when SyncWarden only imports from that calendar, the source is off or the plugin syncs with another service', () => {
		const { container } = render(
			<OwnCalendarSyncNotices
				sources={ [
					syncsItself,
					{ ...syncsItself, id: 'amelia', enabled: false },
					{
						...sourceFixture,
						id: 'fluent-booking',
						own_calendar_sync: [ 'microsoft' ],
					},
				] }
				connections={ [ connectionFixture ] }
				providers={ [ providerFixture ] }
			/>
		);

		expect( container ).toBeEmptyDOMElement();
	} );
} );
