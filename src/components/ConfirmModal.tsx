import { Button, Modal } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

type Props = {
	title: string;
	children: ReactNode;
	confirmLabel: string;
	busy: boolean;
	onConfirm: () => void;
	onCancel: () => void;
};

/** A destructive action, explained, with an explicit confirm button (Modal traps focus for keyboards). */
export function ConfirmModal( {
	title,
	children,
	confirmLabel,
	busy,
	onConfirm,
	onCancel,
}: Props ) {
	return (
		<Modal
			title={ title }
			onRequestClose={ onCancel }
			className="syncwarden-confirm"
		>
			{ children }
			<div className="syncwarden-actions">
				<Button
					variant="primary"
					isDestructive
					isBusy={ busy }
					disabled={ busy }
					onClick={ onConfirm }
				>
					{ confirmLabel }
				</Button>
				<Button variant="tertiary" onClick={ onCancel }>
					{ __( 'Cancel', 'syncwarden' ) }
				</Button>
			</div>
		</Modal>
	);
}
