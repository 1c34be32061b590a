import { loadConfig } from '@see/kit'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ente-client/client.js'

export interface S2Config {
  PORT: number
  HOST: string
  /** Path of the entes registry JSON (RegistryFile in internal.openapi.json). */
  ENTES_FILE: string
  LOG_LEVEL: string
  /** Largest ente answer read, in bytes. */
  MAX_RESPONSE_BYTES: number
}

const schema = {
  type: 'object',
  required: ['ENTES_FILE'],
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3102 },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    ENTES_FILE: { type: 'string', minLength: 1 },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    MAX_RESPONSE_BYTES: { type: 'integer', minimum: 1024, default: DEFAULT_MAX_RESPONSE_BYTES }
  }
}

export function loadS2Config (env: Record<string, unknown> = process.env): S2Config {
  return loadConfig<S2Config>(schema, env)
}
