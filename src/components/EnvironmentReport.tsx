import { Card, CardBody, CardHeader } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { Status } from '../api/status';

type Fact = { label: string; value: string; advice?: string };

/**
 * Turns the raw status into rows an administrator can read and act on.
 */
export function describeEnvironment( status: Status ): Fact[] {
	const sodium: Record< Status[ 'sodium' ], Fact > = {
		native: {
			label: '',
			value: __( 'libsodium (PHP extension)', 'syncwarden' ),
		},
		compat: {
			label: '',
			value: __(
				'sodium_compat (pure-PHP fallback bundled with WordPress)',
				'syncwarden'
			),
			advice: __(
				'Secrets are still encrypted, only more slowly. Ask your host for the PHP sodium extension.',
				'syncwarden'
			),
		},
		missing: {
			label: '',
			value: __( 'Not available', 'syncwarden' ),
			advice: __(
				'SyncWarden cannot encrypt tokens on this server and will refuse to store them.',
				'syncwarden'
			),
		},
	};
	return [
		{
			label: __( 'SyncWarden version', 'syncwarden' ),
			value: status.plugin_version,
		},
		{
			label: __( 'WordPress version', 'syncwarden' ),
			value: status.wordpress_version,
		},
		{ label: __( 'PHP version', 'syncwarden' ), value: status.php_version },
		{
			...sodium[ status.sodium ],
			label: __( 'Encryption library', 'syncwarden' ),
		},
		status.https
			? {
					label: __( 'HTTPS', 'syncwarden' ),
					value: __( 'Yes', 'syncwarden' ),
				}
			: {
					label: __( 'HTTPS', 'syncwarden' ),
					value: __( 'No', 'syncwarden' ),
					advice: __(
						'Providers send webhooks only to HTTPS sites; without HTTPS SyncWarden falls back to polling.',
						'syncwarden'
					),
				},
		status.wp_cron_disabled
			? {
					label: __( 'WP-Cron', 'syncwarden' ),
					value: __( 'Disabled in wp-config.php', 'syncwarden' ),
					advice: __(
						'Make sure a system cron job calls wp-cron.php every few minutes, or scheduled syncs will not run.',
						'syncwarden'
					),
				}
			: {
					label: __( 'WP-Cron', 'syncwarden' ),
					value: __( 'Runs on site visits', 'syncwarden' ),
				},
		{
			label: __( 'Environment type', 'syncwarden' ),
			value: status.environment_type,
		},
	];
}

export function EnvironmentReport( { status }: { status: Status } ) {
	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Environment', 'syncwarden' ) }</h2>
			</CardHeader>
			<CardBody>
				<table className="widefat striped syncwarden-environment">
					<tbody>
						{ describeEnvironment( status ).map( ( fact ) => (
							<tr key={ fact.label }>
								<th scope="row">{ fact.label }</th>
								<td>
									{ fact.value }
									{ fact.advice && (
										<p className="description">
											{ fact.advice }
										</p>
									) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			</CardBody>
		</Card>
	);
}
