import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProvider, type SimulatedProvider } from '@see/ente-simulator'
import { createEnte } from '@see/registry'
import { SYSTEMS } from '@see/systems'
import { accessibilityViolations, chromiumPresent, launchChromium, screenshots } from '../support/browser.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// An ente's IT person onboards its own S2 connection in Debian's Chromium with JavaScript off,
// invited by an operator; the operator approves it and puts it in production, and the public
// search then finds the ente's records. Every page either of them sees is read for stored
// secrets. Screenshots go to .see-test-artifacts/ente-pages/.

const present = chromiumPresent('ente-pages-browser')
const system = SYSTEMS.find(s => s.id === 's2')!
const USERNAME = 'luis.ti@nuevo.gob.mx'
const PASSWORD = 'una-contraseña-de-luis'

let federation: TestFederation
let browser: Browser
/** The ente being onboarded: its S2 API starts with a defect (searches sensitive to accents). */
let newcomer: SimulatedProvider
/** Every HTML page the browser received (read as it arrives). */
const pages: Array<Promise<{ url: string, body: string }>> = []

beforeAll(async () => {
  if (!present) return
  federation = await startTestFederation('ente-pages-browser', { entes: 2, size: 10, latencyMs: 0, systems: [system] })
  newcomer = await startProvider({ clave: 'NUEVO', nombre: 'Ente Nuevo de Prueba', systems: [system.id], size: 5, defect: 'accent-sensitive' }, { host: '127.0.0.1', logLevel: 'silent' })
  await createEnte(federation.registry.ctx, { kind: 'operator', id: 'ente-pages-browser' }, { clave: newcomer.clave, nombre: newcomer.nombre, orden: 'estatal', poder: 'ejecutivo', contacts: [] })
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await federation?.close()
  await newcomer?.close()
})

async function personContext (): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-MX' })
  context.on('response', (response) => {
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return
    pages.push(response.text().then(body => ({ url: response.url(), body }), () => ({ url: response.url(), body: '' })))
  })
  return context
}

const shot = screenshots('ente-pages')

const statusOf = async (page: Page): Promise<string> => (await page.locator('main [role=status], main [role=alert]').first().textContent()) ?? ''

