#!/usr/bin/env node
// `see-auth <recurso> <acción>`: OAuth2 clients, users and keys, on the compiled output (`pnpm build`).
import { runCompiled } from '@see/kit/compiled'

await runCompiled(new URL('../dist/cli.js', import.meta.url))
