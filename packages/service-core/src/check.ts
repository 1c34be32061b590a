import { checkStep, emptyReport, type CheckReport } from '@see/kit'
import { parseCredentialKeys } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { loadServiceConfig, type ServiceConfig } from './config.js'
import { parseTokenKeys } from './token-redis.js'

/** Validates one system service's environment without opening anything (`see-service <sistema> check`). */
export async function checkServiceEnvironment (system: SystemProfile, env: Record<string, string | undefined> = process.env): Promise<CheckReport> {
  const report = emptyReport()
  let config: ServiceConfig | undefined
  await checkStep(report, () => { config = loadServiceConfig(system, env) })
  if (config === undefined) return report
  const c = config
  report.summary.push(`sistema ${system.id} (${system.title}): escucha en ${c.HOST}:${c.PORT}; llaves del gateway en ${c.GATEWAY_JWKS_URL}`)
  report.summary.push(`entes: ${c.DATABASE_URL !== undefined ? 'Sistema Registral (DATABASE_URL)' : `archivo ${c.ENTES_FILE ?? ''}`}; Redis: ${c.REDIS_URL !== undefined ? 'sí' : 'no'}`)
  if (c.DATABASE_URL !== undefined) await checkStep(report, () => parseCredentialKeys(c.SEE_CREDENTIALS_KEYS))
  if (c.SEE_CACHE_KEY !== undefined) await checkStep(report, () => parseTokenKeys(c.SEE_CACHE_KEY!))
  if (c.REDIS_URL === undefined) report.warnings.push('sin REDIS_URL los cambios del registro llegan por sondeo y los tokens de los entes no se comparten entre instancias.')
  if (c.REDIS_URL !== undefined && c.SEE_CACHE_KEY === undefined) report.warnings.push('sin SEE_CACHE_KEY los tokens de los entes se quedan en cada proceso (no se guardan cifrados en Redis).')
  if (c.SEE_URL_ALLOW_HTTP === true) report.warnings.push('SEE_URL_ALLOW_HTTP permite entes sin TLS: solo para desarrollo.')
  return report
}
