#!/usr/bin/env node
// The `realmstream` executable on Node 20: registers tsx's loader (Node 20 cannot strip
// types) and runs the TypeScript entry. Deno users run `deno run -A src/cli.ts`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
