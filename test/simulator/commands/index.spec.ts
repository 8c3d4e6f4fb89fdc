import { describe, expect, it } from 'vitest';
import { runConsoleCommand } from '../../../src/simulator/commands/index.ts';
import { populate } from '../../../src/simulator/world/population.ts';
import { SimWorld } from '../../../src/simulator/world/world.ts';

const START = Date.UTC(2025, 0, 13, 15, 2, 7);

function world(flavor: 'tc' | 'ac') {
  const clock = { now: START };
  const w = new SimWorld({ flavor, now: () => clock.now });
  populate(w, { seed: 1, players: 0 });
  return { world: w, clock };
}

const lines = (...items: string[]) => items.map((line) => line + '\r\n').join('');

describe('server info', () => {
  it('TC: the five lines of the reference, Update time diff: N.', () => {
    const { world: w, clock } = world('tc');
    w.login('Thrall');
    clock.now += 8047_000;
    expect(runConsoleCommand(w, 'server info')).toEqual({
      ok: true,
      output: lines(
        'TrinityCore rev. 4bec94451fb2 2025-01-13 15:02:07 +0100 (3.3.5 branch) (Unix, RelWithDebInfo, Static)',
        'Online players: 1 (max: 1)',
        'Active connections: 1 (max: 1) Queued connections: 0 (max: 0)',
        'Server uptime: 2 Hours 14 Minutes 7 Seconds.',
        'Update time diff: 12.',
      ),
    });
  });

  it('AC: connection peak and the four-line diff summary', () => {
    const { world: w, clock } = world('ac');
    w.login('Thrall');
    w.login('Jaina');
    w.logout('Jaina');
    for (const diff of [1, 2, 2, 3, 7]) w.updateTime.push(diff);
    clock.now += 8047_000;
    expect(runConsoleCommand(w, 'server info').output).toBe(lines(
      'AzerothCore rev. c67d4efa4a19 2025-08-22 05:26:35 -0300 (master branch) (Unix, RelWithDebInfo, Static)',
      'Connected players: 1. Characters in world: 1.',
      'Connection peak: 2.',
      'Server uptime: 2 hour(s) 14 minute(s) 7 second(s)',
      'Update time diff: 7ms. Last 6 diffs summary:',
      '|- Mean: 4ms',
      '|- Median: 2ms',
      '|- Percentiles (95, 99, max): 10ms, 11ms, 12ms',
    ));
  });

  it('a pending shutdown adds the time-left line (TC full text, AC with a final dot)', () => {
    for (
      const [flavor, expected] of [
        ['tc', 'Time left until shutdown/restart: 1 Minute 30 Seconds.'],
        ['ac', 'Time left until shutdown/restart: 1 minute(s) 30 second(s).'],
      ] as const
    ) {
      const { world: w } = world(flavor);
      w.scheduleShutdown('restart', 90);
      expect(runConsoleCommand(w, 'server info').output).toMatch(
        new RegExp(`\r\n${expected.replace(/[().]/g, '\\$&')}\r\n$`),
      );
    }
  });
});

describe('account onlinelist', () => {
  it('TC pads the columns (reference example)', () => {
    const { world: w } = world('tc');
    w.login('Thrall');
    w.login('Varian');
    w.move('Varian', { map: 0, zone: 1519 });
    expect(runConsoleCommand(w, 'account onlinelist').output).toBe(lines(
      '-======================== Characters Online =======================-',
      '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
      '-==================================================================-',
      '-[           ADMIN][      Thrall][      127.0.0.1][  1][  14][2][3]-',
      '-[          PLAYER][      Varian][   2001:db8::1f][  0][1519][2][0]-',
      '-==================================================================-',
    ));
  });

  it('AC prints the same frame unpadded', () => {
    const { world: w } = world('ac');
    w.login('Thrall');
    expect(runConsoleCommand(w, 'account onlinelist').output).toBe(lines(
      '-======================== Characters Online =======================-',
      '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
      '-==================================================================-',
      '-[ADMIN][Thrall][127.0.0.1][1][14][2][3]-',
      '-==================================================================-',
    ));
  });

  it('nobody online: only "No online players." (a success)', () => {
    for (const flavor of ['tc', 'ac'] as const) {
      expect(runConsoleCommand(world(flavor).world, 'account onlinelist')).toEqual({
        ok: true,
        output: 'No online players.\r\n',
      });
    }
  });
});

