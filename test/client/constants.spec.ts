import { describe, expect, it } from 'vitest';
import {
  CLIENT_BEARER_PREFIX,
  CLIENT_PROTOCOL_VERSION,
  CLIENT_SUBPROTOCOL,
  FATAL_CLOSE_CODES,
} from '../../src/client/constants.ts';
import {
  BEARER_SUBPROTOCOL_PREFIX,
  CLOSE_CODES,
  PROTOCOL_VERSION,
  SUBPROTOCOL,
} from '../../src/server/protocol.ts';

describe('client constants', () => {
  it('agree with the server protocol module', () => {
    expect(CLIENT_SUBPROTOCOL).toBe(SUBPROTOCOL);
    expect(CLIENT_BEARER_PREFIX).toBe(BEARER_SUBPROTOCOL_PREFIX);
    expect(CLIENT_PROTOCOL_VERSION).toBe(PROTOCOL_VERSION);
  });

  it('give up only where reconnecting cannot help', () => {
    expect([...FATAL_CLOSE_CODES].sort()).toEqual(
      [
        CLOSE_CODES.tooBig,
        CLOSE_CODES.protocolError,
        CLOSE_CODES.unauthorized,
        CLOSE_CODES.forbidden,
      ].sort(),
    );
    for (const code of [1001, 1006, 4408, 4409, 4429]) {
      expect(FATAL_CLOSE_CODES.has(code)).toBe(false);
    }
  });
});
