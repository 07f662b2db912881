import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { OutboxStatus } from './OutboxStatus';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const parkedJob = {
	id: 9,
	booking_id: 4,
	connection_id: 2,
	operation: 'upsert',
	attempts: 14,
	last_error: 'The provider is busy or unavailable (HTTP 503).',
	updated_at: 1,
};

describe( 'OutboxStatus', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'says so when everything was sent', () => {
		render(
			<OutboxStatus
				connectionId={ 2 }
				outbox={ { backlog: [], parked: [] } }
				onChange={ jest.fn() }
			/>
		);

		expect(
			screen.getByText( 'Every booking change has been sent.' )
		).toBeInTheDocument();
	} );

	it( 'shows waiting and parked changes and retries the parked ones', async () => {
		const onChange = jest.fn();
		mockedApiFetch.mockResolvedValue( { retried: true } );
		render(
			<OutboxStatus
				connectionId={ 2 }
				outbox={ {
					backlog: [ { connection_id: 2, pending: 3, parked: 1 } ],
					parked: [ parkedJob ],
				} }
				onChange={ onChange }
			/>
		);

		expect(
			screen.getByText(
				'3 booking changes are waiting to be sent (retried automatically).'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'The provider is busy or unavailable (HTTP 503).'
			)
		).toBeInTheDocument();
		await act( async () =>
			fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) )
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/outbox/9/retry',
			method: 'POST',
			data: undefined,
		} );
		expect( onChange ).toHaveBeenCalled();
	} );
} );
