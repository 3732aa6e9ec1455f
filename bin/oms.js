#!/usr/bin/env node
// The `oms` command. The sources are TypeScript run through tsx (no build step to forget);
// registering the loader here lets `npx oms …` and a global install work the same way.
// The tsconfig is named explicitly: tsx otherwise reads the one in the *working* directory, and
// run from anywhere else the decorators of the request DTOs fail to load (a crash at start-up).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../api/cli/oms.ts');
