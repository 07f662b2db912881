import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { startReencrypt, type VaultStatus } from '../api/vault';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Props = { vault: VaultStatus; onChange: ( vault: VaultStatus ) => void };

const KEY_SOURCES: Record< VaultStatus[ 'key_source' ], string > = {
	constant: __( 'SYNCWARDEN_ENCRYPTION_KEY in wp-config.php', 'syncwarden' ),
	salts: __(
		'Derived from the WordPress secret keys and salts in wp-config.php',
		'syncwarden'
	),
	none: __( 'None — secrets cannot be stored', 'syncwarden' ),
};

/**
 * Where the key comes from, whether every secret is readable, and key rotation.
 */
export function EncryptionCard( { vault, onChange }: Props ) {
	const action = useAction();
	const { secrets } = vault;
	const reencrypt = async () => {
		const updated = await action.run( startReencrypt );
		if ( updated ) {
			onChange( updated );
		}
	};

	return (
		<Card className="syncwarden-encryption">
			<CardHeader>
				<h2>{ __( 'Encryption', 'syncwarden' ) }</h2>
			</CardHeader>
			<CardBody>
				{ vault.config_errors.map( ( message ) => (
					<Notice
						key={ message }
						status="error"
						isDismissible={ false }
					>
						{ message }
					</Notice>
				) ) }
				<table className="widefat striped">
					<tbody>
						<tr>
							<th scope="row">{ __( 'Key', 'syncwarden' ) }</th>
							<td>
								{ KEY_SOURCES[ vault.key_source ] }
								{ vault.key_fingerprint && (
									<p className="description">
										{ sprintf(
											/* translators: %s: key fingerprint */
											__(
												'Fingerprint %s (identifies the key without revealing it)',
												'syncwarden'
											),
											vault.key_fingerprint
										) }
									</p>
								) }
							</td>
						</tr>
						<tr>
							<th scope="row">
								{ __( 'Stored secrets', 'syncwarden' ) }
							</th>
							<td>
								{ sprintf(
									/* translators: 1: total, 2: on the current key, 3: on a previous key, 4: unreadable */
									__(
										'%1$d in total: %2$d on the current key, %3$d on a previous key, %4$d unreadable',
										'syncwarden'
									),
									secrets.total,
									secrets.current,
									secrets.stale,
									secrets.unreadable
								) }
							</td>
						</tr>
					</tbody>
				</table>
				{ secrets.stale > 0 && (
					<p>
						{ sprintf(
							/* translators: %d: number of secrets */
							_n(
								'%d secret still uses a previous key. Re-encrypt it, then remove the old key from wp-config.php.',
								'%d secrets still use a previous key. Re-encrypt them, then remove the old key from wp-config.php.',
								secrets.stale,
								'syncwarden'
							),
							secrets.stale
						) }
					</p>
				) }
				{ vault.reencrypt.status === 'running' && (
					<Notice status="info" isDismissible={ false }>
						{ __(
							'Re-encryption is running in the background (WP-Cron).',
							'syncwarden'
						) }
					</Notice>
				) }
				{ action.error && <ErrorNotice error={ action.error } /> }
				<Button
					variant="secondary"
					onClick={ reencrypt }
					isBusy={ action.busy }
					disabled={ action.busy || secrets.stale === 0 }
				>
					{ __(
						'Re-encrypt all secrets with the current key',
						'syncwarden'
					) }
				</Button>
			</CardBody>
		</Card>
	);
}
