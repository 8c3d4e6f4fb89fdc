/**
 * @module A `deno lint` plugin for the project's boundaries (STYLE G3, G7, G10):
 * - time comes from an injected scheduler in src/operators and src/pipeline;
 * - only the runtime entry files touch runtime-specific APIs;
 * - src never imports from test, nobody imports rxjs/internal.
 */

const RUNTIME_FILES = [/\/src\/server\/node\.ts$/, /\/src\/server\/deno\.ts$/, /\/src\/cli\.ts$/];
const SCHEDULED_DIRS = [/\/src\/operators\//, /\/src\/pipeline\//];
const RUNTIME_MODULES = ['ws', '@hono/node-server', 'node:http', 'node:https', 'hono/deno'];
const HOST_TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

// deno-lint-ignore no-explicit-any
type Node = any;
// deno-lint-ignore no-explicit-any
type Context = any;

function isRuntimeFile(filename: string): boolean {
  return RUNTIME_FILES.some((re) => re.test(filename));
}

function isScheduledFile(filename: string): boolean {
  return SCHEDULED_DIRS.some((re) => re.test(filename));
}

function inSrc(filename: string): boolean {
  return /\/src\//.test(filename);
}

const plugin = {
  name: 'realmstream',
  rules: {
    'scheduler-time': {
      create(context: Context) {
        if (!isScheduledFile(context.filename)) return {};
        return {
          CallExpression(node: Node) {
            const callee = node.callee;
            if (callee.type === 'Identifier' && HOST_TIMERS.has(callee.name)) {
              context.report({
                node,
                message: `${callee.name} is a host timer: use the injected scheduler instead`,
              });
            }
            if (
              callee.type === 'MemberExpression' && callee.property.type === 'Identifier' &&
              callee.object.type === 'Identifier' &&
              ((callee.object.name === 'Date' && callee.property.name === 'now') ||
                (callee.object.name === 'performance' && callee.property.name === 'now'))
            ) {
              context.report({
                node,
                message: `${callee.object.name}.now() reads the host clock: use scheduler.now()`,
              });
            }
          },
        };
      },
    },
    'runtime-boundary': {
      create(context: Context) {
        if (!inSrc(context.filename) || isRuntimeFile(context.filename)) return {};
        return {
          ImportDeclaration(node: Node) {
            const source = String(node.source.value);
            if (RUNTIME_MODULES.includes(source)) {
              context.report({
                node,
                message:
                  `'${source}' is runtime-specific: only src/server/node.ts, src/server/deno.ts and src/cli.ts may import it`,
              });
            }
          },
          MemberExpression(node: Node) {
            if (node.object.type === 'Identifier' && node.object.name === 'Deno') {
              context.report({
                node,
                message:
                  'Deno.* is runtime-specific: only src/server/deno.ts and src/cli.ts may use it',
              });
            }
          },
        };
      },
    },
    'no-console-in-src': {
      create(context: Context) {
        if (!inSrc(context.filename) || /\/src\/ui\//.test(context.filename)) return {};
        return {
          MemberExpression(node: Node) {
            if (node.object.type === 'Identifier' && node.object.name === 'console') {
              context.report({ node, message: 'use the injected Logger, not console, in src/' });
            }
          },
        };
      },
    },
    'module-boundary': {
      create(context: Context) {
        return {
          ImportDeclaration(node: Node) {
            const source = String(node.source.value);
            if (source.startsWith('rxjs/internal')) {
              context.report({ node, message: 'rxjs/internal is private API: use public rxjs' });
            }
            if (inSrc(context.filename) && /(^|\/)test(-deno)?\//.test(source)) {
              context.report({ node, message: 'src must not import from test/' });
            }
          },
        };
      },
    },
  },
};

export default plugin;
