import { render, screen } from '@testing-library/react';

import { Notice } from './Notice';

describe( 'Notice', () => {
	it( 'uses core’s notice classes for each status, never the components’ notice', () => {
		const { container } = render(
			<>
				<Notice status="error">Broken</Notice>
				<Notice status="success">Saved</Notice>
				<Notice status="warning">Careful</Notice>
				<Notice status="info">Note</Notice>
			</>
		);
		const classes = Array.from(
			container.querySelectorAll( '.notice' ),
			( element ) => element.className
		);
		expect( classes ).toEqual( [
			'notice notice-error inline syncwarden-notice',
			'notice notice-success inline syncwarden-notice',
			'notice notice-warning inline syncwarden-notice',
			'notice notice-info inline syncwarden-notice',
		] );
		expect(
			container.querySelector( '.components-notice' )
		).not.toBeInTheDocument();
	} );

	it( 'puts bare text in a paragraph, as core’s markup expects, and keeps elements as they are', () => {
		render(
			<Notice status="warning">
				Paused.
				<button type="button">Resume</button>
			</Notice>
		);
		expect(
			screen.getByText( 'Paused.', { selector: '.notice > p' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Resume' } ).parentElement
		).toHaveClass( 'notice' );
	} );

	it( 'announces errors at once and other notices politely', () => {
		render(
			<>
				<Notice status="error">Broken</Notice>
				<Notice status="success">Saved</Notice>
			</>
		);
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent( 'Broken' );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent( 'Saved' );
	} );
} );
