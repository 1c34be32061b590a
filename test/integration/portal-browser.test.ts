import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProvider, type SimulatedProvider } from '@see/ente-simulator'
import { SYSTEMS } from '@see/systems'
import { accessibilityViolations, chromiumPresent, launchChromium, screenshots } from '../support/browser.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// A person uses the portal in Debian's Chromium (nothing downloaded), with JavaScript off: the
// pages must work as plain HTML. Screenshots of every page go to .see-test-artifacts/portal/.
// axe-core checks each page in a second context where the test (not the page) runs scripts.

const present = chromiumPresent('portal-browser')
// The walk-through finds the new ente's records by its institution's name: a system whose profile names that filter.
const system = SYSTEMS.find(s => s.institutionFilter !== undefined)!

let federation: TestFederation
let browser: Browser
/** An ente not yet registered: the operator registers it in the console. */
let newcomer: SimulatedProvider

beforeAll(async () => {
  if (!present) return
  federation = await startTestFederation('portal-browser', { entes: 3, size: 15, latencyMs: 0 })
  newcomer = await startProvider({ clave: 'NUEVO', nombre: 'Ente Nuevo de Prueba', systems: [system.id], size: 5 }, { host: '127.0.0.1', logLevel: 'silent' })
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await federation?.close()
  await newcomer?.close()
})

const shot = screenshots('portal')