describe('server motd', () => {
  it('TC: an embedded CR LF, and @ becomes LF', () => {
    const { world: w } = world('tc');
    expect(runConsoleCommand(w, 'server motd').output).toBe(
      'Current Message of the day: \r\nWelcome to a Trinity Core server.\r\n',
    );
    w.motd = 'Line one@Line two';
    expect(runConsoleCommand(w, 'server motd').output).toBe(
      'Current Message of the day: \r\nLine one\nLine two\r\n',
    );
  });

  it('AC: one line per locale', () => {
    const output = runConsoleCommand(world('ac').world, 'server motd').output;
    expect(output.split('\r\n')).toEqual([
      'Current Message of the day:',
      ...['enUS', 'koKR', 'frFR', 'deDE', 'zhCN', 'zhTW', 'esES', 'esMX', 'ruRU'].map((locale) =>
        `${locale}: Welcome to an AzerothCore server.`
      ),
      '',
    ]);
  });
});

describe('pinfo', () => {
  it('TC: the box of the reference example for an online player', () => {
    const { world: w } = world('tc');
    w.login('Thrall');
    const thrall = w.findCharacter('Thrall')!;
    thrall.latencyMs = 42;
    expect(runConsoleCommand(w, 'pinfo thrall').output).toBe(lines(
      '│Player  Thrall (guid: 2)',
      '│ Account: ADMIN (ID: 1), GMLevel: 3',
      '│ Last Login: 2025-01-13 15:02:07 (Failed Logins: 0)',
      '│ OS: Win - Latency: 42 ms',
      '└ Registration Email:  - Email: ',
      '│ Last IP: 127.0.0.1 (Locked: No)',
      '│ Level: 80',
      '│ Race: Male Orc, Shaman',
      '│ Alive ?: Yes',
      '│ Phase: 1',
      '│ Money: 1234g56s78c',
      '│ Map: Kalimdor, Zone: Durotar, Area: Razor Hill',
      '│ Guild: Horde Heroes (ID: 1)',
      '├─ Rank: Guild Master',
      '│ Played time: 1d2h',
      '│ Mails: 1 Read/3 Total',
    ));
  });

  it('TC offline, below the level cap: (offline), the XP line, no phase, no area', () => {
    const { world: w } = world('tc');
    const output = runConsoleCommand(w, 'pinfo Varian').output.split('\r\n');
    expect(output[0]).toBe('│Player  (offline) Varian (guid: 5)');
    expect(output).toContain('│ Level: 42 (1200/101000 XP (99800 XP left))');
    expect(output).toContain('│ Map: Eastern Kingdoms, Zone: Stormwind City');
    expect(output.some((line) => line.startsWith('│ Phase'))).toBe(false);
  });

  it('AC: broken bar, GUID string, LF LF in the account line, account flags when online', () => {
    const { world: w } = world('ac');
    w.login('Sylvanas');
    const output = runConsoleCommand(w, 'pinfo Sylvanas').output;
    expect(output.startsWith(
      '¦ Player  Sylvanas (guid: GUID Full: 0x0000000000000004 Type: Player Low: 4)\r\n' +
        '¦ Account: GM (ID: 2),\n\n GMLevel: 2\r\n' +
        '| AccountFlags:\r\n|- ACCOUNT_FLAG_GM\r\n' +
        '¦ Last Login: 2025-01-13 15:02:07 (Failed Logins: 0)\r\n',
    )).toBe(true);
    expect(output).toContain('¦ Registration Email: gm@example.org - Email: gm@example.org\r\n');
    expect(output).toContain('¦ Played time: 2d7h33m20s\r\n');
    expect(output).not.toMatch(/[│└]/);
  });

  it('an unknown name fails with the parser message; no name fails with the help text', () => {
    for (const flavor of ['tc', 'ac'] as const) {
      const { world: w } = world(flavor);
      expect(runConsoleCommand(w, 'pinfo nobody')).toEqual({
        ok: false,
        output: "Character 'Nobody' does not exist.\r\n",
      });
      const help = runConsoleCommand(w, 'pinfo');
      expect(help.ok).toBe(false);
      expect(help.output).toMatch(/^Syntax: \.pinfo /);
    }
  });
});

