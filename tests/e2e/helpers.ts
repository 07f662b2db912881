import type { Page } from '@playwright/test';

export const SETTINGS_URL = '/wp-admin/options-general.php?page=syncwarden';

/** Words that must never appear in data a page hands to scripts (mirrors tests/php/Harness/PageData.php). */
export const SECRET_PATTERN =
	/(secret|token|passw(or)?d|api[_-]?key|private[_-]?key|bearer|authorization|client[_-]?id|signing|credential|refresh)/i;

/**
 * Calls a syncwarden/v1 route from inside the admin page with core's api-fetch (nonce included).
 * @param page
 * @param path
 */
export function apiFetchInPage< T >( page: Page, path: string ): Promise< T > {
	return page.evaluate(
		( p ) =>
			(
				window as unknown as {
					wp: {
						apiFetch: ( o: { path: string } ) => Promise< unknown >;
					};
				}
			 ).wp.apiFetch( { path: p } ),
		path
	) as Promise< T >;
}
