import { describe, expect, it } from 'vitest';
import type { SimWorldEvent } from '../../../src/simulator/world/types.ts';
import { SimWorld, SimWorldError } from '../../../src/simulator/world/world.ts';
import { populate } from '../../../src/simulator/world/population.ts';

const START = Date.UTC(2025, 0, 13, 15, 2, 7);

function setup(flavor: 'tc' | 'ac' = 'tc') {
  const clock = { now: START };
  const world = new SimWorld({ flavor, now: () => clock.now });
  populate(world, { seed: 7, players: 0 });
  const events: SimWorldEvent[] = [];
  world.subscribe((event) => events.push(event));
  return { world, clock, events };
}

describe('SimWorld', () => {
  it('login latencies depend on the seed only, not on how often the world updated', () => {
    const latencies = (updates: number) => {
      const clock = { now: START };
      const world = new SimWorld({
        flavor: 'tc',
        now: () => clock.now,
        seed: 9,
        updateDiffJitterMs: 40,
      });
      populate(world, { seed: 7, players: 0 });
      for (let i = 0; i < updates; i++) {
        clock.now += 7;
        world.update();
      }
      return ['thrall', 'jaina', 'sylvanas'].map((name) => world.login(name).latencyMs);
    };
    const quiet = latencies(0);
    expect(latencies(300)).toEqual(quiet);
    expect(new Set(quiet).size).toBeGreaterThan(1);
    for (const ms of quiet) expect(ms).toBeGreaterThanOrEqual(20);
  });

  it('login publishes a complete character description (for the log writer and metrics)', () => {
    const { world, events } = setup();
    world.login('thrall', { ip: '203.0.113.9' });
    expect(events).toEqual([{
      type: 'login',
      time: START,
      character: {
        guid: 2,
        name: 'Thrall',
        accountId: 1,
        account: 'ADMIN',
        ip: '203.0.113.9',
        race: 2,
        raceName: 'Orc',
        class: 7,
        className: 'Shaman',
        gender: 0,
        level: 80,
        xp: 0,
        xpForNextLevel: 0,
        map: 1,
        mapName: 'Kalimdor',
        zone: 14,
        zoneName: 'Durotar',
        area: 362,
        areaName: 'Razor Hill',
        position: { x: 340.29, y: -4686.47, z: 16.4599 },
        guild: 'Horde Heroes',
        gmLevel: 3,
        language: 1,
      },
    }]);
    expect(world.maxPlayers).toBe(1);
    // a second login of an online character changes nothing
    world.login('Thrall');
    expect(events).toHaveLength(1);
  });

  it('login of an unknown name creates the character and its account', () => {
    const { world } = setup();
    const character = world.login('Arthas', {
      account: 'lich',
      race: 1,
      class: 6,
      level: 55,
      zone: 210,
    });
    expect(character).toMatchObject({
      name: 'Arthas',
      level: 55,
      zone: 210,
      map: 571,
      online: true,
    });
    expect(world.findAccount('LICH')).toMatchObject({ name: 'LICH', gmLevel: 0 });
  });

  it('logout counts the session and adds it to the played time', () => {
    const { world, clock, events } = setup();
    world.login('Thrall');
    clock.now += 90_500;
    world.logout('Thrall');
    expect(events.at(-1)).toMatchObject({ type: 'logout', sessionSeconds: 90, reason: 'logout' });
    expect(world.findCharacter('Thrall')!.playedSeconds).toBe(93_600 + 90);
  });

  it('move emits a zone change with where from (only when online and when it changed)', () => {
    const { world, events } = setup();
    world.move('Thrall', { map: 1, zone: 1637 });
    expect(events).toHaveLength(0);
    world.login('Thrall');
    world.move('Thrall', { map: 1, zone: 14 });
    world.move('Thrall', { map: 1, zone: 14 });
    const zone = events.filter((event) => event.type === 'zone');
    expect(zone).toHaveLength(1);
    expect(zone[0]).toMatchObject({
      from: { map: 1, zone: 1637, area: 1637 },
      character: { zone: 14, zoneName: 'Durotar', area: 362, areaName: 'Razor Hill' },
    });
  });

  it('setLevel emits from/to and resets the XP into the level', () => {
    const { world, events } = setup();
    world.setLevel('Varian', 43);
    expect(events).toMatchObject([{ type: 'level', from: 42, to: 43, character: { xp: 0 } }]);
  });

  it('chat and gm commands carry what the log lines need; offline characters are refused', () => {
    const { world, events } = setup();
    expect(() => world.chat('Thrall', 'say', 'hi')).toThrow(SimWorldError);
    world.login('Thrall');
    world.login('Jaina');
    world.chat('Thrall', 'whisper', 'hello', { target: 'Jaina' });
    world.chat('Thrall', 'guild', 'for the horde');
    world.chat('Thrall', 'channel', 'lfg');
    world.gmCommand('Thrall', '.additem 6948', 'Jaina');
    expect(events.slice(2)).toMatchObject([
      { type: 'chat', channel: 'whisper', text: 'hello', target: 'Jaina', language: 1 },
      { type: 'chat', channel: 'guild', guild: 'Horde Heroes' },
      { type: 'chat', channel: 'channel', channelName: 'General - Durotar' },
      {
        type: 'gmCommand',
        command: 'additem 6948',
        target: { name: 'Jaina', guid: 3 },
        character: { position: { x: 340.29 }, mapName: 'Kalimdor', areaName: 'Razor Hill' },
      },
    ]);
    expect(() => world.logout('Nobody')).toThrow(/no character named 'Nobody'/);
  });

  it('restart logs everyone out, resets uptime, peaks and diffs, and announces the start', () => {
    const { world, clock, events } = setup('ac');
    world.login('Thrall');
    clock.now += 3600_000;
    world.update();
    expect(world.updateTime.size).toBeGreaterThan(100);
    events.length = 0;
    world.restart();
    expect(events.map((event) => event.type)).toEqual(['restart', 'logout', 'started']);
    expect(events[0]).toMatchObject({ previousUptimeSeconds: 3600 });
    expect(events[1]).toMatchObject({ reason: 'restart' });
    expect(world.uptimeSeconds()).toBe(0);
    expect(world.online()).toEqual([]);
    expect(world.maxPlayers).toBe(0);
    expect(world.updateTime.size).toBe(1);
  });

  it('update samples diffs on the world clock: a frozen clock records nothing', () => {
    const { world, clock, events } = setup();
    world.update();
    expect(world.updateTime.size).toBe(1);
    expect(events).toEqual([]);
    clock.now += 120;
    world.update();
    expect(world.updateTime.size).toBe(11); // 12 ms per update, 120 ms
    expect(events).toEqual([{
      type: 'updateDiff',
      time: START + 120,
      diffMs: 12,
      onlinePlayers: 0,
    }]);
  });

  it('a lag spike shows in the last diff until it ends', () => {
    const { world, clock } = setup();
    world.lag(800, 2000);
    expect(world.updateTime.last).toBe(800);
    clock.now += 1600;
    world.update();
    expect(world.updateTime.last).toBe(800);
    clock.now += 2000;
    world.update();
    expect(world.updateTime.last).toBe(12);
  });

  it('the shutdown timer runs out in update: shutdown event, everyone out, world stopped', () => {
    const { world, clock, events } = setup();
    world.login('Thrall');
    world.scheduleShutdown('shutdown', 60);
    clock.now += 59_000;
    expect(world.update()).toBeUndefined();
    expect(world.shutdownSecondsLeft()).toBe(1);
    clock.now += 1000;
    expect(world.update()).toBe('shutdown');
    expect(events.map((event) => event.type)).toContain('shutdown');
    expect(events.at(-1)).toMatchObject({ type: 'logout', reason: 'shutdown' });
    expect(world.running).toBe(false);
    expect(world.update()).toBeUndefined();
  });

  it('cancelShutdown returns the seconds left and emits once', () => {
    const { world, clock, events } = setup();
    expect(world.cancelShutdown()).toBe(0);
    world.scheduleShutdown('restart', 100);
    clock.now += 40_000;
    expect(world.cancelShutdown()).toBe(60);
    expect(events.map((event) => event.type)).toEqual(['shutdownScheduled', 'shutdownCancelled']);
  });
});
