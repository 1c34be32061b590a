#!/usr/bin/env node
// `see-simulator [opciones]`: simulated entes for trials and demonstrations, on the compiled output (`pnpm build`).
import { runCompiled } from '@see/kit/compiled'

await runCompiled(new URL('../dist/cli.js', import.meta.url))
