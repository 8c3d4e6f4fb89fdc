/**
 * @module Fixtures for the gateway tests: event drafts of each shape the filters look at,
 * a ws URL helper, and a bounded wait.
 */
import { draftEvent } from '../../src/pipeline/events.ts';
import type { Gateway } from '../../src/server/gateway.ts';

/** The realm most fixtures use. */
export const REALM = 'world-1';

/** A `player.login` draft. */
export function login(
  character: string,
  extra: { map?: number; zone?: number; account?: string; realm?: string } = {},
) {
  return draftEvent('player.login', {
    realm: extra.realm ?? REALM,
    time: 1_764_160_000_000,
    source: 'soap',
    data: {
      character,
      account: extra.account ?? 'ACC',
      map: extra.map ?? 0,
      zone: extra.zone ?? 12,
    },
  });
}

/** A `chat.message` draft. */
export function chat(character: string, text: string, realm = REALM) {
  return draftEvent('chat.message', {
    realm,
    time: 1_764_160_000_000,
    source: 'log',
    data: { channel: 'say', character, text },
  });
}

/** A `gm.command` draft with a position. */
export function gmCommand(character: string, x: number, y: number, map = 0) {
  return draftEvent('gm.command', {
    realm: REALM,
    time: 1_764_160_000_000,
    source: 'log',
    data: { command: 'go xyz', character, position: { x, y, z: 10 }, map },
  });
}

/** A `server.down` draft (critical). */
export function serverDown(realm = REALM) {
  return draftEvent('server.down', {
    realm,
    time: 1_764_160_000_000,
    source: 'soap',
    data: { reason: 'unreachable', message: 'connection refused' },
  });
}

/** The gateway's `/ws` URL. */
export function wsUrl(gateway: Gateway, path = '/ws'): string {
  return `${gateway.server.url.replace('http', 'ws')}${path}`;
}

/**
 * Waits until `check` returns true, polling every 10 ms; rejects after `timeoutMs`.
 *
 * @param check The condition.
 * @param timeoutMs Bound.
 * @param what Description for the error.
 */
export async function waitUntil(
  check: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects the events of `event`/`events` frames in arrival order. */
export function eventsOf(
  messages: Array<Record<string, unknown>>,
): Array<{ sub: string; event: Record<string, unknown> }> {
  const out: Array<{ sub: string; event: Record<string, unknown> }> = [];
  for (const message of messages) {
    if (message.op === 'event') {
      out.push({ sub: message.sub as string, event: message.event as Record<string, unknown> });
    } else if (message.op === 'events') {
      const events = message.events as Array<Record<string, unknown>>;
      const subs = message.subs as string[];
      events.forEach((event, i) => out.push({ sub: subs[i], event }));
    }
  }
  return out;
}
