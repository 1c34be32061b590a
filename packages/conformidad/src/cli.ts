#!/usr/bin/env node
import { main } from './main.js'

// The `see-conformidad` command (bundled into bundle/see-conformidad.mjs by bundle.mjs).
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  input: process.stdin,
  prompts: process.stderr,
  stdout: process.stdout,
  stderr: process.stderr
})
