import createError from '@fastify/error'

export const SortedBusyError = createError(
  'SEE_SORTED_BUSY',
  'Hay demasiadas páginas ordenadas profundas en curso; reintente en unos segundos, o recorra la consulta página por página desde el inicio (cada página siguiente es ligera).',
  503
)

export const RegistryClientUnboundError = createError(
  'SEE_REGISTRY_CLIENT_UNBOUND',
  'El cliente con alcance registry:ente no está ligado a un ente activo (o su token corresponde a otro ente); solicite a la SESAECH que revise el cliente.',
  403
)

export const OcidNotFoundError = createError(
  'SEE_OCID_NO_ENCONTRADO',
  'Ningún ente publica entregas con el ocid «%s»; búsquelo con POST /contrataciones-abiertas y el filtro ocid.',
  404
)

export const OcidOutsidePrefixError = createError(
  'SEE_OCID_FUERA_DE_PREFIJO',
  'El ocid «%s» no lleva el prefijo registrado del estado (%s): el SEE publica solo los procesos de contratación de Chiapas.',
  404
)

export const OcidAmbiguousError = createError(
  'SEE_OCID_AMBIGUO',
  'El ocid «%s» lo publican varios entes (%s): un proceso de contratación es de un solo ente. Los entes deben usar ocids propios (el prefijo del estado y un segmento de cada ente); avise a la SESAECH.',
  409
)

export const OcidTooBroadError = createError(
  'SEE_OCID_DEMASIADO_AMPLIO',
  'El ocid «%s» aparece dentro de demasiados otros ocids para reunir sus entregas con certeza; consulte POST /contrataciones-abiertas con el filtro ocid y ordene por ocid.',
  503
)
