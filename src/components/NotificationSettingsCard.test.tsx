import apiFetch from '@wordpress/api-fetch';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { NotificationSettingsCard } from './NotificationSettingsCard';

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const settings = {
	failure_threshold: 3,
	failure_emails: true,
	audit_retention_days: 90,
};

describe( 'NotificationSettingsCard', () => {
	afterEach( () => mockedApiFetch.mockReset() );

	it( 'saves the edited values and reports success', async () => {
		const saved = {
			...settings,
			failure_threshold: 5,
			failure_emails: false,
		};
		mockedApiFetch.mockResolvedValue( saved );
		const onChange = jest.fn();
		render(
			<NotificationSettingsCard
				settings={ settings }
				onChange={ onChange }
			/>
		);

		fireEvent.change(
			screen.getByLabelText(
				/Show a notice after this many failed attempts/
			),
			{ target: { value: '5' } }
		);
		fireEvent.click(
			screen.getByRole( 'checkbox', {
				name: /E-mail the site administrator/,
			} )
		);
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Save settings' } )
			)
		);

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/syncwarden/v1/settings',
			method: 'PUT',
			data: saved,
		} );
		expect( onChange ).toHaveBeenCalledWith( saved );
		expect(
			screen.getByText( 'Saved.', {
				selector: '.notice > p',
			} )
		).toBeInTheDocument();
	} );

	it( 'shows the server’s field error under the field it concerns and keeps the draft', async () => {
		// The 400 as includes/REST/PlainErrors.php words it (tests/php/Integration/REST/PlainErrorsTest.php).
		mockedApiFetch.mockRejectedValue( {
			code: 'rest_invalid_param',
			message:
				'Nothing was saved. Days to keep the activity log: Enter a whole number from 7 to 3650.',
			data: {
				status: 400,
				params: {
					audit_retention_days:
						'Enter a whole number from 7 to 3650.',
				},
			},
		} );
		render(
			<NotificationSettingsCard
				settings={ settings }
				onChange={ jest.fn() }
			/>
		);
		const days = screen.getByLabelText( /Keep activity log entries/ );

		fireEvent.change( days, { target: { value: '2' } } );
		await act( async () =>
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Save settings' } )
			)
		);

		expect(
			screen.getByText( 'Enter a whole number from 7 to 3650.' )
		).toHaveAttribute( 'id', days.getAttribute( 'aria-describedby' ) );
		expect(
			screen.getByText(
				'Nothing was saved. Days to keep the activity log: Enter a whole number from 7 to 3650.'
			)
		).toBeInTheDocument();
		expect( days ).toHaveValue( 2 );
	} );
} );
