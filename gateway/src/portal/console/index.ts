import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { EnteHealth } from '../../monitor/history.js'
import { operatorApi, operatorToken } from './api.js'
import { CONSOLE_PATH, endSession, sameOrigin, sessionOf, startSession, validCsrf, type OperatorSession } from './session.js'
import { connectionsPage, loginPage, monitorPage, nav, testReportPage, type ConnectionRow, type CoverageView, type TestReportView } from './views.js'
import { messagePage } from '../views/detail.js'
import { enrolmentOf, enrolPage } from './enrol.js'
import { isRegistryError, listApprovalRequests, listEntes, type Actor } from '@see/registry'
import { ENTE_PATH } from '../entes/session.js'
import { inviteEnteUser, listEnteUsers, setEnteUserDisabled } from '../entes/users.js'
import { approvalRequestsSection, enteUsersPage } from './ente-users.js'

type Form = Record<string, string | undefined>

/** Operator pages are personal: never stored by a browser or a proxy. */
const PRIVATE = 'no-store'
const FORM_BODY_LIMIT = 8 * 1024

function sendPage (reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', PRIVATE).type('text/html; charset=utf-8').send(body)
}

/** The session of a POST that passed the origin and CSRF checks; otherwise the refusal is sent. */
async function postSession (app: FastifyInstance, request: FastifyRequest<{ Body: Form }>, reply: FastifyReply): Promise<OperatorSession | undefined> {
  const session = await sessionOf(app, request)
  if (session === undefined) {
    sendPage(reply, 401, loginPage('Su sesión terminó: inicie sesión de nuevo.'))
    return undefined
  }
  if (!sameOrigin(request) || !validCsrf(session, request.body?.csrf)) {
    sendPage(reply, 403, messagePage('Solicitud rechazada', 'El formulario no proviene de esta consola (falta o no coincide su comprobante). Vuelva a la consola e inténtelo de nuevo.', CONSOLE_PATH))
    return undefined
  }
  return session
}

async function connectionsView (app: FastifyInstance, request: FastifyRequest, session: OperatorSession, notice?: string): Promise<string> {
  const [coverage, connections] = await Promise.all([
    operatorApi<CoverageView>(app, request, session.token, 'GET', '/registro/v1/cobertura'),
    operatorApi<ConnectionRow[]>(app, request, session.token, 'GET', '/registro/v1/conexiones')
  ])
  if (!coverage.ok) return messagePage('No se pudo leer la cobertura', coverage.message, CONSOLE_PATH)
  if (!connections.ok) return messagePage('No se pudieron leer las conexiones', connections.message, CONSOLE_PATH)
  const approvals = approvalRequestsSection(await listApprovalRequests(app.registry.ctx, operatorOf(session)), session.csrf)
  return connectionsPage({ clientId: session.clientId, csrf: session.csrf, coverage: coverage.body, connections: connections.body, approvals, ...(notice !== undefined && { notice }) })
}

/** The operator as the registry records it (as the registry guard makes it from the token). */
function operatorOf (session: OperatorSession): Actor {
  return { kind: 'operator', id: session.clientId }
}

async function enteUsersView (app: FastifyInstance, session: OperatorSession, extra: { invitation?: { username: string, ente: string, link: string, expiresAt: Date }, message?: string, notice?: string } = {}): Promise<string> {
  const actor = operatorOf(session)
  const [entes, users] = await Promise.all([listEntes(app.registry.ctx, actor), listEnteUsers(app.registry.ctx)])
  return enteUsersPage({ nav: nav(session.clientId, session.csrf), csrf: session.csrf, entes, users, ...extra })
}

/** A path segment for the API, from a form field. */
function segment (value: string | undefined): string {
  return encodeURIComponent(value ?? '')
}

/**
 * The operators' console under /operador: sign in with the operator's OAuth2 client credentials,
 * the entes' connections per system with their stages (buttons to move them and to run a
 * connection test, whose report is shown) and the monitor of entes. Every action goes through
 * the operators' API as the signed-in operator; every form is CSRF-checked.
 */
