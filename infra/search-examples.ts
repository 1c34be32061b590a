// Writes into openapi/see.openapi.json, under `components.examples.<response schema>`, the answer
// of each federated system's example search (its profile's `example`) over the simulator's
// records: the documented example of the system's search answer (gateway/src/docs/system-paths.ts
// refers to it). Run by `pnpm gen`; a system the simulator cannot serve yet keeps whatever example
// is written there by hand, and `gateway/test/unit/served-document.test.ts` asks for one.
import { readFileSync, writeFileSync } from 'node:fs'
import { SIMULATED_SYSTEMS, searchAnswerExample } from '@see/ente-simulator'
import { SYSTEMS } from '@see/systems'

const FILE = new URL('../openapi/see.openapi.json', import.meta.url)

const document = JSON.parse(readFileSync(FILE, 'utf8')) as { components: Record<string, Record<string, unknown>> }
const examples = document.components.examples ?? {}
for (const system of SYSTEMS) {
  if (!SIMULATED_SYSTEMS.includes(system.id)) continue
  examples[system.schemas.response] = {
    summary: `Respuesta a la consulta de ejemplo de ${system.pdnId} (datos simulados)`,
    value: searchAnswerExample(system)
  }
}
document.components.examples = Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(FILE, `${JSON.stringify(document, null, 2)}\n`)
