/**
 * @module The simulated console command table of each flavour and the entry point that runs
 * one command against a world. Only console-visible commands exist (as over SOAP), and only
 * the subset realmstream uses; help texts are written in the style of the world database's
 * `command.help` column.
 */
import type { SimWorld } from '../world/world.ts';
import type { SimFlavor } from '../world/types.ts';
import { gmIngame, gmList } from './gm.ts';
import { announce, characterLevel, lookupPlayerAccount } from './misc.ts';
import { accountOnlineList } from './onlineList.ts';
import { CommandOutput } from './output.ts';
import { pinfo } from './pinfo.ts';
import { serverDebug } from './serverDebug.ts';
import { serverInfo, serverMotd } from './serverInfo.ts';
import { shutdownCancel, shutdownHandler } from './shutdown.ts';
import {
  buildCommandTree,
  type CommandNode,
  type CommandSpec,
  executeConsoleCommand,
} from './tree.ts';

const HELP = {
  pinfo:
    'Syntax: .pinfo [$player_name/#GUID]\r\n\r\nOutput account information and guild information for selected player or player find by $player_name or #GUID.',
  announce:
    'Syntax: .announce $MessageToBroadcast\r\n\r\nSend a global message to all players online in chat log.',
  level:
    'Syntax: .character level [$playername] [#level]\r\n\r\nSet the level of character with $playername (or the selected if not name provided) by #numberoflevels Or +1 if no #numberoflevels provided.',
  lookupAccount:
    'Syntax: .lookup player account $account ($limit) \r\n\r\n Searchs players, which account username is $account with optional parametr $limit of results.',
  shutdown:
    'Syntax: .server shutdown [force] #delay [#exit_code] [reason]\r\n\r\nShut the server down after #delay seconds. Use #exit_code or 0 as program exit code. Specify "force" to allow short-term shutdown despite other players being connected.',
  restart:
    'Syntax: .server restart [force] #delay [#exit_code] [reason]\r\n\r\nRestart the server after #delay seconds. Use #exit_code or 2 as program exit code. Specify "force" to allow short-term restart despite other players being connected.',
};

function countdown(mode: 'shutdown' | 'restart', flavor: SimFlavor): CommandSpec {
  const children: CommandSpec[] = [{ name: 'cancel', handler: shutdownCancel }];
  if (flavor === 'tc') {
    children.push({ name: 'force', handler: shutdownHandler(mode, true), help: HELP[mode] });
  }
  return { name: mode, handler: shutdownHandler(mode), help: HELP[mode], children };
}

/**
 * The command tree of a flavour.
 *
 * @param flavor `tc` or `ac`.
 * @returns The tree.
 */
export function commandTable(flavor: SimFlavor): CommandNode[] {
  return buildCommandTree([
    { name: 'account', children: [{ name: 'onlinelist', handler: accountOnlineList }] },
    { name: 'announce', handler: announce, help: HELP.announce },
    { name: 'character', children: [{ name: 'level', handler: characterLevel, help: HELP.level }] },
    {
      name: 'gm',
      children: [{ name: 'ingame', handler: gmIngame }, { name: 'list', handler: gmList }],
    },
    {
      name: 'lookup',
      children: [{
        name: 'player',
        children: [{ name: 'account', handler: lookupPlayerAccount, help: HELP.lookupAccount }],
      }],
    },
    { name: 'pinfo', handler: pinfo, help: HELP.pinfo },
    {
      name: 'server',
      children: [
        { name: 'debug', handler: serverDebug },
        { name: 'info', handler: serverInfo },
        { name: 'motd', handler: serverMotd },
        countdown('restart', flavor),
        countdown('shutdown', flavor),
      ],
    },
  ]);
}

/** The outcome of one console command. */
export interface ConsoleResult {
  /** False when the command set the error flag: SOAP answers with a fault. */
  readonly ok: boolean;
  /** Every message followed by CR LF (empty when nothing was printed). */
  readonly output: string;
}

const TABLES: Partial<Record<SimFlavor, CommandNode[]>> = {};

/**
 * Runs one console command against a world, like `World::ProcessCliCommands` does for a
 * queued SOAP command.
 *
 * @param world The world.
 * @param command The command text.
 * @returns Success flag and output.
 */
export function runConsoleCommand(world: SimWorld, command: string): ConsoleResult {
  const table = TABLES[world.flavor] ??= commandTable(world.flavor);
  const out = new CommandOutput(world.flavor);
  executeConsoleCommand(table, { world, out }, command);
  return { ok: !out.failed, output: out.result() };
}