const operatorConsole: FastifyPluginAsync = async (app) => {
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT })

  app.get(CONSOLE_PATH, async (request, reply) => {
    const session = await sessionOf(app, request)
    if (session === undefined) return sendPage(reply, 200, loginPage())
    return sendPage(reply, 200, await connectionsView(app, request, session))
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/entrar`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!sameOrigin(request)) return sendPage(reply, 403, loginPage('El formulario no proviene de esta consola.'))
    const { client_id: clientId = '', client_secret: clientSecret = '' } = request.body ?? {}
    if (clientId === '' || clientSecret === '') return sendPage(reply, 400, loginPage('Escriba el identificador y el secreto del cliente.'))
    const token = await operatorToken(app, request, clientId, clientSecret)
    if (!token.ok) return sendPage(reply, token.status === 429 || token.status === 503 ? token.status : 401, loginPage(token.status === 429 || token.status === 503 ? 'Demasiados intentos: espere un momento e inténtelo de nuevo.' : token.message))
    startSession(app, reply, token.body.access_token, token.body.expires_in)
    return await reply.code(303).header('cache-control', PRIVATE).redirect(CONSOLE_PATH)
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/salir`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    await endSession(app, reply, session)
    return await reply.code(303).header('cache-control', PRIVATE).redirect(CONSOLE_PATH)
  })

  const systems = [...app.federations.values()].map(f => f.system)
  app.get(`${CONSOLE_PATH}/alta`, async (request, reply) => {
    const session = await sessionOf(app, request)
    if (session === undefined) return sendPage(reply, 401, loginPage('Inicie sesión para dar de alta un ente.'))
    return sendPage(reply, 200, enrolPage({ csrf: session.csrf, systems }))
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/alta`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    const { ente, connection, system } = enrolmentOf(request.body)
    const created = await operatorApi(app, request, session.token, 'POST', '/registro/v1/entes', ente)
    // An ente already registered gets its new connection.
    if (!created.ok && created.status !== 409) return sendPage(reply, created.status, enrolPage({ csrf: session.csrf, systems, message: `No se dio de alta el ente: ${created.message}` }))
    const clave = String(ente.clave ?? '')
    const connected = await operatorApi(app, request, session.token, 'POST', `/registro/v1/entes/${segment(clave)}/conexiones/${segment(system)}`, connection)
    if (!connected.ok) return sendPage(reply, connected.status, enrolPage({ csrf: session.csrf, systems, message: `No se registró la conexión: ${connected.message}` }))
    return sendPage(reply, 201, await connectionsView(app, request, session, `El ente ${clave} quedó registrado con su conexión en ${system}, en la etapa solicitud.`))
  })

  app.get(`${CONSOLE_PATH}/usuarios`, async (request, reply) => {
    const session = await sessionOf(app, request)
    if (session === undefined) return sendPage(reply, 401, loginPage('Inicie sesión para administrar los usuarios de los entes.'))
    return sendPage(reply, 200, await enteUsersView(app, session))
  })

  // A one-time invitation link for an ente user, shown to the operator only here and only now.
  app.post<{ Body: Form }>(`${CONSOLE_PATH}/usuarios`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    const ente = request.body.ente ?? ''
    const username = (request.body.usuario ?? '').trim()
    try {
      const { token, expiresAt } = await inviteEnteUser(app.registry.ctx, operatorOf(session), ente, username)
      const link = `${app.oauth.issuer}${ENTE_PATH}/invitacion?token=${token}`
      return sendPage(reply, 201, await enteUsersView(app, session, { invitation: { username, ente, link, expiresAt } }))
    } catch (err) {
      if (!isRegistryError(err) || err.statusCode >= 500) throw err
      return sendPage(reply, err.statusCode, await enteUsersView(app, session, { message: `No se creó la invitación: ${err.message}` }))
    }
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/usuarios/estado`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    const username = request.body.usuario ?? ''
    const disable = request.body.deshabilitar === 'si'
    try {
      await setEnteUserDisabled(app.registry.ctx, operatorOf(session), username, disable)
      return sendPage(reply, 200, await enteUsersView(app, session, { notice: `El usuario ${username} quedó ${disable ? 'deshabilitado' : 'habilitado'}.` }))
    } catch (err) {
      if (!isRegistryError(err) || err.statusCode >= 500) throw err
      return sendPage(reply, err.statusCode, await enteUsersView(app, session, { message: err.message }))
    }
  })

  app.get(`${CONSOLE_PATH}/monitor`, async (request, reply) => {
    const session = await sessionOf(app, request)
    if (session === undefined) return sendPage(reply, 401, loginPage('Inicie sesión para ver el monitor.'))
    const health = await operatorApi<EnteHealth[]>(app, request, session.token, 'GET', '/registro/v1/monitor')
    if (!health.ok) return sendPage(reply, health.status, messagePage('No se pudo leer el monitor', health.message, CONSOLE_PATH))
    return sendPage(reply, 200, monitorPage({ clientId: session.clientId, csrf: session.csrf, health: health.body }))
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/conexiones/etapa`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    const { ente, sistema, etapa, version } = request.body
    // The configuration version the page showed: the API refuses the change (409) if the ente changed it since.
    const reviewed = version === undefined || version === '' ? {} : { configVersion: /^\d+$/.test(version) ? Number(version) : version }
    const changed = await operatorApi(app, request, session.token, 'POST', `/registro/v1/entes/${segment(ente)}/conexiones/${segment(sistema)}/etapa`, { stage: etapa ?? '', ...reviewed })
    const notice = changed.ok ? `La conexión de ${ente ?? ''} en ${sistema ?? ''} pasó a la etapa ${etapa ?? ''}.` : `No se cambió la etapa: ${changed.message}`
    return sendPage(reply, changed.ok ? 200 : changed.status, await connectionsView(app, request, session, notice))
  })

  app.post<{ Body: Form }>(`${CONSOLE_PATH}/conexiones/prueba`, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    const session = await postSession(app, request, reply)
    if (session === undefined) return reply
    const { ente, sistema } = request.body
    const report = await operatorApi<TestReportView>(app, request, session.token, 'POST', `/registro/v1/entes/${segment(ente)}/conexiones/${segment(sistema)}/pruebas`)
    if (!report.ok) return sendPage(reply, report.status, await connectionsView(app, request, session, `No se pudo probar la conexión: ${report.message}`))
    return sendPage(reply, 200, testReportPage({ clientId: session.clientId, csrf: session.csrf, report: report.body }))
  })
}

export default operatorConsole
