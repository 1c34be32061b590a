import { KeyRing } from '@see/auth'
import { checkStep, emptyReport, parseKeyRing, type CheckReport } from '@see/kit'
import { parseCredentialKeys } from '@see/registry'
import { loadGatewayConfig, serviceLocations, trustedProxies, withPrivateFields } from './config.js'

/**
 * Validates the gateway's environment without opening anything (`see-gateway check`): every
 * variable as the start would read it, the keys parsed, and what would not suit production.
 */
export async function checkGatewayEnvironment (env: Record<string, string | undefined> = process.env): Promise<CheckReport> {
  const report = emptyReport()
  let config: ReturnType<typeof loadGatewayConfig> | undefined
  await checkStep(report, () => { config = loadGatewayConfig(env) })
  if (config === undefined) return report
  const c = config
  await checkStep(report, () => {
    const services = withPrivateFields(serviceLocations(c.SERVICE_URLS), c.PRIVATE_FIELDS)
    report.summary.push(`escucha en ${c.HOST}:${c.PORT}; URL pública ${c.PUBLIC_URL}`)
    report.summary.push(`sistemas federados: ${services.map(s => `${s.system.id} → ${s.url}`).join(', ')}`)
  })
  await checkStep(report, () => trustedProxies(c.TRUSTED_PROXIES))
  if (c.SEE_CREDENTIALS_KEYS !== undefined) await checkStep(report, () => parseCredentialKeys(c.SEE_CREDENTIALS_KEYS))
  if (c.QUERY_AUDIT_KEY !== undefined) await checkStep(report, () => parseKeyRing('QUERY_AUDIT_KEY', c.QUERY_AUDIT_KEY))
  if (c.SEE_JWT_KEYS !== undefined) await checkStep(report, async () => await KeyRing.fromConfig(c.SEE_JWT_KEYS!))

  report.summary.push(`base de datos: ${c.DATABASE_URL !== undefined ? 'PostgreSQL (DATABASE_URL)' : 'PGlite embebida'}; Redis: ${c.REDIS_URL !== undefined ? 'sí' : 'no'}`)
  if (c.DATABASE_URL === undefined) report.warnings.push('sin DATABASE_URL se usa la base embebida (PGlite): un solo proceso, no apta para producción.')
  if (c.REDIS_URL === undefined) report.warnings.push('sin REDIS_URL la caché, los límites y las revocaciones viven en cada proceso: con varias instancias no se comparten.')
  if (c.SEE_JWT_KEYS === undefined) report.warnings.push('sin SEE_JWT_KEYS se genera una llave de firma al iniciar: los tokens emitidos dejan de valer al reiniciar y otra instancia no los reconoce (genérela con «see-auth keys generate»).')
  if (c.QUERY_AUDIT_KEY === undefined) report.warnings.push('sin QUERY_AUDIT_KEY la auditoría de consultas usa una llave por proceso: consultas iguales no se reconocen entre reinicios ni entre instancias.')
  if (c.SEE_URL_ALLOW_HTTP === true) report.warnings.push('SEE_URL_ALLOW_HTTP permite entes sin TLS: solo para desarrollo.')
  if (c.SERVICE_URLS?.includes('s6=') !== false && c.OCDS_OCID_PREFIX === undefined) report.warnings.push('sin OCDS_OCID_PREFIX las rutas OCDS del S6 publican cualquier ocid; registre el prefijo del estado ante la Open Contracting Partnership y configúrelo.')
  if (!c.PUBLIC_URL.startsWith('https://')) report.warnings.push(`PUBLIC_URL (${c.PUBLIC_URL}) no es https: los clientes enviarían sus credenciales sin cifrar.`)
  if (c.ENTES_FILE !== undefined) report.warnings.push('ENTES_FILE: sin Sistema Registral (no hay API /registro).')
  return report
}
