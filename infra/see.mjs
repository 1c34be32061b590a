#!/usr/bin/env node
// One entry point for every production process (the container's ENTRYPOINT): the first argument
// chooses the process, the rest are its own.
//   node infra/see.mjs gateway [start|check]
//   node infra/see.mjs service <sistema> [start|check]
//   node infra/see.mjs auth <recurso> <acción> …
const BINS = {
  gateway: '../gateway/bin/see-gateway.mjs',
  service: '../packages/service-core/bin/see-service.mjs',
  auth: '../packages/auth/bin/see-auth.mjs'
}
const bin = BINS[process.argv[2]]
if (bin === undefined) {
  process.stderr.write('Uso: see <gateway|service|auth> [argumentos]\n  gateway [start|check]\n  service <sistema> [start|check]\n  auth <recurso> <acción> (see-auth help)\n')
  process.exitCode = 2
} else {
  process.argv.splice(2, 1)
  await import(new URL(bin, import.meta.url).href)
}
