import { render, screen } from '@testing-library/react';

import { Pager } from './Pager';

describe( 'Pager', () => {
	it( 'counts one entry in the singular and more in the plural', () => {
		const { rerender } = render(
			<Pager page={ 1 } perPage={ 25 } total={ 1 } onPage={ jest.fn() } />
		);
		expect(
			screen.getByText( 'Page 1 of 1 (1 entry)' )
		).toBeInTheDocument();

		rerender(
			<Pager page={ 1 } perPage={ 25 } total={ 2 } onPage={ jest.fn() } />
		);
		expect(
			screen.getByText( 'Page 1 of 1 (2 entries)' )
		).toBeInTheDocument();
	} );
} );
