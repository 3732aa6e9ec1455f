#!/usr/bin/env node
// The `oms` command. The sources are TypeScript run through tsx (no build step to forget);
// registering the loader here lets `npx oms …` and a global install work the same way.
import { register } from 'tsx/esm/api';

register();
await import('../api/cli/oms.ts');
