// The largest request body each operation may send, checked against Content-Length and again while
// the body streams in, before a byte is parsed and before anyone is signed in: an anonymous client
// must not make the server hold 80 MB to be told no.
import type { Channel } from '../../../shared/api';

const LIMITS: Partial<Record<Channel, number>> = {
  'data:import': 80 * 1024 * 1024,
  'photo:add': 40 * 1024 * 1024,
  'hold:decide': 64 * 1024,
  'audit:verify': 2 * 1024 * 1024,
};

/** Everything else is a small JSON request. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;

export function bodyLimit(channel: string): number {
  return LIMITS[channel as Channel] ?? DEFAULT_BODY_LIMIT;
}

/**
 * Channels whose large bodies only a signed-in caller with the right role may send: the server asks
 * for the session before it reads such a body (the token travels in a header for exactly this).
 */
export function needsSessionBeforeBody(channel: string): boolean {
  return bodyLimit(channel) > DEFAULT_BODY_LIMIT;
}
