/**
 * @module `realmstream check`: validates the configuration and checks each realm the way
 * `GET /api/realms/:id/health` does (SOAP reachable, account accepted, latency, update diff,
 * log file readable), before the gateway is started. Exits 1 when anything fails, so it
 * fits a deploy script or a service's pre-start hook.
 */
import type { Config, RealmConfig } from '../pipeline/config.ts';
import { createSoapTransport } from '../pipeline/sources/soap/transport.ts';
import {
  type HealthPart,
  type HealthReport,
  type PartStatus,
  runHealthCheck,
} from '../server/console/health.ts';
import { parseCommandArgs } from './args.ts';
import { type CliCommand, type CliContext, CliUsageError } from './context.ts';
import { loadCliConfig } from './serve.ts';

const HELP = `Usage: realmstream check [options]

Validates the configuration (every problem listed at once), then checks each realm: SOAP
reachable, account accepted (security level 3), round trip, update diff, player count,
and the log file when one is configured. Simulated realms need no check. Nothing is
started and no command but 'server info' is sent.

Exits 0 when every realm passes (warnings allowed), 1 when the configuration is invalid
or a realm fails.

Options:
  -c, --config FILE   configuration file (default ./realmstream.config.json)
      --realm ID      check this realm only
      --json          print the reports as JSON
  -h, --help          show this help
`;

const MARK: Readonly<Record<PartStatus, string>> = {
  ok: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: '-   ',
};

/** The `check` command. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate the configuration and check that each realm answers',
  help: HELP,
  async run(args: string[], context: CliContext): Promise<number> {
    const parsed = parseCommandArgs('check', args, {
      config: { type: 'string', short: 'c' },
      realm: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (parsed.help) {
      context.stdout(HELP);
      return 0;
    }
    const { values } = parsed;
    const { config, origin } = await loadCliConfig(values.config, context);
    const realms = values.realm === undefined
      ? config.realms
      : config.realms.filter((realm) => realm.id === values.realm);
    if (values.realm !== undefined && realms.length === 0) {
      throw new CliUsageError(`no realm '${values.realm}' in ${origin}`, 'check');
    }
    const reports = await Promise.all(realms.map((realm) => checkRealm(realm)));
    const failed = reports.some((report) => report?.status === 'failing');
    if (values.json) {
      context.stdout(JSON.stringify({ config: origin, ok: !failed, realms: reports }, null, 2));
      context.stdout('\n');
      return failed ? 1 : 0;
    }
    context.stdout(`configuration: ${origin}: valid (${describe(config)})\n`);
    realms.forEach((realm, index) => {
      const report = reports[index];
      if (!report) {
        context.stdout(`\nrealm ${realm.id}: simulated, nothing to check\n`);
        return;
      }
      context.stdout(`\nrealm ${realm.id} (${realm.soap?.url}): ${report.status}\n`);
      for (const part of report.parts) {
        context.stdout(`  ${MARK[part.status]} ${part.name.padEnd(10)} ${part.message}\n`);
      }
    });
    context.stdout(failed ? '\nsome checks failed\n' : '\nall realms passed\n');
    return failed ? 1 : 0;
  },
};

/** One realm's health report; undefined for a simulated realm. */
async function checkRealm(realm: RealmConfig): Promise<HealthReport | undefined> {
  if (!realm.soap) return undefined;
  const transport = createSoapTransport({ ...realm.soap, flavor: realm.flavor });
  return withoutGateway(
    await runHealthCheck({
      realm,
      transport,
      endpoint: { url: realm.soap.url, username: realm.soap.username },
      now: () => Date.now(),
    }),
  );
}

/**
 * Before a gateway runs there is no poll, push or log line to have seen yet: those parts
 * say so instead of warning (the log file's existence is still checked).
 */
function withoutGateway(report: HealthReport): HealthReport {
  const parts = report.parts.map((part): HealthPart => {
    if (part.name === 'polling' || (part.name === 'metrics' && part.status === 'warn')) {
      return { name: part.name, status: 'skip', message: 'seen by a running gateway only' };
    }
    if (part.name === 'log' && part.status === 'warn') {
      return { name: part.name, status: 'ok', message: 'the log file exists' };
    }
    return part;
  });
  const failing = parts.filter((part) => part.status === 'fail');
  const problems = [...failing, ...parts.filter((part) => part.status === 'warn')];
  return {
    ...report,
    status: failing.length ? 'failing' : problems.length ? 'degraded' : 'ok',
    problems: problems.map((part) => part.name),
    summary: problems[0] ? `${problems[0].name}: ${problems[0].message}` : 'all checks passed',
    parts,
  };
}

function describe(config: Config): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const tokens = config.auth.tokens.length
    ? count(config.auth.tokens.length, 'token')
    : 'no tokens: serve generates an admin token per start';
  return `${count(config.realms.length, 'realm')}, ${tokens}`;
}
