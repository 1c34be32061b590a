// Named aliases over the types openapi-typescript generates from the OpenAPI documents (`pnpm gen`).
import type { components as PublicComponents } from './see.generated.ts'
import type { components as InternalComponents } from './internal.generated.ts'

type PublicSchemas = PublicComponents['schemas']
type InternalSchemas = InternalComponents['schemas']

export type ApiError = PublicSchemas['Error']
export type Pagination = PublicSchemas['Pagination']
export type SpicRequest = PublicSchemas['SpicRequest']
export type SpicQuery = PublicSchemas['SpicQuery']
export type SpicSort = PublicSchemas['SpicSort']
export type SpicRecord = PublicSchemas['ServidorPublicoContrataciones']
export type SpicResponse = PublicSchemas['SpicResponse']
export type Dependencia = PublicSchemas['Dependencia']
export type TokenRequest = PublicSchemas['TokenRequest']
export type TokenResponse = PublicSchemas['TokenResponse']
export type OAuthError = PublicSchemas['OAuthError']

export type EnteKey = InternalSchemas['EnteKey']
export type EnteSpicRequest = InternalSchemas['EnteSpicRequest']
export type SpicBatchRequest = InternalSchemas['SpicBatchRequest']
export type SpicBatchResponse = InternalSchemas['SpicBatchResponse']
export type SpicOutcome = InternalSchemas['SpicOutcome']
export type DependenciasBatchRequest = InternalSchemas['DependenciasBatchRequest']
export type DependenciasBatchResponse = InternalSchemas['DependenciasBatchResponse']
export type DependenciasOutcome = InternalSchemas['DependenciasOutcome']
export type EnteAuth = InternalSchemas['EnteAuth']
export type EnteConnection = InternalSchemas['EnteConnection']
export type ConnectionTimeouts = InternalSchemas['ConnectionTimeouts']
export type Ente = InternalSchemas['Ente']
export type RegistryFile = InternalSchemas['RegistryFile']
