import { TabPanel } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactElement } from 'react';

import { ActivityScreen } from './ActivityScreen';
import { BookingsScreen } from './BookingsScreen';
import { ConnectionsScreen } from './ConnectionsScreen';
import { DataSharingScreen } from './DataSharingScreen';
import { SettingsScreen } from './SettingsScreen';
import { SourcesScreen } from './SourcesScreen';

type Tab = { name: string; title: string; render: () => ReactElement };

const TABS: Tab[] = [
	{
		name: 'connections',
		title: __( 'Connections', 'syncwarden' ),
		render: () => <ConnectionsScreen />,
	},
	{
		name: 'booking-plugins',
		title: __( 'Booking plugins', 'syncwarden' ),
		render: () => <SourcesScreen />,
	},
	{
		name: 'bookings',
		title: __( 'Bookings', 'syncwarden' ),
		render: () => <BookingsScreen />,
	},
	{
		name: 'data-sharing',
		title: __( 'Data sharing', 'syncwarden' ),
		render: () => <DataSharingScreen />,
	},
	{
		name: 'activity',
		title: __( 'Activity', 'syncwarden' ),
		render: () => <ActivityScreen />,
	},
	{
		name: 'settings',
		title: __( 'Settings', 'syncwarden' ),
		render: () => <SettingsScreen />,
	},
];

/**
 * The tab named in `?tab=`, so a link or a reload lands on the same screen.
 */
export function tabFromLocation( search: string ): string {
	const requested = new URLSearchParams( search ).get( 'tab' );
	return TABS.some( ( tab ) => tab.name === requested )
		? ( requested as string )
		: 'connections';
}

function rememberTab( name: string ) {
	const url = new URL( window.location.href );
	url.searchParams.set( 'tab', name );
	window.history.replaceState( null, '', url );
}

// TabPanel (not Tabs): Tabs is undefined in WordPress 6.5's wp-components.
export function App() {
	return (
		<TabPanel
			className="syncwarden-tabs"
			tabs={ TABS.map( ( { name, title } ) => ( { name, title } ) ) }
			initialTabName={ tabFromLocation( window.location.search ) }
			onSelect={ rememberTab }
		>
			{ ( tab ) => (
				<>
					{ /* The page's h1 is "SyncWarden"; this hidden h2 names the tab so the cards'
					h3 headings do not skip a level and heading navigation lands on each tab. */ }
					<h2 className="screen-reader-text">{ tab.title }</h2>
					{ TABS.find(
						( candidate ) => candidate.name === tab.name
					)?.render() ?? <ConnectionsScreen /> }
				</>
			) }
		</TabPanel>
	);
}
