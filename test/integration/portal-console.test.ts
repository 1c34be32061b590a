import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEMS } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// The operators' console over a real federation, over HTTP as a browser sends it: forms posted
// url-encoded, the session cookie handed back as a browser would.

let federation: TestFederation
let url: string
let cookie = ''
const bodies: string[] = []

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function send (method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await request(`${url}${path}`, {
    method,
    headers: { ...(cookie !== '' && { cookie }), ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded', origin: url }), ...headers },
    ...(form !== undefined && { body: new URLSearchParams(form).toString() })
  })
  const body = await answer.body.text()
  bodies.push(body)
  return { status: answer.statusCode, headers: answer.headers, body }
}

function csrfOf (body: string): string {
  return /name="csrf" value="([^"]+)"/.exec(body)![1]!
}

beforeAll(async () => {
  federation = await startTestFederation('portal-console', { entes: 2, size: 10, latencyMs: 0, settings: { pageCache: false } })
  url = federation.gatewayUrl
})
afterAll(async () => await federation?.close())

describe('the operators console', () => {
  it('asks an operator to sign in, and refuses wrong credentials', async () => {
    const login = await send('GET', '/operador')
    expect(login.status).toBe(200)
    expect(login.headers['cache-control']).toBe('no-store')
    expect(login.body).toContain('<label for="client_secret">')
    const wrong = await send('POST', '/operador/entrar', { client_id: federation.operator.clientId, client_secret: 'no-es-el-secreto' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    const foreign = await send('POST', '/operador/entrar', { client_id: federation.operator.clientId, client_secret: federation.operator.clientSecret }, { origin: 'https://otro.example' })
    expect(foreign.status).toBe(403)
    const crossSite = await send('POST', '/operador/entrar', { client_id: federation.operator.clientId, client_secret: federation.operator.clientSecret }, { 'sec-fetch-site': 'cross-site', origin: 'null' })
    expect(crossSite.status).toBe(403)
  })

  it('signs the operator in with a session cookie that scripts cannot read and other sites do not send', async () => {
    const signed = await send('POST', '/operador/entrar', { client_id: federation.operator.clientId, client_secret: federation.operator.clientSecret })
    expect(signed.status).toBe(303)
    expect(signed.headers.location).toBe('/operador')
    const setCookie = String(signed.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\/operador/)
    cookie = setCookie.split(';')[0]!
  })

  it('shows every connection with its stage, and refuses a form without its CSRF token or from another site', async () => {
    const panel = await send('GET', '/operador')
    expect(panel.status).toBe(200)
    for (const provider of federation.simulator.providers) expect(panel.body).toContain(`<td>${provider.clave}</td>`)
    const [ente] = federation.simulator.providers
    const system = SYSTEMS[0]!
    const noToken = await send('POST', '/operador/conexiones/etapa', { ente: ente!.clave, sistema: system.id, etapa: 'mantenimiento' })
    expect(noToken.status).toBe(403)
    const foreign = await send('POST', '/operador/conexiones/etapa', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id, etapa: 'mantenimiento' }, { origin: 'https://otro.example' })
    expect(foreign.status).toBe(403)
  })

  it('moves a connection to maintenance, which the public search then shows, tests it and puts it back in production', async () => {
    const panel = await send('GET', '/operador')
    const [ente] = federation.simulator.providers
    const system = SYSTEMS[0]!
    const moved = await send('POST', '/operador/conexiones/etapa', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id, etapa: 'mantenimiento' })
    expect(moved.status, moved.body).toBe(200)
    expect(moved.body).toContain('pasó a la etapa mantenimiento')
    // The portal reads the coverage at most every 10 s: wait for it rather than for a clock.
    let search = ''
    for (let i = 0; i < 40 && !search.includes('En mantenimiento'); i++) {
      search = (await send('GET', `/consulta/${system.id}?tamano=25`)).body
      if (!search.includes('En mantenimiento')) await new Promise(resolve => setTimeout(resolve, 500))
    }
    expect(search).toMatch(new RegExp(`En mantenimiento[^]*\\(${ente!.clave}\\)`))
    // In maintenance a connection may be tested again: the report is shown.
    const tested = await send('POST', '/operador/conexiones/prueba', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id })
    expect(tested.status, tested.body).toBe(200)
    expect(tested.body).toContain('La prueba pasó')
    const back = await send('POST', '/operador/conexiones/etapa', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id, etapa: 'produccion' })
    expect(back.status, back.body).toBe(200)
  }, 60_000)

  it('changes a stage only on the configuration the page showed: a stale version is refused (409) and nothing moves', async () => {
    const panel = await send('GET', '/operador')
    const [ente] = federation.simulator.providers
    const system = SYSTEMS[0]!
    const shown = new RegExp(`name="ente" value="${ente!.clave}"><input type="hidden" name="sistema" value="${system.id}"><input type="hidden" name="version" value="(\\d+)"`).exec(panel.body)
    expect(shown).not.toBeNull()
    const stale = await send('POST', '/operador/conexiones/etapa', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id, etapa: 'mantenimiento', version: String(Number(shown![1]) + 1) })
    expect(stale.status).toBe(409)
    expect(stale.body).toContain('No se cambió la etapa: La configuración de la conexión cambió')
    const stageShown = (html: string): string | undefined => new RegExp(`id="etapa-${ente!.clave}-${system.id}" name="etapa">[^]*?<option value="([a-z]+)" selected>`).exec(html)?.[1]
    expect(stageShown(panel.body)).toBe('produccion')
    expect(stageShown((await send('GET', '/operador')).body)).toBe('produccion')
    // The version the page showed is the current one: the change goes through, and back.
    for (const etapa of ['mantenimiento', 'produccion']) {
      const moved = await send('POST', '/operador/conexiones/etapa', { csrf: csrfOf(panel.body), ente: ente!.clave, sistema: system.id, etapa, version: shown![1]! })
      expect(moved.status, moved.body).toBe(200)
      expect(moved.body).toContain(`pasó a la etapa ${etapa}`)
    }
  })

  it('shows the monitor of entes', async () => {
    const monitor = await send('GET', '/operador/monitor')
    expect(monitor.status).toBe(200)
    expect(monitor.body).toContain('<h1>Monitor de entes</h1>')
  })

  it('signs out, revoking the session: the old cookie no longer opens the console', async () => {
    const panel = await send('GET', '/operador')
    const out = await send('POST', '/operador/salir', { csrf: csrfOf(panel.body) })
    expect(out.status).toBe(303)
    expect(String(out.headers['set-cookie'])).toMatch(/see_operador=;/)
    // The token is revoked too: a copy of the old cookie opens nothing.
    expect((await send('GET', '/operador')).body).toContain('Iniciar sesión')
    cookie = ''
  })

  it('never put a secret or a token in a page', () => {
    const secrets = [federation.operator.clientSecret, ...federation.simulator.providers.flatMap(p => [p.credentials.clientSecret, p.credentials.password])]
    for (const body of bodies) {
      expect(body).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
      for (const secret of secrets) expect(body.includes(secret)).toBe(false)
    }
  })
})
