import envSchema from 'env-schema'
import { ConfigError } from './errors.js'

/**
 * Reads and validates configuration from the environment at start-up. A bad or missing variable
 * stops the process with a message that names it, instead of failing later on first use.
 */
export function loadConfig<T> (schema: Record<string, unknown>, env: Record<string, unknown> = process.env): T {
  try {
    return envSchema<T>({ schema, data: env, env: false, dotenv: false })
  } catch (err) {
    const message = (err as Error).message.replace(/^env\/?/, '').replace(/\benv\//g, '')
    throw new ConfigError(message)
  }
}
