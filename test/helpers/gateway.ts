/**
 * @module Test helper: start a real gateway on the Node runtime on a free loopback port.
 */
import { type ConfigInput, parseConfig } from '../../src/pipeline/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { type Gateway, startGateway } from '../../src/server/gateway.ts';
import { startServer } from '../../src/server/node.ts';

/** A token every test gateway accepts as admin. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** A token every test gateway accepts as viewer. */
export const VIEWER_TOKEN = 'test-viewer-token-0123456789';

/**
 * Starts a gateway with test tokens on 127.0.0.1:0.
 *
 * @param input Extra configuration (merged over the test defaults).
 * @param uiRoot Built dashboard directory, if the test needs it.
 * @returns The running gateway; call `close()` in `afterEach`.
 */
export function startTestGateway(input: ConfigInput = {}, uiRoot?: string): Promise<Gateway> {
  const config = parseConfig({
    ...input,
    server: { host: '127.0.0.1', port: 0, ...input.server },
    // The gateway's own stats.window events would land in tests that count every event;
    // tests of them turn them on.
    stats: { windowMs: 0, ...input.stats },
    auth: input.auth ?? {
      tokens: [
        { name: 'admin', token: ADMIN_TOKEN, role: 'admin' },
        { name: 'viewer', token: VIEWER_TOKEN, role: 'viewer' },
      ],
    },
  });
  return startGateway({ config, startServer, uiRoot, logger: silentLogger });
}
