import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { previewSharing, saveSharing, type Sharing } from '../api/sharing';
import { FIELD_LABELS } from '../api/wording';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';
import { Notice } from './Notice';

/**
 * One connection's allowlist with the exact JSON the provider would receive for a sample booking;
 * the preview comes from the server's payload builder, so it is what export really sends.
 */
export function SharingCard( { initial }: { initial: Sharing } ) {
	const [ sharing, setSharing ] = useState( initial );
	const [ saved, setSaved ] = useState( false );
	const preview = useAction();
	const save = useAction();

	const toggle = async ( field: string, on: boolean ) => {
		setSaved( false );
		const allowed = on
			? [ ...sharing.allowed, field ]
			: sharing.allowed.filter( ( f ) => f !== field );
		const before = sharing;
		setSharing( { ...sharing, allowed } ); // The box follows the click at once.
		const next = await preview.run( () =>
			previewSharing( sharing.connection_id, allowed )
		);
		setSharing( next ?? before ); // The preview, or back to what it was if the server refused.
	};
	const persist = async () => {
		const next = await save.run( () =>
			saveSharing( sharing.connection_id, sharing.allowed )
		);
		if ( next ) {
			setSharing( next );
			setSaved( true );
		}
	};
	const error = preview.error ?? save.error;

	return (
		<Card
			className="syncwarden-sharing"
			id={ `syncwarden-sharing-${ sharing.provider }` }
		>
			<CardHeader>
				<h3>{ sharing.label }</h3>
			</CardHeader>
			<CardBody>
				<fieldset>
					<legend>
						{ __(
							'Booking fields this service receives',
							'syncwarden'
						) }
					</legend>
					{ sharing.required.map( ( field ) => (
						<CheckboxControl
							key={ field }
							__nextHasNoMarginBottom
							label={ FIELD_LABELS[ field ] ?? field }
							help={ __(
								'Always sent: the service needs it.',
								'syncwarden'
							) }
							checked
							disabled
							onChange={ () => undefined }
						/>
					) ) }
					{ sharing.optional.map( ( field ) => (
						<CheckboxControl
							key={ field }
							__nextHasNoMarginBottom
							label={ FIELD_LABELS[ field ] ?? field }
							checked={ sharing.allowed.includes( field ) }
							onChange={ ( on ) => toggle( field, on ) }
						/>
					) ) }
				</fieldset>
				<h4>
					{ __(
						'Exactly what is sent for a sample booking',
						'syncwarden'
					) }
				</h4>
				<pre
					className="syncwarden-preview"
					aria-live="polite"
					aria-busy={ preview.busy }
				>
					{ JSON.stringify( sharing.preview, null, 2 ) }
				</pre>
				{ error && <ErrorNotice error={ error } /> }
				{ saved && (
					<Notice status="success" isDismissible={ false }>
						{ __(
							'Saved. New exports use these fields.',
							'syncwarden'
						) }
					</Notice>
				) }
				<Button
					variant="primary"
					onClick={ persist }
					isBusy={ save.busy }
					disabled={ save.busy || preview.busy }
				>
					{ __( 'Save', 'syncwarden' ) }
				</Button>
			</CardBody>
		</Card>
	);
}
