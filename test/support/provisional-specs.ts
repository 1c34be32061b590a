import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { provisionalStandards, type ProvisionalStandardFile } from '@see/openapi'
import type { SystemProfile } from '@see/systems'
import { officialContract, type OfficialContract } from './official-specs.js'

// A system SESNA has not standardised (S4, S5) is proved against the state's provisional standard,
// the OpenAPI document of openapi/ that entes implement, exactly as the others against SESNA's files.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function provisionalContract (system: SystemProfile): OfficialContract {
  const file = system.provisional?.document
  const document = file === undefined ? undefined : provisionalStandards[file as ProvisionalStandardFile]
  if (document === undefined) throw new Error(`${system.id} names neither an official specification nor a provisional standard of openapi/`)
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema({ $id: 'provisional', components: { schemas: document.components.schemas } })
  const schema = (name: string): ReturnType<Ajv['compile']> => ajv.compile({ $ref: `provisional#/components/schemas/${name}` })
  return { response: schema(system.schemas.response), dependencias: schema('Dependencias'), error: schema('Error') }
}

/** What a system's answers are checked against: SESNA's specification, or the state's provisional standard. */
export function contractOf (system: SystemProfile): OfficialContract {
  return system.official !== undefined ? officialContract(system.official) : provisionalContract(system)
}
