import { html } from 'ghtml'
import type { SystemProfile } from '@see/systems'
import type { Coverage } from '../coverage.js'
import { page } from './layout.js'

export interface HomeInput {
  /** Every system of the law, in the PDN's order. */
  systems: readonly SystemProfile[]
  /** Those this gateway federates: they get a search page. */
  searchable: ReadonlySet<string>
  coverage: Coverage
  searchPath: (system: SystemProfile) => string
}

function coverageLine (entes: ReadonlyArray<{ stage: string }>): string {
  const production = entes.filter(ente => ente.stage === 'produccion').length
  const maintenance = entes.filter(ente => ente.stage === 'mantenimiento').length
  const onTheirWay = entes.length - production - maintenance
  const parts = [`${production} ${production === 1 ? 'ente conectado' : 'entes conectados'}`]
  if (maintenance > 0) parts.push(`${maintenance} en mantenimiento`)
  if (onTheirWay > 0) parts.push(`${onTheirWay} en incorporación`)
  return parts.join(', ')
}

function systemItem (system: SystemProfile, input: HomeInput): string {
  const entes = input.coverage.get(system.id) ?? []
  const searchable = input.searchable.has(system.id)
  return html`<li>
<h2 id="sistema-${system.id}">${system.title}</h2>
<p><span class="etiqueta">${system.pdnId}</span></p>
<p>${coverageLine(entes)}.</p>
!${searchable
    ? html`<p><a href="${input.searchPath(system)}" aria-describedby="sistema-${system.id}">Consultar en todos los entes</a></p>`
    : html`<p class="ayuda">Consulta en preparación.</p>`}
</li>`
}

/** The home page: every system, how many entes each covers, and where to search it. */
export function homePage (input: HomeInput): string {
  return page({
    title: 'Sistemas',
    main: html`<h1>Consulta pública de los sistemas del Sistema Anticorrupción de Chiapas</h1>
<p>Cada búsqueda consulta al mismo tiempo a todos los entes públicos conectados y une sus respuestas en un solo resultado, ordenado y paginado. Solo se muestran los datos públicos.</p>
<ul class="sistemas">!${input.systems.map(system => systemItem(system, input))}</ul>`
  })
}
