import { Button } from '@wordpress/components';
import { useCopyToClipboard } from '@wordpress/compose';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

type Props = { label: string; value: string; id: string };

/**
 * A read-only value with a copy button (redirect URIs must be registered exactly).
 */
export function CopyField( { label, value, id }: Props ) {
	const [ copied, setCopied ] = useState( false );
	const ref = useCopyToClipboard< HTMLButtonElement >( value, () =>
		setCopied( true )
	);
	return (
		<div className="syncwarden-copy-field">
			<label htmlFor={ id }>{ label }</label>
			<div className="syncwarden-copy-field__row">
				<input
					id={ id }
					type="text"
					className="code"
					readOnly
					value={ value }
					onFocus={ ( e ) => e.target.select() }
				/>
				<Button variant="secondary" ref={ ref }>
					{ copied
						? __( 'Copied', 'syncwarden' )
						: __( 'Copy', 'syncwarden' ) }
				</Button>
			</div>
		</div>
	);
}
