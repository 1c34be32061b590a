import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { OAuthError, REGISTRY_ENTE_SCOPE } from '@see/auth'
import type { RegistryConnection, RegistryContact, RegistryStageChange } from '@see/openapi/types'
import {
  changeStage, createConnection, getConnection, getEnte, isRegistryError, listApprovalRequests, listConnections, listTestReports,
  requestApproval, servesSandbox, stageHistory, updateConnection, updateEnte
} from '@see/registry'
import { isSystemId, type SystemProfile } from '@see/systems'
import { runConnectionTest, sandboxSearch } from '../../routes/registro/pruebas.js'
import { clientToken } from '../console/api.js'
import { connectionOf, connectionPatchOf } from '../console/enrol.js'
import { sameOrigin, validCsrf } from '../console/session.js'
import { messagePage } from '../views/detail.js'
import { ENTE_PAGES_CLIENT, ENTE_PATH, endEnteSession, enteSessionOf, enteUserToken, startEnteSession, type EnteSession } from './session.js'
import { acceptInvitation, findEnteUser, invitationOf } from './users.js'
import { connectionPage, enteLoginPage, entePage, invitationPage, sandboxPage } from './views.js'

type Form = Record<string, string | undefined>
interface Params { clave: string, sistema: string }

const PRIVATE = 'no-store'
const FORM_BODY_LIMIT = 8 * 1024
const SANDBOX_PAGE_SIZE = 10

function sendPage (reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', PRIVATE).type('text/html; charset=utf-8').send(body)
}

const NOT_FOUND = (clave: string): string => messagePage('No encontrado', `El ente ${clave} no existe.`, ENTE_PATH)

/** A user-facing failure of a registry call (its Spanish message, its status), or undefined for a fault. */
function failureOf (err: unknown): { status: number, message: string } | undefined {
  if (isRegistryError(err) && err.statusCode < 500) return { status: err.statusCode, message: err.message }
  const status = (err as { statusCode?: unknown }).statusCode
  if (typeof status === 'number' && status >= 400 && status !== 500 && err instanceof Error) return { status, message: err.message }
  return undefined
}

/**
 * The pages where an ente's IT team registers and tests its own connections (`/ente`): signed in
 * as an ente user (password set through an operator's invitation) or with the ente's own OAuth2
 * client, acting as the ente on the registry through the same functions as `/registro/v1`, so the
 * same rules hold — any other ente's clave answers 404 as the API does — and every change is in
 * the audit log under the user or client that made it. Forms are CSRF-checked like the console's.
 */
