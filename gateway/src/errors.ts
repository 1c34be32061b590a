import createError from '@fastify/error'

export const SortWindowError = createError<[number]>(
  'SEE_SORT_WINDOW_EXCEEDED',
  'Con "sort" solo se pueden recorrer los primeros %d registros; use una página menor, quite "sort" o acote la búsqueda con filtros.',
  422
)

export const RegistryClientUnboundError = createError(
  'SEE_REGISTRY_CLIENT_UNBOUND',
  'El cliente con alcance registry:ente no está ligado a un ente activo (o su token corresponde a otro ente); solicite a la SESAECH que revise el cliente.',
  403
)