describe('gm list and gm ingame', () => {
  it('TC centres names; AC prints the padding numbers (reference examples)', () => {
    expect(runConsoleCommand(world('tc').world, 'gm list').output).toBe(lines(
      'Current gamemasters:',
      '========================',
      '|     ADMIN     |   3  |',
      '|       GM      |   2  |',
      '========================',
    ));
    expect(runConsoleCommand(world('ac').world, 'gm list').output).toBe(lines(
      'Current gamemasters:',
      '========================',
      '|5 ADMIN|   5  |',
      '|7 GM|   6  |',
      '========================',
    ));
  });

  it('gm ingame: headers per flavour, and the empty text', () => {
    const tc = world('tc').world;
    expect(runConsoleCommand(tc, 'gm ingame').output).toBe(
      'There are no GMs currently logged in on this server.\r\n',
    );
    tc.login('Thrall');
    expect(runConsoleCommand(tc, 'gm ingame').output).toBe(lines(
      'The following GMs are active on this server:',
      '========================',
      '|     Thrall    |   3  |',
      '========================',
    ));
    const ac = world('ac').world;
    ac.login('Thrall');
    expect(runConsoleCommand(ac, 'gm ingame').output.split('\r\n')[0]).toBe(
      'There are the following active GMs on this server:',
    );
  });
});

describe('lookup player account', () => {
  it('TC: (online) and the trailing space of offline characters', () => {
    const { world: w } = world('tc');
    w.login('Thrall');
    expect(runConsoleCommand(w, 'lookup player account admin').output).toBe(lines(
      'Characters at account ADMIN (Id: 1)',
      '  Thrall (GUID 2) (online)',
      '  Jaina (GUID 3) ',
    ));
  });

  it('AC: race, class, level and [ONLINE]', () => {
    const { world: w } = world('ac');
    w.login('Thrall');
    expect(runConsoleCommand(w, 'lookup player account ADMIN').output).toBe(lines(
      'Characters at account ADMIN (Id: 1)',
      '  Thrall (GUID 2) - Orc - Shaman - 80 - [ONLINE]',
      '  Jaina (GUID 3) - Human - Mage - 80',
    ));
  });

  it('unknown account: No players found! as a fault; a limit cuts the list', () => {
    const { world: w } = world('tc');
    expect(runConsoleCommand(w, 'lookup player account nobody')).toEqual({
      ok: false,
      output: 'No players found!\r\n',
    });
    expect(runConsoleCommand(w, 'lookup player account admin 1').output).toBe(lines(
      'Characters at account ADMIN (Id: 1)',
      '  Thrall (GUID 2) ',
    ));
  });
});

