import { __ } from '@wordpress/i18n';

import { fetchProviders } from '../api/providers';
import { fetchSecretAges } from '../api/rotation';
import { fetchSettings } from '../api/settings';
import { fetchStatus } from '../api/status';
import { fetchVault } from '../api/vault';
import { EncryptionCard } from '../components/EncryptionCard';
import { EnvironmentReport } from '../components/EnvironmentReport';
import { NotificationSettingsCard } from '../components/NotificationSettingsCard';
import { ProviderCredentialsCard } from '../components/ProviderCredentialsCard';
import { Resource } from '../components/Resource';
import { SecretAgesCard } from '../components/SecretAgesCard';
import { useApiResource } from '../hooks/useApiResource';

export function SettingsScreen() {
	const providers = useApiResource( fetchProviders );
	const vault = useApiResource( fetchVault );
	const status = useApiResource( fetchStatus );
	const settings = useApiResource( fetchSettings );
	const secretAges = useApiResource( fetchSecretAges );

	return (
		<div className="syncwarden-settings">
			<section>
				<h2>{ __( 'Provider credentials', 'syncwarden' ) }</h2>
				<p>
					{ __(
						'Register an OAuth app at each provider you want to use, with the redirect URI shown, then enter its client ID and secret here — or define them in wp-config.php.',
						'syncwarden'
					) }
				</p>
				<Resource resource={ providers }>
					{ ( { data, replace } ) => (
						<div className="syncwarden-providers">
							{ data.map( ( provider ) => (
								<ProviderCredentialsCard
									key={ provider.id }
									provider={ provider }
									onChange={ ( updated ) => {
										replace(
											data.map( ( p ) =>
												p.id === updated.id
													? updated
													: p
											)
										);
										// The vault's secret counts and the secrets' ages changed too.
										if ( vault.state === 'ready' ) {
											vault.reload();
										}
										if ( secretAges.state === 'ready' ) {
											secretAges.reload();
										}
									} }
								/>
							) ) }
						</div>
					) }
				</Resource>
			</section>
			<section>
				<Resource resource={ vault }>
					{ ( { data, replace } ) => (
						<EncryptionCard vault={ data } onChange={ replace } />
					) }
				</Resource>
			</section>
			<section>
				<Resource resource={ secretAges }>
					{ ( { data, reload } ) => (
						<SecretAgesCard ages={ data } onRotated={ reload } />
					) }
				</Resource>
			</section>
			<section>
				<Resource resource={ settings }>
					{ ( { data, replace } ) => (
						<NotificationSettingsCard
							settings={ data }
							onChange={ replace }
						/>
					) }
				</Resource>
			</section>
			<section>
				<Resource resource={ status }>
					{ ( { data } ) => <EnvironmentReport status={ data } /> }
				</Resource>
			</section>
		</div>
	);
}
