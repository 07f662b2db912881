<?php

namespace SyncWarden\Tests;

/**
 * Thrown instead of wp_die() ending the process.
 */
final class WpDieException extends \RuntimeException {
}
