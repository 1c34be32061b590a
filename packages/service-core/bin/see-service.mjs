#!/usr/bin/env node
// `see-service <sistema> [start|check]`: any federated system's service, on the compiled output (`pnpm build`).
import { runCompiled } from '@see/kit/compiled'

await runCompiled(new URL('../dist/cli.js', import.meta.url))
