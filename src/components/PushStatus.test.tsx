import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { PushState } from '../api/push';
import { connectionFixture, routeResponses } from '../test-fixtures';
import { PushStatus } from './PushStatus';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const subscribed: PushState = {
	connection_id: 3,
	supported: true,
	state: 'active',
	reachable: true,
	reachability: 'ok',
	reachability_message: 'Providers can reach this site over HTTPS.',
	endpoint_url:
		'https://shop.example.com/wp-json/syncwarden/v1/webhooks/google/3',
	subscribed_at: 1700000000,
	renewed_at: null,
	expires_at: 1700600000,
	last_error: '',
	renew_failures: 0,
	last_delivery_at: 1700000100,
	last_failure_at: 1700000200,
	last_failure: 'wrong_token',
	refused_today: 4,
	verification_blocked: false,
};

const PUSH = '/syncwarden/v1/connections/3/push';

describe( 'PushStatus', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'shows the subscription, its endpoint, expiry, deliveries and refusals', async () => {
		mockedApiFetch.mockImplementation(
			routeResponses( {
				// A secret the server must never send is dropped by the schema anyway.
				[ PUSH ]: { ...subscribed, channel_token: 'leaked-token' },
			} )
		);

		await act( async () => {
			render( <PushStatus connection={ connectionFixture } /> );
		} );

		expect(
			screen.getByText( /Subscribed: changes arrive within seconds/ )
		).toBeInTheDocument();
		expect( screen.getByLabelText( 'Endpoint' ) ).toHaveValue(
			subscribed.endpoint_url
		);
		expect(
			screen.getByText( /renewed automatically a day before/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( /its channel token was wrong/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( /4 requests to this endpoint were refused today/ )
		).toBeInTheDocument();
		expect( document.body.textContent ).not.toContain( 'leaked-token' );
	} );

	it( 'says when the site cannot receive webhooks and that sync falls back to polling', async () => {
		mockedApiFetch.mockImplementation(
			routeResponses( {
				[ PUSH ]: {
					...subscribed,
					state: 'polling',
					reachable: false,
					reachability: 'not_https',
					reachability_message:
						'This site is not served over HTTPS, and providers only deliver webhooks to https:// addresses.',
					subscribed_at: null,
					expires_at: null,
					last_delivery_at: null,
					last_failure_at: null,
					last_failure: '',
					refused_today: 0,
				},
			} )
		);

		await act( async () => {
			render( <PushStatus connection={ connectionFixture } /> );
		} );

		expect(
			screen.getByText(
				/changes arrive with the scheduled syncs \(polling\)/
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /not served over HTTPS/, {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();
		expect( screen.getByText( 'none yet' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Resubscribe' } )
		).not.toBeInTheDocument();
	} );

	it( 'resubscribes and shows the new state', async () => {
		mockedApiFetch.mockImplementation(
			routeResponses( {
				[ PUSH ]: {
					...subscribed,
					state: 'failed',
					last_error: 'The provider refused the request (HTTP 403).',
				},
				[ `POST ${ PUSH }/resubscribe` ]: subscribed,
			} )
		);
		await act( async () => {
			render( <PushStatus connection={ connectionFixture } /> );
		} );
		expect(
			screen.getByText( 'The provider refused the request (HTTP 403).', {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();

		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Resubscribe' } )
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: `${ PUSH }/resubscribe`,
			method: 'POST',
			data: undefined,
		} );
		const notice = { selector: '.notice > p' };
		expect(
			screen.getByText( 'Resubscribed with a new secret.', notice )
		).toBeInTheDocument();
		expect(
			screen.queryByText(
				'The provider refused the request (HTTP 403).',
				notice
			)
		).not.toBeInTheDocument();
	} );

	it( 'says a Calendly resubscribe keeps the app’s signing key instead of claiming a new secret', async () => {
		mockedApiFetch.mockImplementation(
			routeResponses( {
				[ PUSH ]: { ...subscribed, state: 'failed' },
				[ `POST ${ PUSH }/resubscribe` ]: subscribed,
			} )
		);
		await act( async () => {
			render(
				<PushStatus
					connection={ {
						...connectionFixture,
						provider: 'calendly',
					} }
				/>
			);
		} );

		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Resubscribe' } )
			)
		);

		const notice = { selector: '.notice > p' };
		expect(
			screen.getByText(
				'Resubscribed. Calendly keeps signing deliveries with your app’s webhook signing key.',
				notice
			)
		).toBeInTheDocument();
		expect(
			screen.queryByText( 'Resubscribed with a new secret.', notice )
		).not.toBeInTheDocument();
	} );

	it( 'shows nothing, and asks nothing, for connections that cannot have webhooks', () => {
		const { container } = render(
			<PushStatus
				connection={ {
					...connectionFixture,
					provider: 'hubspot',
					features: {
						export: { requested: true, granted: true },
					},
				} }
			/>
		);

		expect( container ).toBeEmptyDOMElement();
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );
