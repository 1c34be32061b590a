#!/usr/bin/env node
// One entry point for every production process (the container's ENTRYPOINT): the first argument
// chooses the process, the rest are its own.
//   node infra/see.mjs gateway [start|check]
//   node infra/see.mjs service <sistema> [start|check]
//   node infra/see.mjs auth <recurso> <acción> …
//   node infra/see.mjs simulator [opciones]       (simulated entes, trials only)
const BINS = {
  gateway: '../gateway/bin/see-gateway.mjs',
  service: '../packages/service-core/bin/see-service.mjs',
  auth: '../packages/auth/bin/see-auth.mjs',
  simulator: '../packages/ente-simulator/bin/see-simulator.mjs'
}
const bin = BINS[process.argv[2]]
if (bin === undefined) {
  process.stderr.write('Uso: see <gateway|service|auth|simulator> [argumentos]\n  gateway [start|check]\n  service <sistema> [start|check]\n  auth <recurso> <acción> (see-auth help)\n  simulator [opciones] (entes simulados, solo para pruebas)\n')
  process.exitCode = 2
} else {
  process.argv.splice(2, 1)
  await import(new URL(bin, import.meta.url).href)
}
