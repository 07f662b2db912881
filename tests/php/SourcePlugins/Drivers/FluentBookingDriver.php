<?php

namespace SyncWarden\Tests\SourcePlugins\Drivers;

use FluentBooking\App\Models\Booking;
use FluentBooking\App\Models\CalendarSlot;
use FluentBooking\App\Services\BookingService;
use FluentBooking\App\Services\CalendarService;
use FluentBooking\App\Services\DateTimeHelper;

/**
 * Drives the real FluentBooking (2.1.0) through its own services and models, in the steps its own
 * code takes (app/ of the plugin; nothing of it is copied here):
 *
 * - book: a host calendar with one event through CalendarService::createCalendar() (as its
 *   importer, app/Services/ImportService.php:33), then the booking data the booking endpoint builds
 *   (app/Http/Controllers/BookingController.php:150-167: the start converted to UTC from the
 *   booker's zone) handed to BookingService::createBooking() (:241), which saves it and fires
 *   `fluent_booking/after_booking_scheduled` (app/Services/BookingService.php:56-81);
 * - reschedule: the web reschedule (app/Hooks/Handlers/FrontEndHandler.php:475-522);
 * - note: the host edits the internal note, which fires `after_patch_booking_schedule` with
 *   nothing SyncWarden exports changed (app/Http/Controllers/SchedulesController.php:309-325);
 * - cancel: the host cancels, Booking::cancelMeeting() (SchedulesController.php:258-260,
 *   app/Models/Booking.php:670-719);
 * - delete: the host deletes (SchedulesController.php:360-367).
 */
final class FluentBookingDriver {

	public const PLUGIN = 'fluent-booking/fluent-booking.php';

	/**
	 * @param string $local   Start in the booker's zone, Y-m-d H:i:s.
	 * @param string $zone    The booker's IANA zone.
	 * @param string $minutes Duration.
	 */
	public static function book( string $local, string $zone, string $minutes ): array {
		$event = self::event( $zone, $minutes );
		$start = DateTimeHelper::convertToUtc( $local, $zone );
		$booking = BookingService::createBooking(
			array(
				'person_time_zone' => $zone,
				'start_time'       => $start,
				'name'             => 'Ada Lovelace',
				'email'            => 'ada@example.test',
				'status'           => 'scheduled',
				'source'           => 'admin',
				'event_type'       => $event->event_type,
				'slot_minutes'     => (int) $minutes,
			),
			$event
		);
		if ( is_wp_error( $booking ) ) {
			throw new \RuntimeException( $booking->get_error_message() );
		}
		return array( 'id' => (int) $booking->id );
	}

	/**
	 * Whether FluentBooking would take a booking at a time for a new host calendar, asked the way
	 * its booking endpoint asks before it books (TimeSlotServiceHandler::initService() and
	 * TimeSlotService::isSpotAvailable(), app/Http/Controllers/BookingController.php:209-215).
	 *
	 * @param string $local   Start in the host's zone, Y-m-d H:i:s.
	 * @param string $zone    The host's IANA zone.
	 * @param string $minutes Duration.
	 */
	public static function available( string $local, string $zone, string $minutes ): array {
		// A host of its own, so the calendar is new: in this zone, with this duration.
		$host  = wp_insert_user( array( 'user_login' => 'host-' . wp_generate_password( 8, false ), 'user_pass' => wp_generate_password(), 'role' => 'administrator' ) );
		$event = self::event( $zone, $minutes, (int) $host );
		$start = DateTimeHelper::convertToUtc( $local, $zone );
		$end   = gmdate( 'Y-m-d H:i:s', strtotime( $start . ' UTC' ) + 60 * (int) $minutes );
		$slots = \FluentBooking\App\Hooks\Handlers\TimeSlotServiceHandler::initService( $event->calendar, $event );
		if ( is_wp_error( $slots ) ) {
			throw new \RuntimeException( $slots->get_error_message() );
		}
		return array( 'available' => false !== $slots->isSpotAvailable( $start, $end, (int) $minutes ) );
	}

	/**
	 * A user's host calendar and its first event: made through
	 * CalendarService::createCalendar() the first time. FluentBooking gives a user one host
	 * calendar (app/Services/CalendarService.php:146-152) and the tier's site keeps the plugin's
	 * rows between tests.
	 *
	 * @param string $zone    The host's IANA zone.
	 * @param string $minutes Duration.
	 * @param int    $host    The host (user id); the current user when 0.
	 */
	private static function event( string $zone, string $minutes, int $host = 0 ): CalendarSlot {
		$host     = $host ?: get_current_user_id();
		$calendar = \FluentBooking\App\Models\Calendar::where( 'user_id', $host )->where( 'type', 'simple' )->first();
		if ( $calendar ) {
			return CalendarSlot::where( 'calendar_id', $calendar->id )->first();
		}
		$made = CalendarService::createCalendar(
			array(
				'title'           => 'Grace Hopper',
				'user_id'         => $host,
				'author_timezone' => $zone,
				'events'          => array( array( 'title' => 'Intro call', 'duration' => (int) $minutes ) ),
			)
		);
		if ( is_wp_error( $made ) ) {
			throw new \RuntimeException( $made->get_error_message() );
		}
		return CalendarSlot::where( 'calendar_id', $made['calendar']->id )->first();
	}

	/**
	 * @param string $id    Booking id.
	 * @param string $local New start in the booker's zone, Y-m-d H:i:s.
	 * @param string $zone  The booker's IANA zone.
	 */
	public static function reschedule( string $id, string $local, string $zone ): array {
		$booking                   = Booking::findOrFail( (int) $id );
		$previous                  = clone $booking;
		$booking->start_time       = DateTimeHelper::convertToUtc( $local, $zone );
		$booking->person_time_zone = $zone;
		$booking->end_time         = gmdate( 'Y-m-d H:i:s', strtotime( $booking->start_time ) + $booking->slot_minutes * 60 );
		$booking->save();
		$booking->updateMeta( 'previous_meeting_time', $previous->start_time );
		do_action( 'fluent_booking/after_booking_rescheduled', $booking, $previous, $booking->calendar_event );
		return array( 'id' => (int) $id );
	}

	public static function note( string $id, string $note ): array {
		$booking = Booking::findOrFail( (int) $id );
		$old     = clone $booking;
		$booking->fill( array( 'internal_note' => $note ) );
		$booking->save();
		do_action( 'fluent_booking/after_patch_booking_schedule', $booking, $old );
		return array( 'id' => (int) $id );
	}

	public static function cancel( string $id ): array {
		$cancelled = Booking::findOrFail( (int) $id )->cancelMeeting( '', 'host', get_current_user_id() );
		if ( is_wp_error( $cancelled ) ) {
			throw new \RuntimeException( $cancelled->get_error_message() );
		}
		return array( 'id' => (int) $id );
	}

	public static function delete( string $id ): array {
		$booking = Booking::findOrFail( (int) $id );
		do_action( 'fluent_booking/before_delete_booking', $booking );
		$booking->delete();
		do_action( 'fluent_booking/after_delete_booking', (int) $id );
		return array( 'id' => (int) $id );
	}
}
