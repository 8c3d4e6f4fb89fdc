/** @module Small helpers shared by CLI commands. */
import { stat } from 'node:fs/promises';

/**
 * Whether a regular file exists at `path`.
 *
 * @param path File path.
 * @returns True for an existing file.
 */
export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Generates a random access token: 32 random bytes, base64url (43 characters).
 *
 * @returns The token.
 */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
