import { Button, Card, CardBody, CardHeader } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { resubscribe } from '../api/push';
import type { SecretAge, SecretAges } from '../api/rotation';
import { useAction } from '../hooks/useAction';
import { ErrorNotice } from './ErrorNotice';

const DAY = 86400;

type Props = {
	ages: SecretAges;
	/** Reloads the ages after a rotation. */
	onRotated: () => void;
	/** Seconds since the epoch; tests pass a fixed one. */
	now?: number;
};

/** "Set 400 days ago, due after 365 days." and what is due when, in words. */
export function describeAge( secret: SecretAge, now: number ): string {
	if ( secret.set_at === null || secret.due_at === null ) {
		return __(
			'Defined in wp-config.php: SyncWarden cannot tell its age. Rotate it there on your own schedule.',
			'syncwarden'
		);
	}
	const age = Math.max( 0, Math.floor( ( now - secret.set_at ) / DAY ) );
	const set = sprintf(
		/* translators: %d: number of days */
		_n( 'Set %d day ago.', 'Set %d days ago.', age, 'syncwarden' ),
		age
	);
	if ( secret.overdue ) {
		return `${ set } ${ sprintf(
			/* translators: %d: number of days */
			_n(
				'Due for rotation: older than %d day.',
				'Due for rotation: older than %d days.',
				secret.max_age_days,
				'syncwarden'
			),
			secret.max_age_days
		) }`;
	}
	const left = Math.ceil( ( secret.due_at - now ) / DAY );
	return `${ set } ${ sprintf(
		/* translators: %d: number of days */
		_n( 'Due in %d day.', 'Due in %d days.', left, 'syncwarden' ),
		left
	) }`;
}

function howToRotate( secret: SecretAge ): string {
	if ( secret.kind === 'push_secret' ) {
		return __(
			'Rotate makes a new subscription with a new secret (Resubscribe).',
			'syncwarden'
		);
	}
	return secret.kind === 'signing_key'
		? __(
				'Create a new signing key in the Calendly developer console and enter it under Provider credentials.',
				'syncwarden'
			)
		: __(
				'Create a new client secret in the provider’s developer console and enter it under Provider credentials.',
				'syncwarden'
			);
}

function SecretRow( {
	secret,
	now,
	onRotated,
}: {
	secret: SecretAge;
	now: number;
	onRotated: () => void;
} ) {
	const action = useAction();
	const connectionId = secret.connection_id;
	return (
		<li className="syncwarden-secret-age">
			<strong>{ secret.label }</strong>
			<p
				className={
					secret.overdue
						? 'syncwarden-secret-age__overdue'
						: undefined
				}
			>
				{ describeAge( secret, now ) }
			</p>
			{ secret.set_at !== null && (
				<p className="description">{ howToRotate( secret ) }</p>
			) }
			{ secret.kind === 'push_secret' && connectionId !== null && (
				<Button
					variant={ secret.overdue ? 'primary' : 'secondary' }
					isBusy={ action.busy }
					disabled={ action.busy }
					onClick={ async () => {
						if (
							await action.run( () =>
								resubscribe( connectionId )
							)
						) {
							onRotated();
						}
					} }
				>
					{ __( 'Rotate now', 'syncwarden' ) }
				</Button>
			) }
			{ action.error && <ErrorNotice error={ action.error } /> }
		</li>
	);
}

/**
 * Each secret's age and when it is due (Settings tab). Only names and times reach the browser.
 */
export function SecretAgesCard( { ages, onRotated, now }: Props ) {
	const current = now ?? Math.floor( Date.now() / 1000 );
	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Secret rotation', 'syncwarden' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ sprintf(
						/* translators: 1: days for client secrets, 2: days for signing keys, 3: days for push secrets */
						__(
							'Client secrets are due after %1$d days, the Calendly signing key after %2$d and push secrets after %3$d (the syncwarden_rotation_ages filter changes this). Site Health and a notice say when one is due.',
							'syncwarden'
						),
						ages.ages.client_secret ?? 365,
						ages.ages.signing_key ?? 180,
						ages.ages.push_secret ?? 180
					) }
				</p>
				{ ages.secrets.length === 0 ? (
					<p>{ __( 'No secret is stored yet.', 'syncwarden' ) }</p>
				) : (
					<ul className="syncwarden-secret-ages">
						{ ages.secrets.map( ( secret ) => (
							<SecretRow
								key={ secret.id }
								secret={ secret }
								now={ current }
								onRotated={ onRotated }
							/>
						) ) }
					</ul>
				) }
			</CardBody>
		</Card>
	);
}
