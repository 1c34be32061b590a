import { html } from 'ghtml'
import type { SystemProfile } from '@see/systems'
import type { EnteStatus } from '../ente-status.js'
import { humanize, MAX_PAGE, PAGE_PARAM, PAGE_SIZES, SIZE_PARAM, SORT_PARAM, urlOfSearch, type FormField, type SearchForm } from '../form.js'
import type { FederationAnswer, PortalSearch } from '../public-client.js'
import { cellText, columnsOf, enteOfId } from './record.js'
import { page } from './layout.js'

export interface SearchPageInput {
  system: SystemProfile
  form: SearchForm
  search: PortalSearch
  answer: FederationAnswer
  status: EnteStatus
  /** The system's search page, e.g. `/consulta/<id>`. */
  basePath: string
  entesByClave: ReadonlyMap<string, string>
}

function hint (field: FormField): string {
  return field.hint === undefined ? '' : html`<p class="ayuda" id="ayuda-${field.name}">${field.hint}</p>`
}

function described (field: FormField): string {
  return field.hint === undefined ? '' : `ayuda-${field.name}`
}

function fieldInput (field: FormField, value: unknown): string {
  const id = `f-${field.name}`
  switch (field.kind) {
    case 'text':
      return html`<div><label for="${id}">${field.label}</label><input type="text" id="${id}" name="${field.name}" value="${typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : ''}"!${field.maxLength === undefined ? '' : html` maxlength="${field.maxLength}"`}!${field.hint === undefined ? '' : html` aria-describedby="${described(field)}"`}>!${hint(field)}</div>`
    case 'select':
      return html`<div><label for="${id}">${field.label}</label><select id="${id}" name="${field.name}"><option value="">Cualquiera</option>!${field.choices.map(choice => html`<option value="${choice.value}"!${choice.value === value ? ' selected' : ''}>${choice.label}</option>`)}</select>!${hint(field)}</div>`
    case 'checkboxes': {
      const chosen = new Set((Array.isArray(value) ? value : []).map(String))
      return html`<fieldset><legend>${field.label}</legend>!${field.choices.map((choice, i) => html`<label><input type="checkbox" id="${id}-${i}" name="${field.name}" value="${choice.value}"!${chosen.has(choice.value) ? ' checked' : ''}> ${choice.label}</label>`)}!${hint(field)}</fieldset>`
    }
    case 'range': {
      const range = (value ?? {}) as { min?: unknown, max?: unknown }
      return html`<fieldset><legend>${field.label}</legend><label for="${id}-min">Desde</label><input type="${field.inputType}" id="${id}-min" name="${field.name}.min" value="${range.min === undefined ? '' : String(range.min)}"><label for="${id}-max">Hasta</label><input type="${field.inputType}" id="${id}-max" name="${field.name}.max" value="${range.max === undefined ? '' : String(range.max)}">!${hint(field)}</fieldset>`
    }
  }
}

function searchFormHtml (input: SearchPageInput): string {
  const { form, search, basePath } = input
  const order = Object.entries(search.sort ?? {}).map(([field, direction]) => `${field}:${direction}`)[0] ?? ''
  return html`<form class="filtros" method="get" action="${basePath}" role="search" aria-label="Filtros de búsqueda">
!${form.fields.map(field => fieldInput(field, search.query[field.name]))}
<div><label for="f-orden">Ordenar por</label><select id="f-orden" name="${SORT_PARAM}"><option value="">Orden de los entes</option>!${form.sorts.map(choice => html`<option value="${choice.value}"!${choice.value === order ? ' selected' : ''}>${choice.label}</option>`)}</select></div>
<div><label for="f-tamano">Registros por página</label><select id="f-tamano" name="${SIZE_PARAM}">!${PAGE_SIZES.map(size => html`<option value="${size}"!${size === search.pageSize ? ' selected' : ''}>${size}</option>`)}</select></div>
<div class="acciones"><button type="submit">Buscar</button><a href="${basePath}">Limpiar filtros</a></div>
</form>`
}

function enteList (entes: ReadonlyArray<{ clave: string, nombre: string, reason?: string }>, className = ''): string {
  return html`<ul>!${entes.map(ente => html`<li><span class="${className}">${ente.nombre}</span> (${ente.clave})!${ente.reason === undefined ? '' : html`: ${ente.reason}`}</li>`)}</ul>`
}

