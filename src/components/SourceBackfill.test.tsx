import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { BackfillPage } from '../api/sources';
import { sourceFixture } from '../test-fixtures';
import { SourceBackfill } from './SourceBackfill';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

type Call = {
	options: { path: string; method: string; data: unknown };
	answer: ( page: BackfillPage ) => Promise< void >;
	fail: ( reason: unknown ) => Promise< void >;
};

/** Every backfill request waits until the test answers it, so each page's progress can be seen. */
function pagesOnDemand(): Call[] {
	const calls: Call[] = [];
	mockedApiFetch.mockImplementation(
		( options: Call[ 'options' ] ) =>
			new Promise( ( resolve, reject ) => {
				calls.push( {
					options,
					answer: ( page ) => act( async () => resolve( page ) ),
					fail: ( reason ) => act( async () => reject( reason ) ),
				} );
			} )
	);
	return calls;
}

/** The request made `index`-th (from 0); failing clearly when it was never made. */
function request( calls: Call[], index: number ): Call {
	const call = calls[ index ];
	if ( ! call ) {
		throw new Error( `Request ${ index + 1 } was never sent.` );
	}
	return call;
}

const page = (
	handled: number,
	sent: number,
	next: number,
	done = false
) => ( {
	handled,
	sent,
	next,
	done,
} );

function sendButton( days = 30 ) {
	return screen.getByRole( 'button', {
		name: `Send existing bookings from the last ${ days } days`,
	} );
}

describe( 'SourceBackfill', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'asks for page after page, each after the previous one’s last booking, shows the running count, and reports the total', async () => {
		const calls = pagesOnDemand();
		const onDone = jest.fn();
		render( <SourceBackfill source={ sourceFixture } onDone={ onDone } /> );

		await act( async () => fireEvent.click( sendButton() ) );
		await request( calls, 0 ).answer( page( 25, 20, 31 ) );

		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Sent 20 of 25 bookings so far…'
		);
		expect( sendButton() ).toBeDisabled();

		await request( calls, 1 ).answer( page( 25, 20, 58 ) );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Sent 40 of 50 bookings so far…'
		);
		await request( calls, 2 ).answer( page( 5, 0, 63, true ) );

		expect( calls.map( ( call ) => call.options ) ).toEqual(
			[ 0, 31, 58 ].map( ( after ) => ( {
				path: '/syncwarden/v1/sources/latepoint/backfill',
				method: 'POST',
				data: { days: 30, after },
			} ) )
		);
		expect(
			screen.getByText(
				/^Done: sent 40 of 55 bookings from LatePoint\./,
				{
					selector: '.notice-success > p',
				}
			)
		).toBeInTheDocument();
		expect( onDone ).toHaveBeenCalledTimes( 1 );
		expect( sendButton() ).toBeEnabled();
	} );

	it( 'stops after the page under way when cancelled and says how far it got', async () => {
		const calls = pagesOnDemand();
		const onDone = jest.fn();
		render( <SourceBackfill source={ sourceFixture } onDone={ onDone } /> );

		await act( async () => fireEvent.click( sendButton() ) );
		await request( calls, 0 ).answer( page( 25, 25, 25 ) );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Stop sending' } )
		);

		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Stopping after this page…'
		);
		await request( calls, 1 ).answer( page( 25, 3, 50 ) );

		expect( calls ).toHaveLength( 2 );
		expect(
			screen.getByText(
				'Stopped after sending 28 of 50 bookings. Run it again to send the rest; nothing is sent twice.',
				{ selector: '.notice-warning > p' }
			)
		).toBeInTheDocument();
		expect( onDone ).not.toHaveBeenCalled();
	} );

	it( 'sends the number of days entered, and refuses one outside 1 to 365 before asking the server', async () => {
		const calls = pagesOnDemand();
		render( <SourceBackfill source={ sourceFixture } /> );
		const days = screen.getByLabelText( 'Days to look back' );

		fireEvent.change( days, { target: { value: '400' } } );

		expect(
			screen.getByText( 'Enter a whole number from 1 to 365.' )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Send existing bookings' } )
		).toBeDisabled();

		fireEvent.change( days, { target: { value: '1' } } );
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', {
					name: 'Send existing bookings from the last 1 day',
				} )
			)
		);

		expect( request( calls, 0 ).options.data ).toEqual( {
			days: 1,
			after: 0,
		} );
	} );

	it( 'shows the server’s refusal in words when the plugin went inactive meanwhile, with what was sent before it', async () => {
		const calls = pagesOnDemand();
		render( <SourceBackfill source={ sourceFixture } /> );

		await act( async () => fireEvent.click( sendButton() ) );
		await request( calls, 0 ).answer( page( 25, 10, 25 ) );
		// The 409 SourcesController::backfill() answers when the plugin is inactive or switched off.
		await request( calls, 1 ).fail( {
			code: 'syncwarden_source_inactive',
			message:
				'LatePoint is not active on this site or is switched off here, so there is nothing to send.',
			data: { status: 409 },
		} );

		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'LatePoint is not active on this site or is switched off here, so there is nothing to send.'
		);
		expect(
			screen.getByText( /^Stopped after sending 10 of 25 bookings\./ )
		).toBeInTheDocument();
		expect( calls ).toHaveLength( 2 );
	} );

	it( 'explains a network failure and starts again from the first page on Try again', async () => {
		const calls = pagesOnDemand();
		render( <SourceBackfill source={ sourceFixture } /> );

		await act( async () => fireEvent.click( sendButton() ) );
		await request( calls, 0 ).fail( new TypeError( 'Failed to fetch' ) );

		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'SyncWarden could not reach this site’s REST API.'
		);
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Try again' } )
			)
		);
		expect( request( calls, 1 ).options.data ).toEqual( {
			days: 30,
			after: 0,
		} );
	} );

	it( 'stops instead of asking for the same page forever when a page does not move on', async () => {
		const calls = pagesOnDemand();
		render( <SourceBackfill source={ sourceFixture } /> );

		await act( async () => fireEvent.click( sendButton() ) );
		await request( calls, 0 ).answer( page( 25, 0, 0 ) );

		expect( calls ).toHaveLength( 1 );
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			/returned the same bookings twice/
		);
	} );

	it( 'cannot be started while the booking plugin is switched off here, and says why', () => {
		render(
			<SourceBackfill source={ { ...sourceFixture, enabled: false } } />
		);

		expect( sendButton() ).toBeDisabled();
		expect(
			screen.getByText(
				'Switch this booking plugin on above to send its bookings.'
			)
		).toBeInTheDocument();
	} );
} );