describe.skipIf(!present)("an ente's IT person onboards its connection in Chromium", () => {
  it('is invited, registers a defective S2 connection, reads the failing check and its fix, corrects it, asks for approval; the operator puts it in production and anyone finds its records', async () => {
    const operatorContext = await personContext()
    const console = await operatorContext.newPage()
    await console.goto(`${federation.gatewayUrl}/operador`)
    await console.getByLabel('Identificador del cliente').fill(federation.operator.clientId)
    await console.getByLabel('Secreto del cliente').fill(federation.operator.clientSecret)
    await console.getByRole('button', { name: 'Iniciar sesión' }).click()
    await console.getByRole('link', { name: 'Usuarios de los entes' }).click()
    await console.getByLabel('Ente').selectOption(newcomer.clave)
    await console.getByLabel('Usuario (por ejemplo, su correo)').fill(USERNAME)
    await console.getByRole('button', { name: 'Crear la invitación' }).click()
    const link = new URL((await console.locator('#enlace-invitacion').textContent())!)
    await shot(console, '1-operador-invitacion')

    // The person opens the link in its own browser, chooses a password and signs in.
    const enteContext = await personContext()
    const ente = await enteContext.newPage()
    await ente.goto(`${federation.gatewayUrl}${link.pathname}${link.search}`)
    await ente.getByLabel('Contraseña nueva').fill(PASSWORD)
    await ente.getByLabel('Repita la contraseña').fill(PASSWORD)
    await ente.getByRole('button', { name: 'Guardar contraseña' }).click()
    expect(await statusOf(ente)).toContain('Su contraseña quedó guardada')
    await ente.getByLabel('Usuario', { exact: true }).fill(USERNAME)
    await ente.getByLabel('Contraseña', { exact: true }).fill(PASSWORD)
    await ente.getByRole('button', { name: 'Iniciar sesión', exact: true }).click()
    expect(await ente.getByRole('heading', { level: 1 }).textContent(), await ente.locator('main').innerText()).toBe(newcomer.nombre)
    await shot(ente, '2-ente-inicio')

    // Registers its S2 connection and takes it to pruebas.
    await ente.getByRole('link', { name: `Registrar la conexión de ${system.pdnId}` }).click()
    await ente.getByLabel('Protocolo').selectOption('sesna-v1')
    await ente.getByLabel('URL base de la API del ente').fill(newcomer.url)
    await ente.getByLabel('URL del token (OAuth2)').fill(newcomer.tokenUrl)
    await ente.getByLabel('Autenticación').selectOption('oauth2-password')
    await ente.getByLabel('Identificador del cliente (OAuth2)').fill(newcomer.credentials.clientId)
    await ente.getByLabel('Secreto del cliente (OAuth2)').fill(newcomer.credentials.clientSecret)
    await ente.getByLabel('Usuario (OAuth2 password)').fill(newcomer.credentials.username)
    await ente.getByLabel('Contraseña (OAuth2 password)').fill(newcomer.credentials.password)
    await shot(ente, '3-ente-registro')
    await ente.getByRole('button', { name: 'Registrar la conexión' }).click()
    expect(await statusOf(ente)).toContain('La conexión quedó registrada')
    for (const stage of ['estandar', 'mecanismo', 'pruebas']) {
      await ente.getByRole('button', { name: `Avanzar a la etapa ${stage}` }).click()
      expect(await statusOf(ente), await ente.locator('main').innerText()).toContain(`pasó a la etapa ${stage}`)
    }

    // The test fails on the defect: the failing check says what the standard expects and how to fix it.
    await ente.getByRole('button', { name: 'Ejecutar la prueba de conexión' }).click()
    expect(await statusOf(ente)).toContain('La prueba de conexión falló')
    const failing = ente.locator('ol.comprobaciones > li', { has: ente.locator('.falla') })
    expect(await failing.count()).toBeGreaterThan(0)
    const firstFailure = await failing.first().innerText()
    expect(firstFailure).toContain('El estándar espera')
    expect(firstFailure).toContain('Cómo corregirlo')
    await shot(ente, '4-ente-prueba-fallida')
    for (const path of [`/ente/${newcomer.clave}`, `/ente/${newcomer.clave}/conexiones/${system.id}`, `/ente/${newcomer.clave}/conexiones/${system.id}/sandbox`]) {
      expect(await accessibilityViolations(browser, `${federation.gatewayUrl}${path}`, enteContext), path).toEqual([])
    }
    // The operator has no ente session: /ente is the sign-in page for it.
    for (const path of ['/ente', '/operador/usuarios']) expect(await accessibilityViolations(browser, `${federation.gatewayUrl}${path}`, operatorContext), path).toEqual([])

    // The ente fixes its API, tests again, checks the sandbox and asks for approval.
    newcomer.setDefect('none')
    await ente.getByRole('button', { name: 'Ejecutar la prueba de conexión' }).click()
    expect(await statusOf(ente), await ente.locator('main').innerText()).toContain('La prueba de conexión pasó')
    await ente.getByRole('link', { name: /^Consulta sandbox/ }).click()
    expect(await ente.getByRole('status').textContent()).toMatch(/^Su ente publica \d+ registros/)
    await shot(ente, '5-ente-sandbox')
    await ente.getByRole('link', { name: 'Volver a la conexión' }).click()
    await ente.getByRole('button', { name: 'Solicitar la aprobación' }).click()
    expect(await statusOf(ente)).toContain('Solicitó la aprobación')
    await shot(ente, '6-ente-solicitud')

    // Another ente's pages do not exist for this person.
    const other = federation.simulator.providers[0]!.clave
    for (const path of [`/ente/${other}`, `/ente/${other}/conexiones/${system.id}`]) {
      const answer = await ente.goto(`${federation.gatewayUrl}${path}`)
      expect(answer?.status(), path).toBe(404)
    }

    // The operator sees the request, approves and promotes the connection.
    await console.getByRole('link', { name: 'Conexiones' }).click()
    expect(await console.locator('table', { hasText: 'Conexiones en pruebas cuyo ente pide la aprobación' }).innerText()).toContain(newcomer.clave)
    await shot(console, '7-operador-solicitudes')
    await console.getByRole('button', { name: `Aprobar la conexión de ${newcomer.clave} en ${system.id}` }).click()
    expect(await console.getByRole('status').first().textContent(), await console.locator('main').innerText()).toContain('pasó a la etapa aprobada')
    for (const stage of ['produccion']) {
      const select = console.getByLabel(`Nueva etapa de ${newcomer.clave} en ${system.id}`)
      await select.selectOption(stage)
      await console.locator('form', { has: select }).getByRole('button', { name: 'Cambiar etapa' }).click()
      expect(await console.getByRole('status').first().textContent(), await console.locator('main').innerText()).toContain(`pasó a la etapa ${stage}`)
    }

    // The ente's own page shows production; anyone finds its records in the public search.
    await ente.goto(`${federation.gatewayUrl}/ente/${newcomer.clave}/conexiones/${system.id}`)
    expect(await ente.locator('main').innerText()).toContain('Etapa actual: produccion')
    const publicPage = await (await personContext()).newPage()
    const institution = system.institutionFilter ?? Object.keys(system.filters)[0]!
    await publicPage.goto(`${federation.gatewayUrl}/consulta/${system.id}?${institution}=${encodeURIComponent(newcomer.nombre)}`)
    await shot(publicPage, '8-publico')
    expect(await publicPage.getByRole('status').textContent(), await publicPage.locator('main').innerText()).toMatch(/^Registros 1 a \d+ de \d+\.$/)
    expect(await publicPage.locator('tbody').innerText()).toContain(newcomer.nombre)
  }, 180_000)

  it('showed no stored secret on any page either person visited', async () => {
    const secrets = [
      newcomer.credentials.clientSecret, newcomer.credentials.password, PASSWORD, federation.operator.clientSecret,
      ...federation.simulator.providers.flatMap(p => [p.credentials.clientSecret, p.credentials.password])
    ]
    expect(pages.length).toBeGreaterThan(15)
    for (const { url, body } of await Promise.all(pages)) for (const secret of secrets) expect(body.includes(secret), `${url} shows a secret`).toBe(false)
  })
})
