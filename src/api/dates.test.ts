import { getSettings, setSettings } from '@wordpress/date';

import { siteCalendarDay, siteDate, siteDateTime, siteTime } from './dates';

// 2026-12-02T01:32:18Z.
const MOMENT = Date.UTC( 2026, 11, 2, 1, 32, 18 ) / 1000;

function useSite( date: string, time: string, zone: string, offset: number ) {
	const settings = getSettings();
	setSettings( {
		...settings,
		formats: { ...settings.formats, date, time },
		timezone: {
			...settings.timezone,
			string: zone,
			offset,
			offsetFormatted: String( offset ),
		},
	} );
}

describe( 'site dates', () => {
	const original = getSettings();
	afterEach( () => setSettings( original ) );

	it( 'writes a moment in the site’s date and time formats and time zone, not the browser’s', () => {
		useSite( 'F j, Y', 'g:i a', 'America/New_York', -5 );
		expect( siteDateTime( MOMENT ) ).toBe( 'December 1, 2026 at 8:32 pm' );

		useSite( 'd/m/Y', 'H:i', 'Europe/Berlin', 1 );
		expect( siteDate( MOMENT ) ).toBe( '02/12/2026' );
		expect( siteTime( MOMENT ) ).toBe( '02:32' );
	} );

	it( 'keeps an all-day date on its own day in every site time zone', () => {
		useSite( 'F j, Y', 'g:i a', 'Pacific/Honolulu', -10 );
		expect( siteCalendarDay( '2027-12-24' ) ).toBe( 'December 24, 2027' );
		useSite( 'Y-m-d', 'H:i', 'Pacific/Kiritimati', 14 );
		expect( siteCalendarDay( '2027-12-26', -1 ) ).toBe( '2027-12-25' );
	} );
} );
