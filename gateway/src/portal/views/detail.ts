import { html } from 'ghtml'
import type { SystemProfile } from '@see/systems'
import { page } from './layout.js'
import { renderValue } from './record.js'

export interface DetailPageInput {
  system: SystemProfile
  record: Record<string, unknown>
  enteName: string
  /** The search the person came from (its permanent URL). */
  backHref: string
}

/** One record, every public field, nested as the standard nests it. */
export function detailPage (input: DetailPageInput): string {
  const id = String(input.record.id ?? '')
  return page({
    title: `Registro ${id}`,
    crumbs: [{ href: '/', label: 'Sistemas' }, { href: input.backHref, label: input.system.title }, { label: 'Detalle' }],
    main: html`<h1>Detalle del registro</h1>
<p>Publicado por <strong>${input.enteName}</strong>. Identificador: <code>${id}</code>.</p>
<p><a href="${input.backHref}">Volver a la búsqueda</a></p>
!${renderValue(input.record)}`
  })
}

/** A page that says what went wrong and how to go on, with the status it is sent with. */
export function messagePage (title: string, message: string, backHref = '/'): string {
  return page({
    title,
    main: html`<h1>${title}</h1><p>${message}</p><p><a href="${backHref}">Volver</a></p>`
  })
}
