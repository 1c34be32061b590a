import createError from '@fastify/error'

export const SortWindowError = createError<[number]>(
  'SEE_SORT_WINDOW_EXCEEDED',
  'Con "sort" solo se pueden recorrer los primeros %d registros; use una página menor, quite "sort" o acote la búsqueda con filtros.',
  422
)
