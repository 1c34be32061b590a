import { request } from 'undici'
import { createClient, serviceTokenSource } from '@see/auth'
import { apiAudience, buildGateway, systemServiceClient } from '@see/gateway'
import { redactUrl } from '@see/kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProvider, type SimulatedProvider } from '@see/ente-simulator'
import { createEnte, getConnection, listAudit, type Actor } from '@see/registry'
import { SYSTEMS } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// The ente pages over a real federation and HTTP as a browser sends it: an operator invites a
// user of a new ente, the user signs in, registers and tests its S2 connection. Only its own ente
// exists for it, every form is CSRF-checked, no page shows a stored secret, and the audit log
// names the user for every change.

const system = SYSTEMS.find(s => s.id === 's2')!
const operatorActor: Actor = { kind: 'operator', id: 'ente-pages-test' }
const USERNAME = 'ana.ti@nuevo.gob.mx'
const PASSWORD = 'contraseña-de-ana-larga'

let federation: TestFederation
let url: string
let newcomer: SimulatedProvider
const cookies: Record<'operador' | 'ente', string> = { operador: '', ente: '' }
const bodies: string[] = []
const clientSecrets: string[] = []

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function send (who: 'operador' | 'ente' | 'nadie', method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const cookie = who === 'nadie' ? '' : cookies[who]
  const answer = await request(`${url}${path}`, {
    method,
    headers: { ...(cookie !== '' && { cookie }), ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }), ...headers },
    ...(form !== undefined && { body: new URLSearchParams(form).toString() })
  })
  const body = await answer.body.text()
  bodies.push(body)
  return { status: answer.statusCode, headers: answer.headers, body }
}

const csrfOf = (body: string): string => /name="csrf" value="([^"]+)"/.exec(body)![1]!
const unescapeHtml = (text: string): string => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&')
const cookieOf = (answer: Answer): string => String(answer.headers['set-cookie']).split(';')[0]!
const connectionPath = (clave: string): string => `/ente/${clave}/conexiones/${system.id}`

beforeAll(async () => {
  federation = await startTestFederation('ente-pages', { entes: 2, size: 10, latencyMs: 0, systems: [system], settings: { pageCache: false } })
  url = federation.gatewayUrl
  newcomer = await startProvider({ clave: 'NUEVO', nombre: 'Ente Nuevo de Prueba', systems: [system.id], size: 5, defect: 'accent-sensitive' }, { host: '127.0.0.1', logLevel: 'silent' })
  await createEnte(federation.registry.ctx, operatorActor, {
    clave: newcomer.clave,
    nombre: newcomer.nombre,
    orden: 'estatal',
    poder: 'ejecutivo',
    contacts: [{ nombre: 'Ana Ruiz', cargo: 'Jefa de Informática', email: 'ana.ti@nuevo.gob.mx' }]
  })
  const signed = await send('nadie', 'POST', '/operador/entrar', { client_id: federation.operator.clientId, client_secret: federation.operator.clientSecret })
  cookies.operador = cookieOf(signed)
}, 120_000)

afterAll(async () => {
  await federation?.close()
  await newcomer?.close()
})

