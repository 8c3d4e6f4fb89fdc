/**
 * @module The console command tree and its dispatcher, after TrinityCore's `ChatCommandNode`
 * (AzerothCore ported the same code): a leading `.` or `!` is dropped, each token selects a
 * subcommand by case-insensitive exact name or unique prefix (`ser inf` runs `server info`),
 * ambiguity lists the candidates (a success), the remaining text goes to the handler, a
 * handler that returns false without an error prints its help (a fault), and text that
 * matches nothing at the top gives `Command '...' does not exist` (a fault).
 */
import type { SimWorld } from '../world/world.ts';
import type { CommandOutput } from './output.ts';

/** What a handler gets. */
export interface CommandContext {
  readonly world: SimWorld;
  readonly out: CommandOutput;
}

/**
 * A command handler: `args` is the text after the command path, trimmed. Returns false for
 * bad usage; the dispatcher then prints the help unless the handler already failed.
 */
export type CommandHandler = (context: CommandContext, args: string) => boolean;

/** One node of the tree: a command, a group of subcommands, or both. */
export interface CommandNode {
  /** Its own name (`info`). */
  readonly name: string;
  /** Its full path (`server info`), used in help texts. */
  readonly path: string;
  readonly handler?: CommandHandler;
  /** The help text the world database would hold (`command.help`). */
  readonly help?: string;
  /** Subcommands, sorted case-insensitively like upstream's `std::map`. */
  readonly children: readonly CommandNode[];
}

/** A node before paths are assigned. */
export interface CommandSpec {
  name: string;
  handler?: CommandHandler;
  help?: string;
  children?: CommandSpec[];
}

/**
 * Builds the tree: assigns full paths and sorts children case-insensitively.
 *
 * @param specs Top-level commands.
 * @param parent Path of the parent (internal).
 * @returns The nodes.
 */
export function buildCommandTree(specs: readonly CommandSpec[], parent = ''): CommandNode[] {
  return [...specs]
    .sort((a, b) => compareI(a.name, b.name))
    .map((spec) => {
      const path = parent ? `${parent} ${spec.name}` : spec.name;
      return {
        name: spec.name,
        path,
        handler: spec.handler,
        help: spec.help,
        children: buildCommandTree(spec.children ?? [], path),
      };
    });
}

/**
 * Runs one console command the way `CliHandler::ParseCommands` does; output and the error
 * flag go to `context.out`.
 *
 * @param tree The command tree.
 * @param context World and output.
 * @param text The command as received.
 */
export function executeConsoleCommand(
  tree: readonly CommandNode[],
  context: CommandContext,
  text: string,
): void {
  const stripped = text.startsWith('.') || text.startsWith('!') ? text.slice(1) : text;
  if (tryExecute(tree, context, stripped)) return;
  context.out.say('CMD_INVALID', stripped);
  context.out.fail();
}

function tryExecute(tree: readonly CommandNode[], context: CommandContext, text: string): boolean {
  const { out } = context;
  let node: CommandNode | undefined;
  let tail = text.replace(/^ +/, '').replace(/ +$/, '');
  while (tail !== '') {
    const space = tail.indexOf(' ');
    const token = space < 0 ? tail : tail.slice(0, space);
    const rest = space < 0 ? '' : tail.slice(space).replace(/^ +/, '');
    const candidates = (node ? node.children : tree).filter((child) =>
      child.name.toLowerCase().startsWith(token.toLowerCase())
    );
    if (candidates.length === 0) break;
    const exact = candidates[0].name.toLowerCase() === token.toLowerCase();
    if (!exact && candidates.length > 1) {
      if (node) out.say('SUBCMD_AMBIGUOUS', node.path, ' ', token);
      else out.say('CMD_AMBIGUOUS', token);
      for (const candidate of candidates) {
        out.say(
          candidate.children.length ? 'SUBCMDS_LIST_ENTRY_ELLIPSIS' : 'SUBCMDS_LIST_ENTRY',
          candidate.name,
        );
      }
      return true;
    }
    node = candidates[0];
    tail = rest;
  }
  if (!node) return false;
  if (!(node.handler && node.handler(context, tail)) && !out.failed) {
    sendHelp(node, out);
    out.fail();
  }
  return true;
}

function sendHelp(node: CommandNode, out: CommandOutput): void {
  if (node.handler) {
    if (node.help) out.send(node.help);
    else out.say('CMD_HELP_GENERIC', node.path);
  }
  node.children.forEach((child, index) => {
    if (index === 0) {
      if (!node.handler) out.say('CMD_HELP_GENERIC', node.path);
      out.say('SUBCMDS_LIST');
    }
    out.say(
      child.children.length ? 'SUBCMDS_LIST_ENTRY_ELLIPSIS' : 'SUBCMDS_LIST_ENTRY',
      child.name,
    );
  });
}

function compareI(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
