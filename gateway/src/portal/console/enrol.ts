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

function text (name: string, label: string, options: { required?: boolean, type?: string, autocomplete?: string } = {}): string {
  return html`<div><label for="a-${name}">${label}</label><input type="${options.type ?? 'text'}" id="a-${name}" name="${name}"!${options.required === true ? ' required' : ''}!${options.autocomplete === undefined ? '' : html` autocomplete="${options.autocomplete}"`}></div>`
}

function select (name: string, label: string, choices: Array<{ value: string, label: string }>): string {
  return html`<div><label for="a-${name}">${label}</label><select id="a-${name}" name="${name}">!${choices.map(choice => html`<option value="${choice.value}">${choice.label}</option>`)}</select></div>`
}

const plain = (values: string[]): Array<{ value: string, label: string }> => values.map(value => ({ value, label: value }))

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
!${select('protocol', 'Protocolo', plain(PROTOCOLS))}
!${text('baseUrl', 'URL base de la API del ente', { required: true, type: 'url' })}
!${text('tokenUrl', 'URL del token (OAuth2)', { type: 'url' })}
!${select('authKind', 'Autenticación', plain(AUTH_KINDS))}
!${text('clientId', 'Identificador del cliente (OAuth2)', { autocomplete: 'off' })}
!${text('clientSecret', 'Secreto del cliente (OAuth2)', { type: 'password', autocomplete: 'new-password' })}
!${text('username', 'Usuario (OAuth2 password)', { autocomplete: 'off' })}
!${text('password', 'Contraseña (OAuth2 password)', { type: 'password', autocomplete: 'new-password' })}
!${text('token', 'Token fijo (static-bearer)', { type: 'password', autocomplete: 'new-password' })}
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
  const pick = (names: string[]): Record<string, string> => Object.fromEntries(names.flatMap(name => {
    const value = present(form[name])
    return value === undefined ? [] : [[name, value]]
  }))
  return {
    system: form.sistema ?? '',
    ente: pick(['clave', 'nombre', 'siglas', 'orden', 'poder', 'municipio']),
    connection: {
      ...pick(['protocol', 'baseUrl', 'tokenUrl']),
      auth: { kind: form.authKind ?? '', ...pick(['clientId', 'clientSecret', 'username', 'password', 'token']) }
    }
  }
}