describe('ente users and their invitation', () => {
  let link = ''
  let token = ''

  it('lets an operator invite a user of an ente, with a one-time link shown once', async () => {
    const panel = await send('operador', 'GET', '/operador/usuarios')
    expect(panel.status).toBe(200)
    const noCsrf = await send('operador', 'POST', '/operador/usuarios', { ente: newcomer.clave, usuario: USERNAME })
    expect(noCsrf.status).toBe(403)
    const invited = await send('operador', 'POST', '/operador/usuarios', { csrf: csrfOf(panel.body), ente: newcomer.clave, usuario: USERNAME })
    expect(invited.status, invited.body).toBe(201)
    const linkUrl = new URL(unescapeHtml(/<code id="enlace-invitacion">([^<]+)<\/code>/.exec(invited.body)![1]!))
    link = `${linkUrl.pathname}${linkUrl.search}`
    expect(link).toMatch(/^\/ente\/invitacion\?token=[A-Za-z0-9_-]{43}$/)
    token = linkUrl.searchParams.get('token')!
    expect(redactUrl(link)).not.toContain(token)
    const again = await send('operador', 'GET', '/operador/usuarios')
    expect(again.body).not.toContain(link)
    expect(again.body).toContain('invitación pendiente')
    const audit = await listAudit(federation.registry.ctx, operatorActor, { ente: newcomer.clave })
    expect(audit.find(e => e.action === 'ente-user.invite')).toMatchObject({ actor: { kind: 'operator', id: federation.operator.clientId }, after: { username: USERNAME } })
  })

  it('holds the password to the platform rules, and the link works once', async () => {
    const form = await send('nadie', 'GET', link)
    expect(form.status).toBe(200)
    expect(form.body).toContain(USERNAME)
    const post = '/ente/invitacion'
    const short = await send('nadie', 'POST', post, { token, contrasena: 'corta', confirmacion: 'corta' })
    expect(short.status).toBe(422)
    expect(short.body).toContain('al menos 12 caracteres')
    const mismatch = await send('nadie', 'POST', post, { token, contrasena: PASSWORD, confirmacion: `${PASSWORD}x` })
    expect(mismatch.status).toBe(422)
    const crossSite = await send('nadie', 'POST', post, { token, contrasena: PASSWORD, confirmacion: PASSWORD }, { 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)
    const set = await send('nadie', 'POST', post, { token, contrasena: PASSWORD, confirmacion: PASSWORD })
    expect(set.status).toBe(200)
    expect(set.body).toContain('Su contraseña quedó guardada')
    expect((await send('nadie', 'GET', link)).status).toBe(404)
    expect((await send('nadie', 'POST', post, { token, contrasena: 'otra-contraseña-larga', confirmacion: 'otra-contraseña-larga' })).status).toBe(404)
    expect((await send('nadie', 'GET', '/ente/invitacion?token=inventado')).status).toBe(404)
  })

  it('signs the user in with its password only, with a cookie scripts cannot read and other sites do not send', async () => {
    const wrong = await send('nadie', 'POST', '/ente/entrar', { usuario: USERNAME, contrasena: 'no-es-la-contraseña' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    const foreign = await send('nadie', 'POST', '/ente/entrar', { usuario: USERNAME, contrasena: PASSWORD }, { 'sec-fetch-site': 'cross-site' })
    expect(foreign.status).toBe(403)
    const signed = await send('nadie', 'POST', '/ente/entrar', { usuario: USERNAME, contrasena: PASSWORD })
    expect(signed.status).toBe(303)
    expect(signed.headers.location).toBe(`/ente/${newcomer.clave}`)
    const setCookie = String(signed.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\/ente/)
    cookies.ente = cookieOf(signed)
    // Audited like a token the token endpoint issues, without the password.
    const { rows } = await federation.platform.db.pool.query("SELECT grant_type, client_id, scope FROM auth_events WHERE type = 'token.issued' AND subject = $1", [USERNAME])
    expect(rows).toEqual([{ grant_type: 'password', client_id: 'see-ente-pages', scope: 'registry:ente' }])
    expect(JSON.stringify(rows)).not.toContain(PASSWORD)
    // The session's token is for these pages only: the registry API does not take it.
    const api = await send('nadie', 'GET', `/registro/v1/entes/${newcomer.clave}`, undefined, { authorization: `Bearer ${cookies.ente.slice('see_ente='.length)}` })
    expect(api.status).toBe(403)
    const home = await send('ente', 'GET', `/ente/${newcomer.clave}`)
    expect(home.status).toBe(200)
    expect(home.headers['cache-control']).toBe('no-store')
    expect(home.body).toContain('Ente Nuevo de Prueba')
    expect(home.body).toContain('Jefa de Informática')
  })
})

describe("an ente user's sign-in under the token endpoint's throttle", () => {
  it('answers 429 with Retry-After once the identity has spent its failures, whatever the password; another address still signs in', async () => {
    // A second gateway over the same registry, as wireGateway builds it, with two failures allowed per identity.
    const { platform } = federation
    const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
    const systems = federation.services.map(({ system: s, running }) => ({ system: s, service: systemServiceClient(s, running.url, { authorization: async () => `Bearer ${await serviceToken(s.id)}` }) }))
    const issuer = url.replace(/:\d+$/, ':0')
    const roomy = { max: 100_000, timeWindowMs: 60_000 }
    const gateway = await buildGateway({
      systems,
      registry: federation.registry.gatewayOptions,
      auth: { store: platform.store, keys: platform.keys, issuer, audience: apiAudience(issuer), rateLimit: { perIp: roomy, perClient: roomy, failuresPerIp: roomy, failuresPerIdentity: { max: 2, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 0, maxMs: 0, windowMs: 60_000 } } }
    })
    try {
      const signIn = async (password: string, ip: string): Promise<{ status: number, headers: Record<string, unknown>, body: string }> => {
        const answer = await gateway.inject({ method: 'POST', url: '/ente/entrar', remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, payload: new URLSearchParams({ usuario: USERNAME, contrasena: password }).toString() })
        bodies.push(answer.body)
        return { status: answer.statusCode, headers: answer.headers, body: answer.body }
      }
      expect((await signIn('no-es-la-contraseña', '198.51.100.7')).status).toBe(401)
      expect((await signIn('tampoco-es-esta-otra', '198.51.100.7')).status).toBe(401)
      const throttled = await signIn(PASSWORD, '198.51.100.7')
      expect(throttled.status).toBe(429)
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0)
      expect(throttled.body).toContain('Demasiados intentos')
      expect(throttled.headers['set-cookie']).toBeUndefined()
      expect((await signIn(PASSWORD, '198.51.100.8')).status).toBe(303)
    } finally {
      await gateway.close()
    }
  })
})

describe("an ente user's pages", () => {
  it("answers 404 for any other ente's pages and forms, as the API does", async () => {
    const other = federation.simulator.providers[0]!.clave
    const before = await getConnection(federation.registry.ctx, operatorActor, other, system.id)
    const own = await send('ente', 'GET', `/ente/${newcomer.clave}`)
    for (const path of [`/ente/${other}`, connectionPath(other), `${connectionPath(other)}/sandbox`, '/ente/NO_EXISTE']) {
      const answer = await send('ente', 'GET', path)
      expect(answer.status, path).toBe(404)
      expect(answer.body).not.toContain(before.baseUrl)
    }
    for (const action of ['', '/etapa', '/prueba', '/aprobacion']) {
      const answer = await send('ente', 'POST', `${connectionPath(other)}${action}`, { csrf: csrfOf(own.body), etapa: 'suspendida', baseUrl: 'https://otro.example' })
      expect(answer.status, action).toBe(404)
    }
    for (const path of [`/ente/${other}/contactos`, `/ente/${other}/contactos/quitar`]) {
      expect((await send('ente', 'POST', path, { csrf: csrfOf(own.body), indice: '0', nombre: 'Intruso', cargo: 'Nadie', email: 'intruso@otro.example' })).status, path).toBe(404)
    }
    expect(await getConnection(federation.registry.ctx, operatorActor, other, system.id)).toEqual(before)
    // Without a session, the sign-in page.
    expect((await send('nadie', 'GET', `/ente/${newcomer.clave}`)).status).toBe(401)
  })

  it("keeps the ente's contacts: adds one, refuses a malformed one with the reason, removes one; audited with the user", async () => {
    const home = await send('ente', 'GET', `/ente/${newcomer.clave}`)
    const added = await send('ente', 'POST', `/ente/${newcomer.clave}/contactos`, { csrf: csrfOf(home.body), nombre: 'Beto Díaz', cargo: 'Enlace de datos', email: 'beto@nuevo.gob.mx', telefono: '961 111 2222' })
    expect(added.status, added.body).toBe(200)
    expect(added.body).toContain('Beto Díaz, Enlace de datos (beto@nuevo.gob.mx, 961 111 2222)')
    const malformed = await send('ente', 'POST', `/ente/${newcomer.clave}/contactos`, { csrf: csrfOf(home.body), nombre: 'Sin correo', cargo: 'Nadie', email: 'no-es-un-correo' })
    expect(malformed.status).toBe(422)
    expect(malformed.body).toContain('No se guardaron los contactos')
    const removed = await send('ente', 'POST', `/ente/${newcomer.clave}/contactos/quitar`, { csrf: csrfOf(home.body), indice: '1' })
    expect(removed.status).toBe(200)
    expect(removed.body).not.toContain('Beto Díaz')
    expect(removed.body).toContain('Jefa de Informática')
    const audit = await listAudit(federation.registry.ctx, operatorActor, { ente: newcomer.clave })
    expect(audit.filter(e => e.action === 'ente.update' && e.actor.id === `usuario:${USERNAME}`)).toHaveLength(2)
  })

  it('refuses a form without its CSRF token or from another site', async () => {
    const page = await send('ente', 'GET', connectionPath(newcomer.clave))
    const fields = { protocol: 'sesna-v1', baseUrl: newcomer.url, tokenUrl: newcomer.tokenUrl, authKind: 'oauth2-password' }
    expect((await send('ente', 'POST', connectionPath(newcomer.clave), fields)).status).toBe(403)
    expect((await send('ente', 'POST', connectionPath(newcomer.clave), { ...fields, csrf: 'x'.repeat(43) })).status).toBe(403)
    expect((await send('ente', 'POST', connectionPath(newcomer.clave), { ...fields, csrf: csrfOf(page.body) }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    // The console's token does not open the ente pages, nor theirs the console.
    expect((await send('ente', 'POST', connectionPath(newcomer.clave), { ...fields, csrf: csrfOf((await send('operador', 'GET', '/operador')).body) })).status).toBe(403)
  })

  it('registers its connection, walks it to pruebas, runs the test and sees each failing check with its fix; every change audited with the user', async () => {
    let page = await send('ente', 'GET', connectionPath(newcomer.clave))
    const c = newcomer.credentials
    page = await send('ente', 'POST', connectionPath(newcomer.clave), {
      csrf: csrfOf(page.body),
      protocol: 'sesna-v1',
      baseUrl: newcomer.url,
      tokenUrl: newcomer.tokenUrl,
      authKind: 'oauth2-password',
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password
    })
    expect(page.status, page.body).toBe(200)
    expect(page.body).toContain('La conexión quedó registrada')
    expect(page.body).toContain('(cifradas; no se muestran)')
    const early = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/aprobacion`, { csrf: csrfOf(page.body) })
    expect(early.status).toBe(409)
    for (const stage of ['estandar', 'mecanismo', 'pruebas']) {
      page = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/etapa`, { csrf: csrfOf(page.body), etapa: stage })
      expect(page.status, page.body).toBe(200)
      expect(page.body).toContain(`pasó a la etapa ${stage}`)
    }
    const approve = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/etapa`, { csrf: csrfOf(page.body), etapa: 'aprobada' })
    expect(approve.status).toBe(403)
    const tested = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/prueba`, { csrf: csrfOf(page.body) })
    expect(tested.status).toBe(200)
    expect(tested.body).toContain('La prueba de conexión falló')
    expect(tested.body).toContain('<span class="falla">falló</span>')
    expect(tested.body).toContain('<dt>Cómo corregirlo</dt>')
    expect(tested.body).toContain('<dt>El estándar espera</dt>')
    const refused = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/aprobacion`, { csrf: csrfOf(tested.body) })
    expect(refused.status).toBe(409)
    expect(refused.body).toContain('La última prueba de conexión falló')
    const sandbox = await send('ente', 'GET', `${connectionPath(newcomer.clave)}/sandbox`)
    expect(sandbox.status).toBe(200)
    expect(sandbox.body).toMatch(/Su ente publica \d+ registros/)

    const audit = await listAudit(federation.registry.ctx, operatorActor, { ente: newcomer.clave })
    const byUser = audit.filter(e => e.actor.kind === 'ente' && e.actor.id === `usuario:${USERNAME}`).map(e => e.action)
    expect(byUser).toEqual(expect.arrayContaining(['ente-user.password', 'connection.create', 'connection.stage', 'connection.test-report']))
    expect(byUser.filter(a => a === 'connection.stage')).toHaveLength(3)
  })

  it('fixes the ente, tests again and asks for approval, which the console shows', async () => {
    newcomer.setDefect('none')
    let page = await send('ente', 'GET', connectionPath(newcomer.clave))
    page = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/prueba`, { csrf: csrfOf(page.body) })
    expect(page.body, page.body).toContain('La prueba de conexión pasó')
    page = await send('ente', 'POST', `${connectionPath(newcomer.clave)}/aprobacion`, { csrf: csrfOf(page.body) })
    expect(page.status, page.body).toBe(200)
    expect(page.body).toContain('Solicitó la aprobación')
    const consolePage = await send('operador', 'GET', '/operador')
    expect(consolePage.body).toContain('Solicitudes de aprobación')
    expect(consolePage.body).toContain(`<td>${newcomer.clave}</td><td>${system.id}</td>`)
    expect(consolePage.body).toContain(`usuario:${USERNAME}`)
    const audit = await listAudit(federation.registry.ctx, operatorActor, { ente: newcomer.clave })
    expect(audit.find(e => e.action === 'connection.approval-request')?.actor).toEqual({ kind: 'ente', id: `usuario:${USERNAME}`, ente: newcomer.clave })
  })

  it("ends a disabled user's session at its next page and refuses its sign-in, until an operator enables it again", async () => {
    const setState = async (disable: boolean): Promise<void> => {
      const panel = await send('operador', 'GET', '/operador/usuarios')
      const answer = await send('operador', 'POST', '/operador/usuarios/estado', { csrf: csrfOf(panel.body), usuario: USERNAME, deshabilitar: disable ? 'si' : 'no' })
      expect(answer.status).toBe(200)
      expect(answer.body).toContain(`quedó ${disable ? 'deshabilitado' : 'habilitado'}`)
    }
    await setState(true)
    expect((await send('ente', 'GET', `/ente/${newcomer.clave}`)).status).toBe(401)
    expect((await send('nadie', 'POST', '/ente/entrar', { usuario: USERNAME, contrasena: PASSWORD })).status).toBe(401)
    await setState(false)
    expect((await send('ente', 'GET', `/ente/${newcomer.clave}`)).status).toBe(200)
    const actions = (await listAudit(federation.registry.ctx, operatorActor, { ente: newcomer.clave })).map(e => e.action)
    expect(actions).toEqual(expect.arrayContaining(['ente-user.disable', 'ente-user.enable']))
  })

  it('ends the sessions opened before a new password is set through a new invitation', async () => {
    const panel = await send('operador', 'GET', '/operador/usuarios')
    const invited = await send('operador', 'POST', '/operador/usuarios', { csrf: csrfOf(panel.body), ente: newcomer.clave, usuario: USERNAME })
    expect(invited.status, invited.body).toBe(201)
    const again = new URL(unescapeHtml(/<code id="enlace-invitacion">([^<]+)<\/code>/.exec(invited.body)![1]!)).searchParams.get('token')!
    // Tokens carry their issue time in whole seconds: the new password is set in a later one.
    await new Promise(resolve => setTimeout(resolve, 1100))
    expect((await send('nadie', 'POST', '/ente/invitacion', { token: again, contrasena: PASSWORD, confirmacion: PASSWORD })).status).toBe(200)
    expect((await send('ente', 'GET', `/ente/${newcomer.clave}`)).status).toBe(401)
    const signed = await send('nadie', 'POST', '/ente/entrar', { usuario: USERNAME, contrasena: PASSWORD })
    expect(signed.status).toBe(303)
    cookies.ente = cookieOf(signed)
    expect((await send('ente', 'GET', `/ente/${newcomer.clave}`)).status).toBe(200)
  })

  it("signs in with the ente's own OAuth2 client too, and signing out ends the session", async () => {
    const home = await send('ente', 'GET', `/ente/${newcomer.clave}`)
    const out = await send('ente', 'POST', '/ente/salir', { csrf: csrfOf(home.body) })
    expect(out.status).toBe(303)
    expect((await send('ente', 'GET', `/ente/${newcomer.clave}`)).status).toBe(401)
    const wrong = await send('nadie', 'POST', '/ente/entrar-cliente', { client_id: federation.operator.clientId, client_secret: federation.operator.clientSecret })
    expect(wrong.status).toBe(401)
    const { client, secret } = await createClient(federation.platform.store, { name: 'Cliente del ente nuevo', scopes: ['registry:ente'], enteClave: newcomer.clave })
    clientSecrets.push(secret)
    const signed = await send('nadie', 'POST', '/ente/entrar-cliente', { client_id: client.clientId, client_secret: secret })
    expect(signed.status).toBe(303)
    expect(signed.headers.location).toBe(`/ente/${newcomer.clave}`)
    cookies.ente = cookieOf(signed)
    const page = await send('ente', 'GET', connectionPath(newcomer.clave))
    expect(page.status).toBe(200)
    expect(page.body).toContain(`Cerrar sesión (${client.clientId})`)
    expect((await send('ente', 'GET', `/ente/${federation.simulator.providers[0]!.clave}`)).status).toBe(404)
  })

  it('shows no stored secret on any page', () => {
    const secrets = [
      newcomer.credentials.clientSecret, newcomer.credentials.password, PASSWORD, federation.operator.clientSecret, ...clientSecrets,
      ...federation.simulator.providers.flatMap(p => [p.credentials.clientSecret, p.credentials.password])
    ]
    expect(bodies.length).toBeGreaterThan(20)
    for (const body of bodies) for (const secret of secrets) expect(body.includes(secret), secret).toBe(false)
  })
})
