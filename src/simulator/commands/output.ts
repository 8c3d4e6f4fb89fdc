/**
 * @module What a console command writes: one message per `SendSysMessage` call, each followed
 * by CR LF in the SOAP result (`CliHandler::SendSysMessage`), and the error flag that turns
 * the result into a SOAP fault (`SetSentErrorMessage`).
 */
import { fmtFormat, type FormatArg, sprintf } from '../format.ts';
import type { SimFlavor } from '../world/types.ts';
import { type StringKey, stringsFor } from './strings.ts';

/** Most messages one command may print (a runaway list is cut, with a note). */
export const MAX_MESSAGES = 10_000;

/** The console handler's output buffer for one command. */
export class CommandOutput {
  readonly flavor: SimFlavor;
  readonly #messages: string[] = [];
  #failed = false;

  constructor(flavor: SimFlavor) {
    this.flavor = flavor;
  }

  /**
   * Prints one message as is.
   *
   * @param text The message.
   */
  send(text: string): void {
    if (this.#messages.length < MAX_MESSAGES) this.#messages.push(text);
  }

  /**
   * Formats a template in the flavour's dialect (printf for TC, `{}` for AC) and prints it.
   *
   * @param template The format string.
   * @param args Its arguments.
   */
  format(template: string, ...args: FormatArg[]): void {
    this.send(this.flavor === 'tc' ? sprintf(template, ...args) : fmtFormat(template, ...args));
  }

  /**
   * Prints a string of the flavour's table.
   *
   * @param key String id.
   * @param args Its arguments.
   */
  say(key: StringKey, ...args: FormatArg[]): void {
    this.format(stringsFor(this.flavor)[key], ...args);
  }

  /**
   * The flavour's text for a key, unformatted (for strings used as arguments).
   *
   * @param key String id.
   * @returns The text.
   */
  text(key: StringKey): string {
    return stringsFor(this.flavor)[key];
  }

  /** Marks the command as failed (`SetSentErrorMessage(true)`): the answer is a fault. */
  fail(): void {
    this.#failed = true;
  }

  /** Whether the command failed. */
  get failed(): boolean {
    return this.#failed;
  }

  /** The SOAP result text: every message followed by CR LF. */
  result(): string {
    return this.#messages.map((message) => message + '\r\n').join('');
  }
}
