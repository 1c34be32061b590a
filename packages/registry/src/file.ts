import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { ConfigError } from '@see/kit'
import { INTERNAL_SCHEMA_ID, internalDocument, ref, schemaBundle } from '@see/openapi'
import type { RegistryFile } from '@see/openapi/types'
import { directoryFromEntes, type EnteDirectory } from './directory.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function validator (): (data: unknown) => data is RegistryFile {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, keywords: ['components', 'example'] })
  addFormats(ajv)
  ajv.addSchema(schemaBundle(INTERNAL_SCHEMA_ID, internalDocument))
  return ajv.compile<RegistryFile>(ref(INTERNAL_SCHEMA_ID, 'RegistryFile'))
}

/** Parses and validates a registry document, naming every problem found. */
export function parseRegistry (data: unknown): RegistryFile {
  const validate = validator()
  if (!validate(data)) {
    const problems = (validate as unknown as { errors: Array<{ instancePath: string, message?: string }> }).errors
      .map(e => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')
    throw new ConfigError(`registro de entes inválido: ${problems}`)
  }
  const claves = new Set<string>()
  for (const ente of data.entes) {
    if (claves.has(ente.clave)) throw new ConfigError(`registro de entes inválido: la clave ${ente.clave} está repetida`)
    claves.add(ente.clave)
  }
  return data
}

/** Loads the entes file named by `ENTES_FILE` (the foundation's stand-in for the Sistema Registral). */
export function directoryFromFile (path: string): EnteDirectory {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(`no se pudo leer el registro de entes ${path}: ${(err as Error).message}`)
  }
  return directoryFromEntes(parseRegistry(raw).entes)
}
