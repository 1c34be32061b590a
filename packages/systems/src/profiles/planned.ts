import type { SystemProfile } from '../profile.js'

// Systems the registry already onboards but the platform does not federate yet: their profiles
// say who they are; filters, sorts and schemas arrive with their services.

function planned (profile: Pick<SystemProfile, 'id' | 'pdnId' | 'title' | 'scope' | 'scopeDescription' | 'paths'> & Partial<SystemProfile>): SystemProfile {
  return { federated: false, filters: {}, sorts: {}, requester: 'query', privateFields: [], ...profile }
}

export const s6 = planned({
  id: 's6',
  pdnId: 'S6',
  title: 'Contrataciones abiertas',
  scope: 'read:contrataciones',
  scopeDescription: 'S6: consultar contrataciones públicas.',
  paths: { search: '/contrataciones-abiertas' }
})
