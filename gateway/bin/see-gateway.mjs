#!/usr/bin/env node
// `see-gateway [start|check]`, on the compiled output (`pnpm build`).
import { runCompiled } from '@see/kit/compiled'

await runCompiled(new URL('../dist/cli.js', import.meta.url))