const entePages: FastifyPluginAsync = async (app) => {
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT })
  const { ctx } = app.registry
  const systems: SystemProfile[] = [...app.federations.values()].map(f => f.system)

  /** The session of a page of `clave`: the ente's own only; anything else is the API's 404. */
  async function pageSession (request: FastifyRequest<{ Params: { clave: string } }>, reply: FastifyReply): Promise<EnteSession | undefined> {
    const session = await enteSessionOf(app, request)
    if (session === undefined) {
      sendPage(reply, 401, enteLoginPage('Inicie sesión para ver las páginas de su ente.'))
      return undefined
    }
    if (session.actor.ente !== request.params.clave) {
      sendPage(reply, 404, NOT_FOUND(request.params.clave))
      return undefined
    }
    return session
  }

  async function postSession (request: FastifyRequest<{ Params: { clave: string }, Body: Form }>, reply: FastifyReply): Promise<EnteSession | undefined> {
    const session = await pageSession(request, reply)
    if (session === undefined) return undefined
    if (!sameOrigin(request) || !validCsrf(session, request.body?.csrf)) {
      sendPage(reply, 403, messagePage('Solicitud rechazada', 'El formulario no proviene de estas páginas (falta o no coincide su comprobante). Vuelva a la página de su ente e inténtelo de nuevo.', `${ENTE_PATH}/${request.params.clave}`))
      return undefined
    }
    return session
  }

  const systemOf = (id: string): SystemProfile | undefined => isSystemId(id) ? systems.find(s => s.id === id) : undefined

  async function connectionView (session: EnteSession, system: SystemProfile, notice?: { message: string, error?: boolean }, report?: Awaited<ReturnType<typeof runConnectionTest>>): Promise<string> {
    const { actor } = session
    const clave = actor.ente
    const ente = await getEnte(ctx, actor, clave)
    let connection: RegistryConnection | undefined
    try {
      connection = await getConnection(ctx, actor, clave, system.id)
    } catch (err) {
      if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
    }
    const [history, reports, approvals] = connection === undefined
      ? [[], [], []]
      : await Promise.all([stageHistory(ctx, actor, clave, system.id), listTestReports(ctx, actor, clave, system.id, 1), listApprovalRequests(ctx, actor)])
    const latest = report ?? reports[0]
    const approval = approvals.find(a => a.system === system.id)
    const sandbox = connection !== undefined && servesSandbox(connection)
    return connectionPage({
      who: actor.id,
      csrf: session.csrf,
      ente,
      system,
      ...(connection !== undefined && { connection }),
      history,
      ...(latest !== undefined && { report: latest }),
      ...(approval !== undefined && { approval }),
      canTest: sandbox && app.registry.services.has(system.id),
      hasSandbox: sandbox && app.registry.services.get(system.id)?.sandbox !== undefined,
      ...(notice !== undefined && { message: notice.message, error: notice.error ?? false })
    })
  }

  /** Runs a change as the session's actor; its outcome is told on the connection's page. */
  async function change (request: FastifyRequest<{ Params: Params, Body: Form }>, reply: FastifyReply, work: (actor: EnteSession['actor'], system: SystemProfile) => Promise<string>): Promise<FastifyReply> {
    const session = await postSession(request, reply)
    if (session === undefined) return reply
    const system = systemOf(request.params.sistema)
    if (system === undefined) return sendPage(reply, 404, messagePage('No encontrado', `Este SEE no federa el sistema ${request.params.sistema}.`, `${ENTE_PATH}/${session.actor.ente}`))
    try {
      const message = await work(session.actor, system)
      return sendPage(reply, 200, await connectionView(session, system, { message }))
    } catch (err) {
      const failure = failureOf(err)
      if (failure === undefined) throw err
      if (failure.status === 404) return sendPage(reply, 404, NOT_FOUND(request.params.clave))
      return sendPage(reply, failure.status, await connectionView(session, system, { message: failure.message, error: true }))
    }
  }

  app.get(ENTE_PATH, async (request, reply) => {
    const session = await enteSessionOf(app, request)
    if (session === undefined) return sendPage(reply, 200, enteLoginPage())
    return await reply.code(303).header('cache-control', PRIVATE).redirect(`${ENTE_PATH}/${encodeURIComponent(session.actor.ente)}`)
  })

  const signedIn = async (reply: FastifyReply, token: string, expiresIn: number, ente: string): Promise<FastifyReply> => {
    startEnteSession(app, reply, token, expiresIn)
    return await reply.code(303).header('cache-control', PRIVATE).redirect(`${ENTE_PATH}/${encodeURIComponent(ente)}`)
  }
  const refusedSignIn = (reply: FastifyReply, err: unknown): FastifyReply => {
    if (err instanceof OAuthError) {
      if (err.retryAfter !== undefined) reply.header('retry-after', err.retryAfter)
      return sendPage(reply, err.statusCode === 503 ? 503 : 429, enteLoginPage('Demasiados intentos: espere un momento e inténtelo de nuevo.'))
    }
    throw err
  }

  // An ente user: its password verified under the token endpoint's throttle and argon2 gate.
  app.post<{ Body: Form }>(`${ENTE_PATH}/entrar`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!sameOrigin(request)) return sendPage(reply, 403, enteLoginPage('El formulario no proviene de estas páginas.'))
    const { usuario = '', contrasena = '' } = request.body ?? {}
    if (usuario === '' || contrasena === '' || usuario.length > 200 || contrasena.length > 200) return sendPage(reply, 400, enteLoginPage('Escriba su usuario y su contraseña.'))
    const user = await findEnteUser(ctx, usuario)
    const usable = user !== undefined && !user.disabled ? user : undefined
    let ok
    try {
      ok = await app.oauth.passwordSignIn(request, { clientId: ENTE_PAGES_CLIENT, username: usuario, passwordHash: usable?.passwordHash, password: contrasena })
    } catch (err) {
      return refusedSignIn(reply, err)
    }
    if (!ok || usable === undefined) return sendPage(reply, 401, enteLoginPage('Usuario o contraseña incorrectos, o usuario deshabilitado.'))
    const { token, expiresIn } = await enteUserToken(app, usable)
    // Audited like a token the token endpoint issues: who signed in, from where, never the password.
    await app.oauth.audit({ type: 'token.issued', at: new Date(), grantType: 'password', clientId: ENTE_PAGES_CLIENT, subject: usable.username, scope: REGISTRY_ENTE_SCOPE, ip: request.ip, requestId: request.id })
    return await signedIn(reply, token, expiresIn, usable.ente)
  })

  // The ente's own OAuth2 client (registry:ente), through the token endpoint and its throttling.
  app.post<{ Body: Form }>(`${ENTE_PATH}/entrar-cliente`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!sameOrigin(request)) return sendPage(reply, 403, enteLoginPage('El formulario no proviene de estas páginas.'))
    const { client_id: clientId = '', client_secret: clientSecret = '' } = request.body ?? {}
    if (clientId === '' || clientSecret === '') return sendPage(reply, 400, enteLoginPage('Escriba el identificador y el secreto del cliente.'))
    const answer = await clientToken(app, request, clientId, clientSecret, REGISTRY_ENTE_SCOPE)
    if (!answer.ok) {
      const busy = answer.status === 429 || answer.status === 503
      return sendPage(reply, busy ? answer.status : 401, enteLoginPage(busy ? 'Demasiados intentos: espere un momento e inténtelo de nuevo.' : 'No se pudo iniciar sesión: revise el identificador y el secreto del cliente del ente (alcance registry:ente).'))
    }
    const client = await app.oauth.client(clientId)
    if (client?.enteClave === null || client === undefined) return sendPage(reply, 401, enteLoginPage('El cliente no está vinculado a un ente.'))
    return await signedIn(reply, answer.body.access_token, answer.body.expires_in, client.enteClave)
  })

  app.post<{ Body: Form }>(`${ENTE_PATH}/salir`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await enteSessionOf(app, request)
    if (session === undefined) return await reply.code(303).header('cache-control', PRIVATE).redirect(ENTE_PATH)
    if (!sameOrigin(request) || !validCsrf(session, request.body?.csrf)) return sendPage(reply, 403, messagePage('Solicitud rechazada', 'El formulario no proviene de estas páginas.', ENTE_PATH))
    await endEnteSession(app, reply, session)
    return await reply.code(303).header('cache-control', PRIVATE).redirect(ENTE_PATH)
  })

  // The one-time invitation link an operator handed over: the user sets its password. The token
  // travels as the query parameter `token`, which the logs redact, and is posted back in the body.
  const invalidInvitation = (reply: FastifyReply): FastifyReply => sendPage(reply, 404, messagePage('Invitación no válida', 'El enlace ya se usó, venció o no existe. Pida a la SESAECH una invitación nueva.', ENTE_PATH))

  app.get<{ Querystring: { token?: string } }>(`${ENTE_PATH}/invitacion`, async (request, reply) => {
    const token = request.query.token ?? ''
    const invited = token === '' ? undefined : await invitationOf(ctx, token)
    if (invited === undefined) return invalidInvitation(reply)
    return sendPage(reply, 200, invitationPage({ token, ...invited }))
  })

  app.post<{ Body: Form }>(`${ENTE_PATH}/invitacion`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const { token = '', contrasena = '', confirmacion = '' } = request.body ?? {}
    const invited = token === '' ? undefined : await invitationOf(ctx, token)
    if (invited === undefined) return invalidInvitation(reply)
    if (!sameOrigin(request)) return sendPage(reply, 403, messagePage('Solicitud rechazada', 'El formulario no proviene de estas páginas.', ENTE_PATH))
    const again = (status: number, message: string): FastifyReply => sendPage(reply, status, invitationPage({ token, ...invited, message }))
    if (contrasena !== confirmacion) return again(422, 'Las contraseñas no coinciden: escríbala igual en los dos campos.')
    let accepted
    try {
      accepted = await acceptInvitation(ctx, token, contrasena)
    } catch (err) {
      if (isRegistryError(err, 'REGISTRY_INVALID_INPUT')) return again(422, err.message)
      throw err
    }
    if (accepted === undefined) return invalidInvitation(reply)
    return sendPage(reply, 200, enteLoginPage(undefined, 'Su contraseña quedó guardada: inicie sesión.'))
  })

  async function enteView (session: EnteSession, notice?: { message: string, error?: boolean }): Promise<string> {
    const { actor } = session
    const [ente, connections] = await Promise.all([getEnte(ctx, actor, actor.ente), listConnections(ctx, actor, { ente: actor.ente })])
    return entePage({ who: actor.id, csrf: session.csrf, ente, connections, systems, ...(notice !== undefined && { message: notice.message, error: notice.error ?? false }) })
  }

  app.get<{ Params: { clave: string } }>(`${ENTE_PATH}/:clave`, async (request, reply) => {
    const session = await pageSession(request, reply)
    if (session === undefined) return reply
    return sendPage(reply, 200, await enteView(session))
  })

  /** The ente's contacts, the only data of its own an ente changes (updateEnte says so). */
  async function changeContacts (request: FastifyRequest<{ Params: { clave: string }, Body: Form }>, reply: FastifyReply, next: (contacts: RegistryContact[]) => RegistryContact[], done: string): Promise<FastifyReply> {
    const session = await postSession(request, reply)
    if (session === undefined) return reply
    const { actor } = session
    try {
      const ente = await getEnte(ctx, actor, actor.ente)
      await updateEnte(ctx, actor, actor.ente, { contacts: next(ente.contacts) })
      await app.registry.changed({ ente: actor.ente, action: 'ente.update' })
      return sendPage(reply, 200, await enteView(session, { message: done }))
    } catch (err) {
      const failure = failureOf(err)
      if (failure === undefined) throw err
      return sendPage(reply, failure.status, await enteView(session, { message: `No se guardaron los contactos: ${failure.message}`, error: true }))
    }
  }

  app.post<{ Params: { clave: string }, Body: Form }>(`${ENTE_PATH}/:clave/contactos`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const { nombre = '', cargo = '', email = '', telefono = '' } = request.body ?? {}
    const contact: RegistryContact = { nombre: nombre.trim(), cargo: cargo.trim(), email: email.trim(), ...(telefono.trim() !== '' && { telefono: telefono.trim() }) }
    return await changeContacts(request, reply, contacts => [...contacts, contact], `Se agregó el contacto ${contact.nombre}.`)
  })

  app.post<{ Params: { clave: string }, Body: Form }>(`${ENTE_PATH}/:clave/contactos/quitar`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const index = Number(request.body?.indice)
    return await changeContacts(request, reply, contacts => contacts.filter((_, i) => i !== index), 'Se quitó el contacto.')
  })

  app.get<{ Params: Params }>(`${ENTE_PATH}/:clave/conexiones/:sistema`, async (request, reply) => {
    const session = await pageSession(request, reply)
    if (session === undefined) return reply
    const system = systemOf(request.params.sistema)
    if (system === undefined) return sendPage(reply, 404, messagePage('No encontrado', `Este SEE no federa el sistema ${request.params.sistema}.`, `${ENTE_PATH}/${session.actor.ente}`))
    return sendPage(reply, 200, await connectionView(session, system))
  })

  app.post<{ Params: Params, Body: Form }>(`${ENTE_PATH}/:clave/conexiones/:sistema`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) =>
    await change(request, reply, async (actor, system) => {
      let current: RegistryConnection | undefined
      try {
        current = await getConnection(ctx, actor, actor.ente, system.id)
      } catch (err) {
        if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
      }
      if (current === undefined) {
        await createConnection(ctx, actor, actor.ente, system.id, connectionOf(request.body) as unknown as Parameters<typeof createConnection>[4])
        await app.registry.changed({ ente: actor.ente, system: system.id, action: 'connection.create' })
        return 'La conexión quedó registrada en la etapa solicitud.'
      }
      const updated = await updateConnection(ctx, actor, actor.ente, system.id, connectionPatchOf(request.body, current.auth.kind) as Parameters<typeof updateConnection>[4])
      await app.registry.changed({ ente: actor.ente, system: system.id, action: 'connection.update' })
      return updated.pendingConfiguration === undefined
        ? `La configuración quedó guardada (versión ${updated.configVersion}).`
        : 'La nueva configuración quedó pendiente: pruébela y pida a la SESAECH que la apruebe; la PDN sigue usando la aprobada.'
    }))

  app.post<{ Params: Params, Body: Form }>(`${ENTE_PATH}/:clave/conexiones/:sistema/etapa`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) =>
    await change(request, reply, async (actor, system) => {
      const connection = await changeStage(ctx, actor, actor.ente, system.id, { stage: request.body.etapa ?? '' } as RegistryStageChange)
      await app.registry.changed({ ente: actor.ente, system: system.id, action: 'connection.stage' })
      return `La conexión pasó a la etapa ${connection.stage}.`
    }))

  app.post<{ Params: Params, Body: Form }>(`${ENTE_PATH}/:clave/conexiones/:sistema/aprobacion`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) =>
    await change(request, reply, async (actor, system) => {
      await requestApproval(ctx, actor, actor.ente, system.id)
      return 'Solicitó la aprobación: la SESAECH revisará la conexión y la pondrá en producción.'
    }))

  app.post<{ Params: Params, Body: Form }>(`${ENTE_PATH}/:clave/conexiones/:sistema/prueba`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(request, reply)
    if (session === undefined) return reply
    const system = systemOf(request.params.sistema)
    if (system === undefined) return sendPage(reply, 404, NOT_FOUND(request.params.clave))
    try {
      const report = await runConnectionTest(app, session.actor, session.actor.ente, system.id, request.id)
      return sendPage(reply, 200, await connectionView(session, system, { message: report.passed ? 'La prueba de conexión pasó.' : 'La prueba de conexión falló: abajo, cada comprobación con lo que se envió, lo que se recibió, lo que espera el estándar y cómo corregirlo.', error: !report.passed }, report))
    } catch (err) {
      const failure = failureOf(err)
      if (failure === undefined) throw err
      if (failure.status === 404) return sendPage(reply, 404, NOT_FOUND(request.params.clave))
      return sendPage(reply, failure.status, await connectionView(session, system, { message: `No se pudo probar la conexión: ${failure.message}`, error: true }))
    }
  })

  app.get<{ Params: Params }>(`${ENTE_PATH}/:clave/conexiones/:sistema/sandbox`, async (request, reply) => {
    const session = await pageSession(request, reply)
    if (session === undefined) return reply
    const federation = isSystemId(request.params.sistema) ? app.federations.get(request.params.sistema) : undefined
    if (federation === undefined) return sendPage(reply, 404, NOT_FOUND(request.params.clave))
    const base = { who: session.actor.id, csrf: session.csrf, ente: session.actor.ente, system: federation.system }
    try {
      const answer = await sandboxSearch(app, federation, session.actor, session.actor.ente, { page: 1, pageSize: SANDBOX_PAGE_SIZE }, request.id) as { pagination: { totalRows: number }, results: unknown[] }
      return sendPage(reply, 200, sandboxPage({ ...base, answer: { totalRows: answer.pagination.totalRows, results: answer.results } }))
    } catch (err) {
      const failure = failureOf(err)
      if (failure === undefined) throw err
      if (failure.status === 404) return sendPage(reply, 404, NOT_FOUND(request.params.clave))
      return sendPage(reply, failure.status, sandboxPage({ ...base, message: failure.message }))
    }
  })
}

export default entePages
