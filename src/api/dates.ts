import { dateI18n, getSettings } from '@wordpress/date';
import { __, sprintf } from '@wordpress/i18n';

/*
 * Every date the app shows is written as the site writes its dates: core's `wp-date` script
 * receives the site's date format, time format and time zone from PHP (Settings → General) and
 * @wordpress/date formats with them, like wp_date() on the server. The browser's locale and zone
 * play no part, so every screen agrees with the rest of the admin.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A Unix time as the site's date. */
export function siteDate( seconds: number ): string {
	return dateI18n( getSettings().formats.date, seconds * 1000 );
}

/** A Unix time as the site's time of day. */
export function siteTime( seconds: number ): string {
	return dateI18n( getSettings().formats.time, seconds * 1000 );
}

/** "December 2, 2026 at 1:32 am": the site's date and time, joined as core's list tables do. */
export function siteDateTime( seconds: number ): string {
	return sprintf(
		/* translators: 1: a date, 2: a time of day */
		__( '%1$s at %2$s', 'syncwarden' ),
		siteDate( seconds ),
		siteTime( seconds )
	);
}

/**
 * A calendar day (Y-m-d, as all-day events carry it) in the site's date format, read as a plain
 * date: no time zone moves it to the day before or after. `shiftDays` moves it, e.g. -1 for the
 * last day of an all-day event whose end date is exclusive.
 */
export function siteCalendarDay( day: string, shiftDays = 0 ): string {
	const [ year = 1970, month = 1, date = 1 ] = day.split( '-' ).map( Number );
	return dateI18n(
		getSettings().formats.date,
		Date.UTC( year, month - 1, date ) + shiftDays * DAY_MS,
		true
	);
}
