// Writes into openapi/see.openapi.json, under `components.examples.<response schema>`, the answer
// of each federated system's example search (its profile's `example`) over the simulator's
// records: the documented example of the system's search answer (gateway/src/docs/system-paths.ts
// refers to it). Run by `pnpm gen`; a system the simulator cannot serve yet keeps whatever example
// is written there by hand, and `gateway/test/unit/served-document.test.ts` asks for one.
import { readFileSync, writeFileSync } from 'node:fs'
import { exampleRecords, SIMULATED_SYSTEMS, searchAnswerExample } from '@see/ente-simulator'
import { releasesByDate, SYSTEMS } from '@see/systems'
import { DEFAULT_PUBLICATION, recordPackage, releasePackage, type Release } from '../gateway/src/ocds/publication.js'
import { ocdsPaths } from '../gateway/src/ocds/routes.js'

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
// OCDS publishing (S6): the packages of the example entes' releases, as the gateway serves them.
for (const system of SYSTEMS) {
  if (system.standard !== 'ocds-1.1.5-release' || !SIMULATED_SYSTEMS.includes(system.id)) continue
  const base = 'https://see.chiapas.gob.mx'
  const paths = ocdsPaths(system.paths.search)
  const records = exampleRecords(system) as Release[]
  const releases = releasesByDate(records)
  // The first ente's first process: whole in any simulated ente of the first clave, whatever its size.
  const ocid = records[0]!.ocid
  const process = releases.filter(release => release.ocid === ocid)
  const releasesOf = `${base}${paths.releasesOf.replace('{ocid}', ocid)}`
  examples.OcdsPaqueteEntregas = {
    summary: `Primera página de las entregas ${system.pdnId} (datos simulados)`,
    value: releasePackage(DEFAULT_PUBLICATION, `${base}${paths.releases}?pageSize=2`, releases.slice(0, 2), { next: `${base}${paths.releases}?page=2&pageSize=2` })
  }
  examples.OcdsPaqueteEntregasProceso = { summary: `Entregas de un proceso ${system.pdnId} (datos simulados)`, value: releasePackage(DEFAULT_PUBLICATION, releasesOf, process) }
  examples.OcdsPaqueteRegistros = {
    summary: `Registro de un proceso ${system.pdnId} (datos simulados)`,
    value: recordPackage(DEFAULT_PUBLICATION, `${base}${paths.recordOf.replace('{ocid}', ocid)}`, releasesOf, process)
  }
}
document.components.examples = Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(FILE, `${JSON.stringify(document, null, 2)}\n`)
