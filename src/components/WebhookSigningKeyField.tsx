import { Button, ExternalLink, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { saveSigningKey, type Provider } from '../api/providers';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Props = { provider: Provider; onChange: ( provider: Provider ) => void };

const STATE_LABELS = {
	set: __( 'Set', 'syncwarden' ),
	missing: __( 'Not set', 'syncwarden' ),
	unreadable: __(
		'Unreadable — the encryption key changed; enter it again',
		'syncwarden'
	),
} as const;

const SOURCE_LABELS = {
	constant: __( 'from wp-config.php', 'syncwarden' ),
	database: __( 'saved in the database (encrypted)', 'syncwarden' ),
	none: '',
} as const;

/**
 * Calendly's OAuth app has its own webhook signing key, shown once in the Calendly developer
 * portal next to the client secret. Write-only like the secret: the screen only knows whether it
 * is set and where it comes from. Without it no delivery can be verified, so all are refused.
 */
export function WebhookSigningKeyField( { provider, onChange }: Props ) {
	const [ key, setKey ] = useState( '' );
	const [ saved, setSaved ] = useState( false );
	const action = useAction();
	const described = provider.webhook_signing_key;
	if ( ! described ) {
		return null;
	}
	const fieldId = `syncwarden-${ provider.id }-signing-key`;
	const change = async ( value: string | null ) => {
		setSaved( false );
		const updated = await action.run( () =>
			saveSigningKey( provider.id, value )
		);
		if ( updated ) {
			onChange( updated );
			setKey( '' );
			setSaved( true );
		}
	};

	return (
		<div className="syncwarden-signing-key">
			<p className="syncwarden-secret-state">
				{ __( 'Webhook signing key:', 'syncwarden' ) }{ ' ' }
				<strong>{ STATE_LABELS[ described.state ] }</strong>{ ' ' }
				{ SOURCE_LABELS[ described.source ] }
			</p>
			<p>
				{ __(
					'Calendly makes one webhook signing key for your OAuth app and shows it once, in the Calendly developer portal next to the client secret (open your app there; if you no longer have it, Calendly’s developer support can issue a new one). SyncWarden checks every booking Calendly sends with it.',
					'syncwarden'
				) }{ ' ' }
				<ExternalLink href="https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures">
					{ __( 'Calendly: webhook signatures', 'syncwarden' ) }
				</ExternalLink>
			</p>
			{ described.state !== 'set' && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'Until the key is entered, SyncWarden refuses every booking Calendly sends, because it cannot tell them from forgeries. Bookings still arrive by regular polling, only later.',
						'syncwarden'
					) }
				</Notice>
			) }
			{ described.source === 'constant' ? (
				<p>
					{ __(
						'It is defined in wp-config.php (SYNCWARDEN_CALENDLY_WEBHOOK_SIGNING_KEY). Edit that file to change it.',
						'syncwarden'
					) }
				</p>
			) : (
				<form
					onSubmit={ ( event ) => {
						event.preventDefault();
						change( key );
					} }
				>
					<TextControl
						__nextHasNoMarginBottom
						id={ fieldId }
						label={
							described.state === 'set'
								? __( 'New webhook signing key', 'syncwarden' )
								: __( 'Webhook signing key', 'syncwarden' )
						}
						type="password"
						autoComplete="new-password"
						value={ key }
						onChange={ setKey }
						help={
							action.error?.fieldErrors.signing_key ??
							__(
								'Stored encrypted. It is never shown again.',
								'syncwarden'
							)
						}
					/>
					{ action.error && <ErrorNotice error={ action.error } /> }
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
							disabled={ action.busy || key.trim() === '' }
						>
							{ __( 'Save signing key', 'syncwarden' ) }
						</Button>
						{ described.state !== 'missing' && (
							<Button
								variant="tertiary"
								isDestructive
								onClick={ () => change( null ) }
								disabled={ action.busy }
							>
								{ __( 'Remove signing key', 'syncwarden' ) }
							</Button>
						) }
					</div>
				</form>
			) }
		</div>
	);
}
