import { exampleOf, type SystemProfile } from '@see/systems'
import { searchForm, urlOfSearch } from './form.js'

export const SEARCH_PREFIX = '/consulta'

/** A system's search page in the portal. */
export function searchPath (system: SystemProfile): string {
  return `${SEARCH_PREFIX}/${system.id}`
}

/** The portal's permanent URL (path and query) of the system's example search: what the demo prints. */
export function portalExamplePath (system: SystemProfile): string {
  const example = exampleOf(system)
  const params = urlOfSearch(searchForm(system), {
    page: example.page ?? 1,
    pageSize: example.pageSize ?? 10,
    query: example.query ?? {},
    ...(example.sort && { sort: example.sort })
  })
  const query = params.toString()
  return query === '' ? searchPath(system) : `${searchPath(system)}?${query}`
}
