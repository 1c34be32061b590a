import { html } from 'ghtml'
import { internalDocument, registryDocument } from '@see/openapi'
import type { SystemProfile } from '@see/systems'
import { page } from '../views/layout.js'
import { CONSOLE_PATH } from './session.js'

// Registering an ente and its first connection from the console: the fields of the registry's
// contract (RegistryEnteInput, RegistryConnectionInput), their choices read from it.

type Form = Record<string, string | undefined>

function enumOf (document: typeof registryDocument, schema: string, property?: string): string[] {
  const node = document.components.schemas[schema] as { enum?: string[], properties?: Record<string, { enum?: string[] }> } | undefined
  return (property === undefined ? node?.enum : node?.properties?.[property]?.enum) ?? []
}

const ORDENES = enumOf(registryDocument, 'RegistryEnteInput', 'orden')
const PODERES = enumOf(registryDocument, 'RegistryEnteInput', 'poder')
const PROTOCOLS = enumOf(registryDocument, 'RegistryProtocol')
const AUTH_KINDS = enumOf(internalDocument, 'EnteAuth', 'kind')

function text (name: string, label: string, options: { required?: boolean, type?: string, autocomplete?: string, value?: string | undefined } = {}): string {
  return html`<div><label for="a-${name}">${label}</label><input type="${options.type ?? 'text'}" id="a-${name}" name="${name}"!${options.value === undefined ? '' : html` value="${options.value}"`}!${options.required === true ? ' required' : ''}!${options.autocomplete === undefined ? '' : html` autocomplete="${options.autocomplete}"`}></div>`
}

function select (name: string, label: string, choices: Array<{ value: string, label: string, selected?: boolean }>): string {
  return html`<div><label for="a-${name}">${label}</label><select id="a-${name}" name="${name}">!${choices.map(choice => html`<option value="${choice.value}"!${choice.selected === true ? ' selected' : ''}>${choice.label}</option>`)}</select></div>`
}

const plain = (values: string[]): Array<{ value: string, label: string }> => values.map(value => ({ value, label: value }))

/**
 * The fields of a connection (RegistryConnectionInput): the ente pages use them too. Secrets are
 * write-only: their fields are always empty.
 */
export function connectionFields (current?: { protocol: string, baseUrl: string, tokenUrl?: string, authKind: string }): string {
  const chosen = (choices: string[], value: string | undefined): Array<{ value: string, label: string, selected?: boolean }> => choices.map(choice => ({ value: choice, label: choice, selected: choice === value }))
  return html`!${select('protocol', 'Protocolo', chosen(PROTOCOLS, current?.protocol))}
!${text('baseUrl', 'URL base de la API del ente', { required: true, type: 'url', value: current?.baseUrl })}
!${text('tokenUrl', 'URL del token (OAuth2)', { type: 'url', value: current?.tokenUrl })}
!${select('authKind', 'Autenticación', chosen(AUTH_KINDS, current?.authKind))}
!${text('clientId', 'Identificador del cliente (OAuth2)', { autocomplete: 'off' })}
!${text('clientSecret', 'Secreto del cliente (OAuth2)', { type: 'password', autocomplete: 'new-password' })}
!${text('username', 'Usuario (OAuth2 password)', { autocomplete: 'off' })}
!${text('password', 'Contraseña (OAuth2 password)', { type: 'password', autocomplete: 'new-password' })}
!${text('token', 'Token fijo (static-bearer)', { type: 'password', autocomplete: 'new-password' })}`
}

export function enrolPage (input: { csrf: string, systems: readonly SystemProfile[], message?: string }): string {
  return page({
    title: 'Alta de un ente',
    crumbs: [{ href: CONSOLE_PATH, label: 'Consola de operación' }, { label: 'Alta de un ente' }],
    main: html`<h1>Alta de un ente y su conexión</h1>
!${input.message === undefined ? '' : html`<p class="estado error" role="alert">${input.message}</p>`}
<p>La conexión queda en la etapa solicitud; llévela por las etapas y pruébela desde la lista de conexiones. Las credenciales se guardan cifradas y no vuelven a mostrarse.</p>
<form class="filtros" method="post" action="${CONSOLE_PATH}/alta">
<input type="hidden" name="csrf" value="${input.csrf}">
!${text('clave', 'Clave del ente', { required: true })}
!${text('nombre', 'Nombre del ente', { required: true })}
!${text('siglas', 'Siglas')}
!${select('orden', 'Orden de gobierno', plain(ORDENES))}
!${select('poder', 'Poder u órgano', plain(PODERES))}
!${text('municipio', 'Municipio (entes municipales)')}
!${select('sistema', 'Sistema', input.systems.map(system => ({ value: system.id, label: `${system.pdnId}: ${system.title}` })))}
!${connectionFields()}
<div class="acciones"><button type="submit">Dar de alta</button></div>
</form>`
  })
}

function present (value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? undefined : trimmed
}

/** The registry API's bodies from the form; blank fields are left out (the API says what is missing). */
export function enrolmentOf (form: Form): { ente: Record<string, unknown>, connection: Record<string, unknown>, system: string } {
  const pick = (names: string[]): Record<string, string> => picked(form, names)
  return {
    system: form.sistema ?? '',
    ente: pick(['clave', 'nombre', 'siglas', 'orden', 'poder', 'municipio']),
    connection: connectionOf(form)
  }
}

function picked (form: Form, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap(name => {
    const value = present(form[name])
    return value === undefined ? [] : [[name, value]]
  }))
}

const CREDENTIAL_FIELDS = ['clientId', 'clientSecret', 'username', 'password', 'token']

/** The connection's body (RegistryConnectionInput) from connectionFields' form. */
export function connectionOf (form: Form): Record<string, unknown> {
  return { ...picked(form, ['protocol', 'baseUrl', 'tokenUrl']), auth: { kind: form.authKind ?? '', ...picked(form, CREDENTIAL_FIELDS) } }
}

/**
 * A change of a registered connection (RegistryConnectionPatch): its URLs and protocol, and its
 * authentication only when credentials were typed or the kind changed (blank credentials keep
 * the stored ones: `auth` replaces them all).
 */
export function connectionPatchOf (form: Form, currentAuthKind: string): Record<string, unknown> {
  const credentials = picked(form, CREDENTIAL_FIELDS)
  const authChanged = Object.keys(credentials).length > 0 || (form.authKind ?? currentAuthKind) !== currentAuthKind
  return { ...picked(form, ['protocol', 'baseUrl', 'tokenUrl']), ...(authChanged && { auth: { kind: form.authKind ?? '', ...credentials } }) }
}
