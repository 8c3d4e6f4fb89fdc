/**
 * @module Runs one of the parser operators over a single command output, outside any
 * pipeline: the snapshot, or undefined when the text was not recognised.
 */
import { lastValueFrom, of, type OperatorFunction, toArray } from 'rxjs';
import type { ParseOutput } from '../../pipeline/snapshots.ts';
import type { SoapReply } from '../../pipeline/sources/soap/types.ts';

/**
 * Parses one output text with a parser operator.
 *
 * ## Example
 * ```ts
 * const info = await parseOnce(text, parseServerInfo({ realm, formats }));
 * ```
 *
 * @param text The command output.
 * @param parser A parser operator (`parseServerInfo(...)`, `parsePlayerInfo(...)`).
 * @returns The snapshot, if one was recognised.
 */
export async function parseOnce<S>(
  text: string,
  parser: OperatorFunction<SoapReply | string, ParseOutput<S>>,
): Promise<S | undefined> {
  const outputs = await lastValueFrom(of(text).pipe(parser, toArray()));
  for (const output of outputs) if (output.kind === 'snapshot') return output.snapshot;
  return undefined;
}