describe.skipIf(!present)('a person searches the portal in Chromium with JavaScript off', () => {
  it('finds the system, searches by keyboard, sorts, pages, opens a detail and exports CSV', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true, locale: 'es-MX' })
    const page = await context.newPage()
    const seen: string[] = []
    page.on('response', response => { if (response.url().startsWith(federation.gatewayUrl)) seen.push(response.url()) })

    await page.goto(`${federation.gatewayUrl}/`)
    await shot(page, '1-inicio')
    expect(await page.locator('html').getAttribute('lang')).toBe('es-MX')
    await page.locator(`a[href="/consulta/${system.id}"]`).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(system.title)

    // Sort by the profile's first sort field, descending, and submit with the keyboard.
    const [field] = Object.keys(system.sorts)
    await page.getByLabel('Ordenar por').selectOption(`${field!}:desc`)
    await page.getByLabel('Registros por página').selectOption('25')
    // Enter in a text field submits the form (implicit submission), no click needed.
    await page.locator('form input[type=text]').first().press('Enter')
    await page.waitForURL(/orden=/)
    expect(page.url()).toContain(`orden=${field!}%3Adesc`)
    const status = await page.getByRole('status').textContent()
    expect(status).toMatch(/^Registros 1 a 25 de \d+\.$/)
    expect(await page.locator('tbody tr').count()).toBe(25)
    expect(await page.getByRole('heading', { name: 'Estado de la respuesta' }).isVisible()).toBe(true)
    await shot(page, '2-busqueda')

    await page.getByRole('link', { name: 'Siguiente' }).click()
    expect(await page.getByRole('status').textContent()).toMatch(/^Registros 26 a \d+ de \d+\.$/)
    expect(page.url()).toContain('pagina=2')
    await shot(page, '3-pagina-2')

    await page.getByRole('link', { name: /^Ver detalle/ }).first().click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Detalle del registro')
    await shot(page, '4-detalle')
    await page.getByRole('link', { name: 'Volver a la búsqueda' }).click()
    expect(page.url()).toContain('pagina=2')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()])
    const csv = readFileSync((await download.path()), 'utf8').replace(/^\uFEFF/, '')
    const total = Number(/de (\d+)\./.exec(status!)![1])
    expect(csv.trimEnd().split('\r\n').length).toBe(1 + total)
    expect(download.suggestedFilename()).toMatch(/\.csv$/)

    // Nothing but the portal's own pages and stylesheet was loaded: no script, no other origin.
    expect(seen.filter(u => !u.includes('/consulta/') && !u.endsWith('/') && !u.endsWith('/portal/estilos.css'))).toEqual([])
    await context.close()
  }, 120_000)

  it('lets an operator sign in, register an ente, test it and put it in production, whose records anyone then finds; and sign out', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-MX' })
    const page = await context.newPage()
    await page.goto(`${federation.gatewayUrl}/operador`)
    await shot(page, '5-operador-entrar')
    await page.getByLabel('Identificador del cliente').fill(federation.operator.clientId)
    await page.getByLabel('Secreto del cliente').fill(federation.operator.clientSecret)
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent(), await page.locator('main').innerText()).toBe('Conexiones de los entes')
    expect(await page.locator('tbody tr', { hasText: federation.simulator.providers[0]!.clave }).count()).toBeGreaterThan(0)
    const cookies = await context.cookies()
    expect(cookies.find(c => c.name === 'see_operador')).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    await shot(page, '5b-operador-conexiones')
    // Register a new ente, walk its connection through the stages with a passing test, put it in production.
    await page.getByRole('link', { name: 'Alta de un ente' }).click()
    const fields: Record<string, string> = {
      'Clave del ente': newcomer.clave,
      'Nombre del ente': newcomer.nombre,
      'URL base de la API del ente': newcomer.url,
      'URL del token (OAuth2)': newcomer.tokenUrl,
      'Identificador del cliente (OAuth2)': newcomer.credentials.clientId,
      'Secreto del cliente (OAuth2)': newcomer.credentials.clientSecret,
      'Usuario (OAuth2 password)': newcomer.credentials.username,
      'Contraseña (OAuth2 password)': newcomer.credentials.password
    }
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value)
    await page.getByLabel('Sistema').selectOption(system.id)
    await page.getByLabel('Autenticación').selectOption('oauth2-password')
    await shot(page, '6-operador-alta')
    await page.getByRole('button', { name: 'Dar de alta' }).click()
    expect(await page.getByRole('status').first().textContent(), await page.locator('main').innerText()).toContain(`El ente ${newcomer.clave} quedó registrado`)
    const moveTo = async (stage: string): Promise<void> => {
      const select = page.getByLabel(`Nueva etapa de ${newcomer.clave} en ${system.id}`)
      await select.selectOption(stage)
      await page.locator('form', { has: select }).getByRole('button', { name: 'Cambiar etapa' }).click()
      expect(await page.getByRole('status').first().textContent(), await page.locator('main').innerText()).toContain(`pasó a la etapa ${stage}`)
    }
    for (const stage of ['estandar', 'mecanismo', 'pruebas']) await moveTo(stage)
    await page.getByRole('button', { name: `Probar conexión de ${newcomer.clave} en ${system.id}` }).click()
    expect(await page.getByRole('status').first().textContent(), await page.locator('main').innerText()).toContain('La prueba pasó')
    await shot(page, '7-operador-prueba')
    await page.getByRole('link', { name: 'Conexiones' }).click()
    for (const stage of ['aprobada', 'produccion']) await moveTo(stage)
    await shot(page, '8-operador-conexiones')

    // Anyone now finds its records in the public search.
    const publicPage = await context.newPage()
    const institution = system.institutionFilter!
    await publicPage.goto(`${federation.gatewayUrl}/consulta/${system.id}?${institution}=${encodeURIComponent(newcomer.nombre)}`)
    expect(await publicPage.getByRole('status').textContent()).toMatch(/^Registros 1 a \d+ de \d+\.$/)
    expect(await publicPage.locator('tbody').innerText()).toContain(newcomer.nombre)
    await shot(publicPage, '9-ente-nuevo-publico')
    await publicPage.close()

    await page.getByRole('link', { name: 'Monitor de entes' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Monitor de entes')
    await shot(page, '10-operador-monitor')
    await page.getByRole('button', { name: /^Cerrar sesión/ }).click()
    expect(await page.getByRole('button', { name: 'Iniciar sesión' }).isVisible()).toBe(true)
    await context.close()
  }, 120_000)

  it('passes axe-core (WCAG 2.2 AA) with no serious violation on every page', async () => {
    const [field] = Object.keys(system.sorts)
    const search = `/consulta/${system.id}?orden=${field!}:asc`
    const answer = await fetch(`${federation.gatewayUrl}${search}`)
    const detail = /<a href="([^"]+)">Ver detalle/.exec(await answer.text())![1]!.replaceAll('&#38;', '&').replaceAll('&#61;', '=')
    for (const path of ['/', search, detail, `/consulta/${system.id}?pagina=x`, '/operador']) {
      expect(await accessibilityViolations(browser, `${federation.gatewayUrl}${path}`), path).toEqual([])
    }
  }, 120_000)
})
