import { OCDS_VERSION } from '@see/openapi'
import { compileRelease, releasesByDate, type MergeableRelease } from '@see/systems'

// OCDS publishing as OCDS publishers serve it: release packages and record packages with their
// metadata (OCDS 1.1 "Packaging data"), built from the federated S6 releases.

/** Who publishes and under what terms: the package metadata (OCDS_* variables). */
export interface OcdsPublication {
  /** The state's registered ocid prefix (`ocds-xxxxxx`): only processes under it are published by ocid. */
  ocidPrefix?: string
  publisher: { name: string, uri?: string }
  license: string
  publicationPolicy?: string
}

/** The publication of a gateway configured with none of the OCDS_* variables. */
export const DEFAULT_PUBLICATION: OcdsPublication = {
  publisher: { name: 'Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas' },
  license: 'https://creativecommons.org/licenses/by/4.0/deed.es'
}

export type Release = MergeableRelease & { id: string }

/** `publishedDate` of a package made on demand: the date of its latest release (OCDS 1.1), or now when empty. */
function publishedDate (releases: readonly Release[]): string {
  const latest = releasesByDate(releases).at(-1)
  return latest?.date ?? new Date().toISOString()
}

function metadata (publication: OcdsPublication, uri: string, releases: readonly Release[]): Record<string, unknown> {
  return {
    uri,
    version: OCDS_VERSION,
    publishedDate: publishedDate(releases),
    publisher: publication.publisher,
    license: publication.license,
    ...(publication.publicationPolicy !== undefined && { publicationPolicy: publication.publicationPolicy })
  }
}

/** A release package; `links` (`next`, `prev`) when it is one page of many. */
export function releasePackage (publication: OcdsPublication, uri: string, releases: readonly Release[], links?: { next?: string, prev?: string }): Record<string, unknown> {
  return { ...metadata(publication, uri, releases), releases, ...(links !== undefined && Object.keys(links).length > 0 && { links }) }
}

/** The record package of one process: its releases in date order and their compiled release. */
export function recordPackage (publication: OcdsPublication, uri: string, releasesUri: string, releases: readonly Release[]): Record<string, unknown> {
  const ordered = releasesByDate(releases)
  const ocid = ordered[0]?.ocid
  if (ocid === undefined) throw new RangeError('a record needs at least one release')
  return {
    ...metadata(publication, uri, ordered),
    packages: [releasesUri],
    records: [{ ocid, releases: ordered, compiledRelease: compileRelease(ordered) }]
  }
}
