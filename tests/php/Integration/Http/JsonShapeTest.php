<?php

namespace SyncWarden\Tests\Integration\Http;

use SyncWarden\Http\HttpError;
use SyncWarden\Http\JsonShape;
use SyncWarden\Tests\TestCase;

final class JsonShapeTest extends TestCase {

	private const SHAPE = array(
		'access_token' => 'string',
		'expires_in'   => '?int',
		'user'         => array( 'email' => 'string' ),
		'items'        => array( array( 'id' => 'string' ) ),
	);

	public function test_keeps_described_fields_and_drops_unknown_ones(): void {
		$clean = JsonShape::apply(
			array(
				'access_token' => 't',
				'expires_in'   => '3600',
				'injected'     => '<script>',
				'user'         => array( 'email' => 'a@b.test', 'password' => 'x' ),
				'items'        => array( array( 'id' => '1', 'extra' => true ) ),
			),
			self::SHAPE
		);

		$this->assertSame(
			array(
				'access_token' => 't',
				'expires_in'   => 3600,
				'user'         => array( 'email' => 'a@b.test' ),
				'items'        => array( array( 'id' => '1' ) ),
			),
			$clean
		);
	}

	/**
	 * @dataProvider bad_documents
	 */
	public function test_refuses_documents_that_do_not_fit( $document, string $where ): void {
		try {
			JsonShape::apply( $document, self::SHAPE );
			$this->fail( 'expected a refusal' );
		} catch ( HttpError $e ) {
			$this->assertSame( HttpError::INVALID_RESPONSE, $e->kind );
			$this->assertStringContainsString( $where, $e->getMessage() );
		}
	}

	public static function bad_documents(): array {
		$valid = array( 'access_token' => 't', 'user' => array( 'email' => 'e' ), 'items' => array() );
		return array(
			'missing field'        => array( array_diff_key( $valid, array( 'access_token' => 1 ) ), 'response.access_token' ),
			'wrong type'           => array( array( 'access_token' => 42 ) + $valid, 'response.access_token' ),
			'list instead of map'  => array( array( 1, 2 ), 'response' ),
			'scalar'               => array( 'text', 'response' ),
			'bad nested object'    => array( array( 'user' => 'x' ) + $valid, 'response.user' ),
			'bad list item'        => array( array( 'items' => array( array( 'id' => 5 ) ) ) + $valid, 'response.items[0].id' ),
			'non-numeric int'      => array( array( 'expires_in' => '1h' ) + $valid, 'response.expires_in' ),
		);
	}
}
