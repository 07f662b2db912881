import {
	Button,
	Card,
	CardBody,
	CardHeader,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { saveSettings, type Settings } from '../api/settings';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

type Props = { settings: Settings; onChange: ( settings: Settings ) => void };

/**
 * When failing connections raise a notice and an e-mail, and how long the activity log is kept.
 * The server validates every value; its error names the field.
 */
export function NotificationSettingsCard( { settings, onChange }: Props ) {
	const [ draft, setDraft ] = useState< Settings >( settings );
	const [ saved, setSaved ] = useState( false );
	const action = useAction();
	const edit = ( change: Partial< Settings > ) => {
		setSaved( false );
		setDraft( ( current ) => ( { ...current, ...change } ) );
	};
	// The server names the field that is wrong; say it where the field is.
	const help = ( field: keyof Settings, fallback: string ) =>
		action.error?.fieldErrors[ field ] ?? fallback;
	const save = async () => {
		const result = await action.run( () => saveSettings( draft ) );
		if ( result ) {
			setDraft( result );
			setSaved( true );
			onChange( result );
		}
	};

	return (
		<Card className="syncwarden-notification-settings">
			<CardHeader>
				<h2>
					{ __( 'Notices, e-mails and activity log', 'syncwarden' ) }
				</h2>
			</CardHeader>
			<CardBody>
				{ action.error && <ErrorNotice error={ action.error } /> }
				{ saved && (
					<Notice status="success" isDismissible={ false }>
						{ __( 'Saved.', 'syncwarden' ) }
					</Notice>
				) }
				<TextControl
					__nextHasNoMarginBottom
					__next40pxDefaultSize
					className="syncwarden-number"
					type="number"
					label={ __(
						'Show a notice after this many failed attempts in a row',
						'syncwarden'
					) }
					help={ help(
						'failure_threshold',
						__(
							'1 to 20. A revoked connection always shows a notice at once.',
							'syncwarden'
						)
					) }
					min={ 1 }
					max={ 20 }
					value={ String( draft.failure_threshold ) }
					onChange={ ( value ) =>
						edit( { failure_threshold: Number( value ) } )
					}
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ __(
						'E-mail the site administrator when a connection starts failing',
						'syncwarden'
					) }
					help={ __(
						'At most one e-mail per connection until it works again.',
						'syncwarden'
					) }
					checked={ draft.failure_emails }
					onChange={ ( on ) => edit( { failure_emails: on } ) }
				/>
				<TextControl
					__nextHasNoMarginBottom
					__next40pxDefaultSize
					className="syncwarden-number"
					type="number"
					label={ __(
						'Keep activity log entries for (days)',
						'syncwarden'
					) }
					help={ help(
						'audit_retention_days',
						__( '7 to 3650 days.', 'syncwarden' )
					) }
					min={ 7 }
					max={ 3650 }
					value={ String( draft.audit_retention_days ) }
					onChange={ ( value ) =>
						edit( { audit_retention_days: Number( value ) } )
					}
				/>
				<Button
					variant="primary"
					onClick={ save }
					isBusy={ action.busy }
					disabled={ action.busy }
				>
					{ __( 'Save settings', 'syncwarden' ) }
				</Button>
			</CardBody>
		</Card>
	);
}
