/**
 * @module HTTP calls from the CLI to a running gateway's API (`diagnostics`,
 * `soap --gateway`): the token comes from an environment variable, never from a flag (flags
 * end up in shell histories and process lists), and errors become `CliFailure`s that quote
 * the gateway's own message.
 */
import type { EnvReader } from '../pipeline/config.ts';
import { CliFailure, CliUsageError } from './context.ts';

/** Where the token is read from unless `--token-env` names another variable. */
export const DEFAULT_TOKEN_ENV = 'RS_TOKEN';
/** The gateway asked when `--gateway` is not given. */
export const DEFAULT_GATEWAY = 'http://127.0.0.1:8787';

/** A gateway to call. */
export interface GatewayTarget {
  /** Base URL without a trailing slash. */
  readonly base: string;
  /** Bearer token. */
  readonly token: string;
  /** Request timeout, ms. */
  readonly timeoutMs: number;
}

/**
 * Resolves the gateway URL and token from flags and environment.
 *
 * @param command The subcommand (for messages).
 * @param flags `--gateway`, `--token-env`.
 * @param env Environment reader.
 * @param timeoutMs Request timeout.
 * @returns The target.
 * @throws CliUsageError for a bad URL or a missing token.
 */
export function gatewayTarget(
  command: string,
  flags: { gateway?: string; tokenEnv?: string },
  env: EnvReader,
  timeoutMs: number,
): GatewayTarget {
  const base = (flags.gateway ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) {
    throw new CliUsageError(`--gateway must be an http:// or https:// URL, got '${base}'`, command);
  }
  const variable = flags.tokenEnv ?? DEFAULT_TOKEN_ENV;
  const token = env(variable);
  if (!token) {
    throw new CliUsageError(
      `no token: set ${variable} to an admin token of the gateway (auth.tokens)`,
      command,
    );
  }
  return { base, token, timeoutMs };
}

/**
 * Calls the gateway and returns the status and body text.
 *
 * @param target Gateway and token.
 * @param method HTTP method.
 * @param path Path under the base, starting with `/`.
 * @param body JSON body, if any.
 * @returns Status and text.
 * @throws CliFailure when the gateway cannot be reached in time.
 */
export async function callGateway(
  target: GatewayTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(`${target.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError'
      ? `no answer within ${target.timeoutMs} ms`
      : `${(error as Error).message}${
        (error as { cause?: { code?: string } }).cause?.code
          ? ` (${(error as { cause: { code: string } }).cause.code})`
          : ''
      }`;
    throw new CliFailure(`cannot reach the gateway at ${target.base}: ${reason}`, {
      cause: error,
    });
  }
  return { status: response.status, text: await response.text() };
}

/**
 * The gateway's error message from a non-2xx answer.
 *
 * @param status HTTP status.
 * @param text Body.
 * @returns `HTTP 403: <message>`.
 */
export function gatewayError(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = typeof body.message === 'string' ? body.message : String(body.error ?? '');
    return `HTTP ${status}: ${message || 'request failed'}`;
  } catch {
    return `HTTP ${status}: ${text.slice(0, 200) || 'request failed'}`;
  }
}
