import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { getSettings, setSettings } from '@wordpress/date';

import type { Source } from '../api/sources';
import { notInstalledSourceFixture, sourceFixture } from '../test-fixtures';
import { SourceCard } from './SourceCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const original = getSettings();

const notInstalled = notInstalledSourceFixture;

describe( 'SourceCard', () => {
	beforeEach( () =>
		// A site set to "3 Dec 2026" and "10:00" in Berlin (Settings → General).
		setSettings( {
			...original,
			formats: { ...original.formats, date: 'j M Y', time: 'H:i' },
			timezone: { ...original.timezone, string: 'Europe/Berlin' },
		} )
	);
	afterEach( () => {
		mockedApiFetch.mockReset();
		setSettings( original );
	} );

	it( 'says an active plugin’s version, which statuses are sent, the last booking in the site’s format and the busy-time note', () => {
		render(
			<SourceCard source={ sourceFixture } onChange={ jest.fn() } />
		);

		expect( screen.getByText( 'Active' ) ).toHaveClass(
			'syncwarden-badge'
		);
		expect(
			screen.getByText( 'Version 5.6.5 is active on this site.' )
		).toBeInTheDocument();
		expect(
			screen.getByText(
				/^Approved, completed and no-show bookings are sent; pending ones are not\./
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'Last booking seen: booking #12 in LatePoint (approved), 3 Dec 2026 at 10:00.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( sourceFixture.busy_time_note )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'checkbox', {
				name: 'Send bookings from LatePoint',
			} )
		).toBeChecked();
		expect(
			screen.getByRole( 'checkbox', {
				name: 'Send pending bookings as tentative',
			} )
		).not.toBeChecked();
	} );

	it( 'tells a plugin that is not installed from one that is installed but not active, and offers no backfill for either', () => {
		const { rerender } = render(
			<SourceCard source={ notInstalled } onChange={ jest.fn() } />
		);

		expect( screen.getByText( 'Not active' ) ).toBeInTheDocument();
		expect(
			screen.getByText(
				'Not installed on this site, so nothing is sent from it.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'No booking from Amelia has reached SyncWarden yet.'
			)
		).toBeInTheDocument();

		rerender(
			<SourceCard
				source={ {
					...notInstalled,
					installed: true,
					version: '2.4.3',
				} }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText(
				'Version 2.4.3 is installed but not active, so nothing is sent from it. Activate it under Plugins to start.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Takes effect once the plugin is active.' )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: /Send existing bookings/ } )
		).not.toBeInTheDocument();
	} );

	it( 'saves a switch with the one field it changes, says so, and hands on what the server stored', async () => {
		const stored: Source = {
			...sourceFixture,
			tentative: true,
			exported: [ 'pending', 'approved', 'completed', 'no_show' ],
		};
		mockedApiFetch.mockResolvedValue( stored );
		const onChange = jest.fn();
		render( <SourceCard source={ sourceFixture } onChange={ onChange } /> );

		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'checkbox', {
					name: 'Send pending bookings as tentative',
				} )
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/sources/latepoint',
			method: 'PUT',
			data: { tentative: true },
		} );
		expect( onChange ).toHaveBeenCalledWith( stored );
		expect(
			screen.getByText( 'Saved.', { selector: '.notice-success > p' } )
		).toBeInTheDocument();
	} );

	it( 'puts the switch back and explains when saving fails', async () => {
		mockedApiFetch.mockRejectedValue( new TypeError( 'Failed to fetch' ) );
		const onChange = jest.fn();
		render( <SourceCard source={ sourceFixture } onChange={ onChange } /> );
		const toggle = screen.getByRole( 'checkbox', {
			name: 'Send bookings from LatePoint',
		} );

		await act( async () => fireEvent.click( toggle ) );

		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( { data: { enabled: false } } )
		);
		expect( toggle ).toBeChecked();
		expect( onChange ).not.toHaveBeenCalled();
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'SyncWarden could not reach this site’s REST API.'
		);
		expect( screen.queryByText( 'Saved.' ) ).not.toBeInTheDocument();
	} );
} );