/** Which entes answered, failed or are in maintenance: a partial answer is visible to people too. */
export function statusHtml (status: EnteStatus): string {
  const asked = status.answered.length + status.failed.length
  const partial = status.failed.length > 0
  return html`<section class="estado!${partial ? ' parcial' : ''}" aria-labelledby="estado-titulo">
<h2 id="estado-titulo">Estado de la respuesta</h2>
<p>${partial ? `Respuesta parcial: respondieron ${status.answered.length} de ${asked} entes.` : `Respondieron los ${asked} entes conectados.`}</p>
!${partial ? html`<p class="falla">Entes que no se incluyeron en este resultado:</p>!${enteList(status.failed, 'falla')}` : ''}
!${status.maintenance.length > 0 ? html`<p class="mantenimiento">En mantenimiento (no se consultaron):</p>!${enteList(status.maintenance)}` : ''}
<details><summary>Entes que respondieron (${status.answered.length})</summary>!${enteList(status.answered)}</details>
</section>`
}

function withParams (path: string, params: URLSearchParams): string {
  const query = params.toString()
  return query === '' ? path : `${path}?${query}`
}

function resultsTable (input: SearchPageInput, results: Array<Record<string, unknown>>): string {
  const columns = columnsOf(input.system)
  const back = urlOfSearch(input.form, input.search)
  const fieldLabel = (name: string): string => input.form.fields.find(field => field.name === name)?.label ?? humanize(name)
  return html`<div class="tabla"><table>
<caption>Registros de esta página</caption>
<thead><tr><th scope="col">Registro</th><th scope="col">Ente</th>!${columns.map(column => html`<th scope="col">${fieldLabel(column.name)}</th>`)}</tr></thead>
<tbody>!${results.map((record, i) => {
    const id = String(record.id ?? '')
    const clave = enteOfId(record.id)
    return html`<tr><td><a href="${withParams(`${input.basePath}/registro/${encodeURIComponent(id)}`, back)}">Ver detalle<span class="oculto"> del registro ${(input.search.page - 1) * input.search.pageSize + i + 1}</span></a></td><td>${input.entesByClave.get(clave) ?? clave}</td>!${columns.map(column => html`<td>${cellText(record, column.path)}</td>`)}</tr>`
  })}</tbody>
</table></div>`
}

function pagination (input: SearchPageInput, totalRows: number, hasNextPage: boolean): string {
  const { search } = input
  const pages = Math.max(1, Math.ceil(totalRows / search.pageSize))
  const link = (pageNumber: number): string => {
    const params = urlOfSearch(input.form, { ...search, page: pageNumber })
    return withParams(input.basePath, params)
  }
  return html`<nav class="paginas" aria-label="Paginación">
!${search.page > 1 ? html`<a href="${link(1)}">Primera</a><a href="${link(search.page - 1)}" rel="prev">Anterior</a>` : ''}
<span aria-current="page">Página ${search.page} de ${pages}</span>
!${hasNextPage ? html`<a href="${link(search.page + 1)}" rel="next">Siguiente</a><a href="${link(Math.min(pages, MAX_PAGE))}">Última</a>` : ''}
</nav>`
}

function exportLinks (input: SearchPageInput): string {
  const params = urlOfSearch(input.form, { ...input.search, page: 1 })
  params.delete(PAGE_PARAM)
  return html`<p class="exportar">Descargar este resultado: <a href="${withParams(`${input.basePath}/exportar.csv`, params)}">CSV</a> <a href="${withParams(`${input.basePath}/exportar.json`, params)}">JSON</a></p>`
}

function answerHtml (input: SearchPageInput): string {
  const { answer } = input
  if (!answer.ok) {
    return html`<section class="estado error" aria-labelledby="error-titulo"><h2 id="error-titulo">No se pudo completar la búsqueda</h2><p>${answer.message}</p></section>`
  }
  const { totalRows, hasNextPage } = answer.pagination
  const first = (input.search.page - 1) * input.search.pageSize + 1
  const summary = totalRows === 0
    ? 'No hay registros que coincidan con la búsqueda.'
    : answer.results.length === 0
      ? `Esta página no tiene registros: la búsqueda tiene ${totalRows}.`
      : `Registros ${first} a ${first + answer.results.length - 1} de ${totalRows}.`
  return html`!${statusHtml(input.status)}
<section aria-labelledby="resultados-titulo">
<h2 id="resultados-titulo">Resultados</h2>
<p role="status">${summary}</p>
!${answer.results.length > 0 ? resultsTable(input, answer.results) : ''}
!${pagination(input, totalRows, hasNextPage)}
!${totalRows > 0 ? exportLinks(input) : ''}
</section>`
}

/** A system's search page: the form, the per-ente status, the results, paging and export. */
export function searchPage (input: SearchPageInput): string {
  return page({
    title: `Buscar: ${input.system.title}`,
    crumbs: [{ href: '/', label: 'Sistemas' }, { label: input.system.title }],
    main: html`<h1>${input.system.title}</h1>
<p>Búsqueda en todos los entes conectados (${input.system.pdnId}). Los filtros de texto encuentran coincidencias parciales sin distinguir mayúsculas ni acentos.</p>
!${searchFormHtml(input)}
!${answerHtml(input)}`
  })
}
