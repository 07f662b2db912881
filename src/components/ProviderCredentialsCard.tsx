import {
	Button,
	Card,
	CardBody,
	CardHeader,
	ExternalLink,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import {
	removeClientSecret,
	saveCredentials,
	type Provider,
} from '../api/providers';
import { useAction } from '../hooks/useAction';
import { CopyField } from './CopyField';
import { ErrorNotice } from './ErrorNotice';
import { WebhookSigningKeyField } from './WebhookSigningKeyField';
import { Notice } from './Notice';
import { PermalinkNotice } from './PermalinkNotice';

type Props = { provider: Provider; onChange: ( provider: Provider ) => void };

const SOURCE_LABELS: Record< Provider[ 'source' ], string > = {
	constant: __( 'Defined in wp-config.php', 'syncwarden' ),
	database: __( 'Saved in the database (encrypted)', 'syncwarden' ),
	none: __( 'Not configured', 'syncwarden' ),
};

const SECRET_LABELS: Record< Provider[ 'client_secret_state' ], string > = {
	set: __( 'Set', 'syncwarden' ),
	missing: __( 'Not set', 'syncwarden' ),
	unreadable: __(
		'Unreadable — the encryption key changed; enter it again',
		'syncwarden'
	),
};

/**
 * One provider's OAuth client. The secret is write-only: the UI only ever knows whether it is
 * set, and the input starts empty every time.
 */
export function ProviderCredentialsCard( { provider, onChange }: Props ) {
	const [ clientId, setClientId ] = useState( provider.client_id ?? '' );
	const [ secret, setSecret ] = useState( '' );
	const [ replacing, setReplacing ] = useState( false );
	const [ saved, setSaved ] = useState( false );
	const action = useAction();
	const fromConfig = provider.source === 'constant';
	const showSecretInput = ! provider.has_client_secret || replacing;
	const fieldId = ( name: string ) => `syncwarden-${ provider.id }-${ name }`;

	const finish = ( updated: Provider | null ) => {
		if ( updated ) {
			onChange( updated );
			setSecret( '' );
			setReplacing( false );
			setSaved( true );
		}
	};
	const save = async () => {
		setSaved( false );
		finish(
			await action.run( () =>
				saveCredentials(
					provider.id,
					clientId,
					secret === '' ? undefined : secret
				)
			)
		);
	};
	const remove = async () => {
		setSaved( false );
		finish( await action.run( () => removeClientSecret( provider.id ) ) );
	};

	return (
		<Card
			className="syncwarden-provider"
			id={ `syncwarden-provider-${ provider.id }` }
		>
			<CardHeader>
				<h3>{ provider.label }</h3>
				<span className={ `syncwarden-badge is-${ provider.source }` }>
					{ provider.constant_origin === 'sandbox'
						? __( 'From the development sandbox', 'syncwarden' )
						: SOURCE_LABELS[ provider.source ] }
				</span>
			</CardHeader>
			<CardBody>
				<CopyField
					id={ fieldId( 'redirect' ) }
					label={ __(
						'Redirect URI to register with the provider (exactly as shown)',
						'syncwarden'
					) }
					value={ provider.redirect_uri }
				/>
				<PermalinkNotice provider={ provider } />
				{ fromConfig ? (
					<p>
						{ provider.constant_origin === 'sandbox'
							? sprintf(
									/* translators: 1: client id, 2: secret state */
									__(
										'Client ID %1$s and the client secret (%2$s) come from the development sandbox that npm start runs (a local stand-in for the provider), not from wp-config.php. On a real site, enter your own app’s credentials here or define them in wp-config.php.',
										'syncwarden'
									),
									provider.client_id ?? '',
									SECRET_LABELS[
										provider.client_secret_state
									]
								)
							: sprintf(
									/* translators: 1: client id, 2: secret state */
									__(
										'Client ID %1$s and the client secret (%2$s) come from wp-config.php. Edit that file to change them.',
										'syncwarden'
									),
									provider.client_id ?? '',
									SECRET_LABELS[
										provider.client_secret_state
									]
								) }
					</p>
				) : (
					<form
						onSubmit={ ( event ) => {
							event.preventDefault();
							save();
						} }
					>
						<TextControl
							__nextHasNoMarginBottom
							id={ fieldId( 'client-id' ) }
							label={ __( 'Client ID', 'syncwarden' ) }
							value={ clientId }
							onChange={ setClientId }
							autoComplete="off"
							help={ action.error?.fieldErrors.client_id }
						/>
						<p className="syncwarden-secret-state">
							{ __( 'Client secret:', 'syncwarden' ) }{ ' ' }
							<strong>
								{
									SECRET_LABELS[
										provider.client_secret_state
									]
								}
							</strong>
						</p>
						{ showSecretInput && (
							<TextControl
								__nextHasNoMarginBottom
								id={ fieldId( 'client-secret' ) }
								label={
									provider.has_client_secret
										? __(
												'New client secret',
												'syncwarden'
											)
										: __( 'Client secret', 'syncwarden' )
								}
								type="password"
								autoComplete="new-password"
								value={ secret }
								onChange={ setSecret }
								help={
									action.error?.fieldErrors.client_secret ??
									__(
										'Stored encrypted. It is never shown again, not even to administrators.',
										'syncwarden'
									)
								}
							/>
						) }
						{ action.error && (
							<ErrorNotice error={ action.error } />
						) }
						{ saved && ! action.error && (
							<Notice status="success" isDismissible={ false }>
								{ __( 'Saved.', 'syncwarden' ) }
							</Notice>
						) }
						<div className="syncwarden-actions">
							<Button
								variant="primary"
								type="submit"
								isBusy={ action.busy }
								disabled={
									action.busy || clientId.trim() === ''
								}
							>
								{ __( 'Save', 'syncwarden' ) }
							</Button>
							{ provider.has_client_secret && ! replacing && (
								<Button
									variant="secondary"
									onClick={ () => setReplacing( true ) }
								>
									{ __( 'Replace secret', 'syncwarden' ) }
								</Button>
							) }
							{ replacing && (
								<Button
									variant="tertiary"
									onClick={ () => setReplacing( false ) }
								>
									{ __( 'Cancel', 'syncwarden' ) }
								</Button>
							) }
							{ provider.client_secret_state !== 'missing' && (
								<Button
									variant="tertiary"
									isDestructive
									onClick={ remove }
									disabled={ action.busy }
								>
									{ __( 'Remove secret', 'syncwarden' ) }
								</Button>
							) }
						</div>
					</form>
				) }
				<WebhookSigningKeyField
					provider={ provider }
					onChange={ onChange }
				/>
				<ExternalLink href={ provider.console_url }>
					{ sprintf(
						/* translators: %s: provider name */
						__(
							'Create or find the OAuth app in %s’s developer console',
							'syncwarden'
						),
						provider.label
					) }
				</ExternalLink>
			</CardBody>
		</Card>
	);
}