describe('announce, character level', () => {
  it('announce prints nothing and broadcasts; an empty message is a help fault', () => {
    const { world: w } = world('tc');
    const seen: unknown[] = [];
    w.subscribe((event) => seen.push(event));
    expect(runConsoleCommand(w, 'announce Server restart soon')).toEqual({ ok: true, output: '' });
    expect(seen).toEqual([{ type: 'announce', time: START, text: 'Server restart soon' }]);
    expect(runConsoleCommand(w, 'announce').ok).toBe(false);
  });

  it('character level changes the level and says so (both flavours)', () => {
    for (const flavor of ['tc', 'ac'] as const) {
      const { world: w } = world(flavor);
      expect(runConsoleCommand(w, 'character level thrall 70')).toEqual({
        ok: true,
        output: 'You changed level of Thrall to 70.\r\n',
      });
      expect(w.findCharacter('Thrall')!.level).toBe(70);
    }
  });

  it('TC clamps to 1-255; AC caps at 80 and rejects < 1 with the help text', () => {
    const tc = world('tc').world;
    expect(runConsoleCommand(tc, 'character level Thrall 0').output).toBe(
      'You changed level of Thrall to 1.\r\n',
    );
    expect(runConsoleCommand(tc, 'character level Thrall 300').output).toBe(
      'You changed level of Thrall to 255.\r\n',
    );
    const ac = world('ac').world;
    expect(runConsoleCommand(ac, 'character level Thrall 100').output).toBe(
      'You changed level of Thrall to 80.\r\n',
    );
    const rejected = runConsoleCommand(ac, 'character level Thrall 0');
    expect(rejected.ok).toBe(false);
    expect(rejected.output).toMatch(/^Syntax: \.character level/);
  });

  it('an unknown character or a missing level fails', () => {
    const { world: w } = world('tc');
    expect(runConsoleCommand(w, 'character level Nobody 80')).toEqual({
      ok: false,
      output: "Character 'Nobody' does not exist.\r\n",
    });
    expect(runConsoleCommand(w, 'character level Thrall').ok).toBe(false);
    expect(runConsoleCommand(w, 'character level Thrall abc').ok).toBe(false);
  });
});

describe('server shutdown / restart', () => {
  it('TC: empty result when nobody is online; delayed to 30 s with players; force skips it', () => {
    const { world: w } = world('tc');
    expect(runConsoleCommand(w, 'server shutdown 10')).toEqual({ ok: true, output: '' });
    expect(w.shutdownTimer?.mode).toBe('shutdown');
    w.login('Thrall');
    expect(runConsoleCommand(w, 'server restart 10').output).toBe(
      "Server shutdown delayed to 30 seconds as other users are still connected. Specify 'force' to override.\r\n",
    );
    expect(w.shutdownSecondsLeft()).toBe(30);
    expect(runConsoleCommand(w, 'server restart force 10')).toEqual({ ok: true, output: '' });
    expect(w.shutdownSecondsLeft()).toBe(10);
  });

  it('TC cancel reports the seconds that were left, AC cancels silently', () => {
    const tc = world('tc').world;
    runConsoleCommand(tc, 'server shutdown 1h');
    expect(runConsoleCommand(tc, 'server shutdown cancel').output).toBe(
      'Server shutdown scheduled for T+3600 seconds was successfully cancelled.\r\n',
    );
    expect(runConsoleCommand(tc, 'server shutdown cancel').output).toBe('');
    const ac = world('ac').world;
    runConsoleCommand(ac, 'server restart 60');
    expect(runConsoleCommand(ac, 'server restart cancel')).toEqual({ ok: true, output: '' });
    expect(ac.shutdownTimer).toBeUndefined();
  });

  it('bad delays: TC help fault, AC "Incorrect values." fault', () => {
    const tc = world('tc').world;
    expect(runConsoleCommand(tc, 'server shutdown -5').output).toMatch(
      /^Syntax: \.server shutdown/,
    );
    expect(runConsoleCommand(tc, 'server shutdown').ok).toBe(false);
    const ac = world('ac').world;
    expect(runConsoleCommand(ac, 'server shutdown 0')).toEqual({
      ok: false,
      output: 'Incorrect values.\r\n',
    });
  });
});

describe('server debug', () => {
  it('TC prints the port placeholder literally', () => {
    expect(runConsoleCommand(world('tc').world, 'server debug').output).toContain(
      '\r\nWorldserver listening connections on port {}\r\n',
    );
  });

  it('AC starts with server info, prints the port, and has an embedded LF', () => {
    const output = runConsoleCommand(world('ac').world, 'server debug').output;
    expect(output.startsWith('AzerothCore rev.')).toBe(true);
    expect(output).toContain('\r\nWorldserver listening connections on port 8085\r\n');
    expect(output).toContain('Default DBC locale: enUS.\nAll available DBC locales: enUS\r\n');
    expect(output.endsWith('No modules are enabled\r\n')).toBe(true);
  });
});
