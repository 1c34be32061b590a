// What each kind of problem a connection test finds means for the ente: what the standard expects
// and how to fix it, in Spanish. The registry's report and the conformance kit (`see-conformidad`)
// print the same texts, because both run this one test.

export const PROBLEMS = {
  TIMEOUT: {
    expected: 'Una respuesta dentro del tiempo de la PDN (2 s el token, 4 s cada consulta).',
    fix: 'Revise que el servicio esté en línea y responda a tiempo: índices en la base de datos para los filtros y el orden, y un límite de tiempo por consulta en el servidor.'
  },
  UNREACHABLE: {
    expected: 'Que la URL registrada acepte conexiones HTTPS.',
    fix: 'Verifique la URL (esquema, host y puerto), el DNS, el certificado TLS y que el cortafuegos permita conexiones desde el SEE.'
  },
  AUTH_FAILED: {
    expected: 'Un token OAuth2 (grant password, cliente en Authorization: Basic y en el cuerpo) que las consultas acepten.',
    fix: 'Revise el client_id, client_secret, usuario y contraseña, que el servidor de tokens acepte el cliente en Basic y en el cuerpo a la vez (así lo envía la PDN) y que el token emitido sea aceptado por las rutas de datos.'
  },
  HTTP_STATUS: {
    expected: 'HTTP 200 con un JSON del estándar.',
    fix: 'Revise los registros de errores del servidor para esta consulta: una consulta válida del estándar debe responder 200.'
  },
  REDIRECT: {
    expected: 'La respuesta en la URL registrada, sin redirecciones.',
    fix: 'Registre la URL final (https, con la ruta correcta); el SEE y la PDN no siguen redirecciones.'
  },
  NOT_JSON: {
    expected: 'Un cuerpo JSON completo y válido (Content-Type: application/json).',
    fix: 'Serialice la respuesta con un serializador JSON y no la corte; revise proxies que trunquen o alteren el cuerpo.'
  },
  TOO_LARGE: {
    expected: 'Respuestas de tamaño acotado: como máximo pageSize registros.',
    fix: 'Respete pageSize (máximo 200) y no incluya datos fuera del esquema.'
  },
  BAD_SHAPE: {
    expected: 'El sobre del estándar: {pagination: {page, pageSize, totalRows, hasNextPage}, results: [...]}, totalRows entero y hasNextPage booleano.',
    fix: 'Construya la respuesta con la forma exacta del esquema oficial del sistema (tipos incluidos: totalRows número, no texto).'
  },
  RECORD_SCHEMA: {
    expected: 'Cada registro válido contra el esquema oficial del sistema (campos requeridos, tipos y catálogos).',
    fix: 'Corrija el mapeo de sus datos al esquema oficial: el campo señalado falta, tiene otro tipo o un valor fuera del catálogo.'
  },
  PAGE_ECHO: {
    expected: 'pagination.page y pagination.pageSize iguales a los pedidos.',
    fix: 'Devuelva en pagination los valores page y pageSize de la solicitud (por omisión page 1 y pageSize 10).'
  },
  ROW_COUNT: {
    expected: 'Exactamente min(pageSize, totalRows − (page − 1) × pageSize) registros por página.',
    fix: 'Calcule totalRows con el mismo filtro que la página y aplique OFFSET (page − 1) × pageSize y LIMIT pageSize.'
  },
  HAS_NEXT: {
    expected: 'hasNextPage verdadero solo cuando page × pageSize < totalRows.',
    fix: 'Calcule hasNextPage como page × pageSize < totalRows.'
  },
  REPEATED_IDS: {
    expected: 'Ids únicos: ningún registro repetido en una página ni entre páginas.',
    fix: 'Use un id estable y único por registro y un orden total (desempate por id) al paginar.'
  },
  FILTER: {
    expected: 'Filtros con la semántica de referencia: texto por subcadena sin distinguir mayúsculas ni acentos en vocales; listas como "cualquiera de"; valores exactos; totalRows cuenta solo lo que cumple.',
    fix: 'Aplique el filtro en la consulta a su base de datos (no después de paginar) con la semántica de referencia, y cuente totalRows con el mismo filtro.'
  },
  ACCENTS: {
    expected: 'El texto sin acentos (y en mayúsculas) encuentra los registros con vocales acentuadas: "JOSE" encuentra "José".',
    fix: 'Compare sin distinguir acentos en vocales: por ejemplo en PostgreSQL unaccent(lower(campo)) LIKE unaccent(lower(\'%valor%\')), o una intercalación insensible a acentos.'
  },
  ENYE: {
    expected: 'La ñ es distinta de la n: "NUNEZ" no encuentra "Núñez".',
    fix: 'Quite solo los acentos de las vocales (á é í ó ú ü); no convierta ñ en n (unaccent lo hace: excluya la ñ de la regla, o reemplace solo vocales).'
  },
  ID_EXACT: {
    expected: 'query.id encuentra solo el registro cuyo id es exactamente ese, e ignora los demás filtros.',
    fix: 'Filtre query.id por igualdad exacta (id = valor), no por subcadena.'
  },
  RANGE: {
    expected: 'Rangos {min, max} inclusivos en ambos extremos.',
    fix: 'Use campo >= min y campo <= max (no > ni <).'
  },
  SORT_ORDER: {
    expected: 'Orden asc/desc por el campo pedido con la intercalación del español (acentos secundarios, ñ después de n).',
    fix: 'Ordene en la base de datos con una intercalación del español (por ejemplo COLLATE "es-MX-x-icu" en PostgreSQL), desempate por id, y aplique la dirección pedida.'
  },
  SORT_TOTAL: {
    expected: 'El mismo totalRows con orden que sin él.',
    fix: 'El orden no debe cambiar qué registros cumplen: cuente totalRows sin depender de sort.'
  },
  PAGE_ORDER: {
    expected: 'Un orden estable: la misma consulta devuelve los mismos registros en el mismo orden, y las páginas encadenan sin huecos ni repeticiones.',
    fix: 'Ordene siempre, también sin sort, por una clave única y estable (por ejemplo el id) antes de paginar.'
  },
  TOTALS: {
    expected: 'totalRows igual en todas las páginas y tamaños de página de la misma consulta.',
    fix: 'Cuente totalRows con el mismo filtro que la consulta, independiente de page y pageSize.'
  },
  PAST_END: {
    expected: 'Una página después del final responde 200 con results vacío, el mismo totalRows y hasNextPage falso.',
    fix: 'No responda error ni repita la última página: con OFFSET más allá del final la consulta devuelve cero registros.'
  },
  UNAUTHENTICATED: {
    expected: 'HTTP 401 para una consulta sin token o con un token inválido.',
    fix: 'Exija Authorization: Bearer con un token válido emitido por su servidor OAuth2 en cada ruta de datos, y responda 401 si falta o no es válido.'
  },
  BAD_BODY_STATUS: {
    expected: 'Un cuerpo inválido (tipos, rangos o campos desconocidos) se responde 400 o 422.',
    fix: 'Valide el cuerpo contra el esquema de solicitud oficial (pageSize 1..200, page ≥ 1, sin campos desconocidos) antes de consultar.'
  },
  BAD_BODY_SHAPE: {
    expected: 'El error se responde en JSON {code, message}, ambos texto.',
    fix: 'Responda los errores con un JSON {"code": "...", "message": "..."} que diga qué corregir.'
  },
  DEPENDENCIAS: {
    expected: 'GET …/dependencias responde un arreglo de {nombre, siglas?, clave?}.',
    fix: 'Publique la lista de instituciones como arreglo JSON simple (sin envolverlo en un objeto), con nombre en cada elemento.'
  },
  LATENCY: {
    expected: 'Cada consulta en menos del límite (la PDN espera 4 s; el SEE pide la mitad para poder federar).',
    fix: 'Optimice las consultas lentas: índices para filtros y ordenamientos, y conteos eficientes.'
  },
  TOKEN_LATENCY: {
    expected: 'El token en menos de 2 s (la PDN pide un token por consulta).',
    fix: 'Acelere el servidor de tokens: evite trabajo pesado por solicitud (por ejemplo un costo de hash excesivo) y mantenga el servicio caliente.'
  },
  CRAWL: {
    expected: 'Un recorrido completo con pageSize 200 trae cada registro exactamente una vez y tantos como totalRows.',
    fix: 'Pagine con un orden total y estable (desempate por id) y cuente totalRows con la misma consulta.'
  },
  NOT_RUN: {
    expected: 'Que la verificación previa funcione.',
    fix: 'Corrija primero la verificación que falló antes que esta.'
  }
} as const satisfies Record<string, { expected: string, fix: string }>

export type ProblemCode = keyof typeof PROBLEMS

/** One thing a check found wrong: its kind (what the standard expects, how to fix it) and the detail. */
export interface Problem {
  code: ProblemCode
  text: string
}

export function problem (code: ProblemCode, text: string): Problem {
  return { code, text }
}

/** The kind of problem a failed call to the ente is, from the client's outcome code. */
export function problemOfOutcome (outcome: string | undefined): ProblemCode {
  switch (outcome) {
    case 'ENTE_TIMEOUT': return 'TIMEOUT'
    case 'ENTE_UNREACHABLE': return 'UNREACHABLE'
    case 'ENTE_AUTH_FAILED': return 'AUTH_FAILED'
    case 'ENTE_MALFORMED_RESPONSE': return 'NOT_JSON'
    case 'ENTE_BAD_SHAPE': return 'BAD_SHAPE'
    case 'ENTE_RESPONSE_TOO_LARGE': return 'TOO_LARGE'
    default: return 'HTTP_STATUS'
  }
}
