/**
 * @module Two `account onlinelist` replies in TrinityCore's format that differ the way
 * successive polls of a busy realm do: 10% of the players logged out, as many new ones
 * logged in, 5% changed zone. Polling them alternately yields events on every reply.
 */

interface Row {
  account: string;
  character: string;
  ip: string;
  map: number;
  zone: number;
}

function render(rows: readonly Row[]): string {
  const bar = '-==================================================================-';
  return [
    '-======================== Characters Online =======================-',
    '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
    bar,
    ...rows.map((p) =>
      `-[${p.account.padStart(16)}][${p.character.padStart(12)}][${p.ip.padStart(15)}]` +
      `[${String(p.map).padStart(3)}][${String(p.zone).padStart(4)}][2][0]-`
    ),
    bar,
  ].join('\r\n');
}

function row(i: number): Row {
  return {
    account: `ACC${i}`,
    character: `Char${i}`,
    ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
    map: i % 4,
    zone: 1000 + (i % 3000),
  };
}

/**
 * Builds the two replies for `players` players.
 *
 * @param players Players online in each list.
 * @returns The two reply texts.
 */
export function onlineListPair(players: number): [string, string] {
  const a = Array.from({ length: players }, (_, i) => row(i));
  const churn = Math.max(1, Math.round(players / 10));
  const moved = Math.max(1, Math.round(players / 20));
  const b = a.slice(churn).map((p, i) => (i < moved ? { ...p, zone: p.zone + 1 } : p));
  for (let i = 0; i < churn; i++) b.push(row(players + i));
  return [render(a), render(b)];
}
