// Name pools for the simulated public servants: common in Chiapas, with accents and ñ on purpose,
// because accent- and ñ-handling is what the matching semantics are about.

export const NOMBRES_MASCULINOS = [
  'José', 'Juan', 'José Luis', 'Jesús', 'Luis Ángel', 'Miguel Ángel', 'Carlos', 'Héctor', 'Rubén',
  'Andrés', 'Martín', 'Raúl', 'Óscar', 'Adrián', 'Ramón', 'Efraín', 'Joaquín', 'Sebastián', 'Julián',
  'Rafael', 'Germán', 'Iván', 'Tomás', 'Nicolás', 'Damián', 'Fermín', 'Mario', 'Jorge', 'Francisco',
  'Alejandro', 'Eduardo', 'Pedro', 'Víctor Hugo', 'César', 'Ismael', 'Sergio', 'Gonzalo', 'Emiliano'
] as const

export const NOMBRES_FEMENINOS = [
  'María', 'María José', 'Guadalupe', 'Lucía', 'Sofía', 'Mónica', 'Verónica', 'Beatriz', 'Inés',
  'Araceli', 'Leticia', 'Rocío', 'Itzel', 'Xóchitl', 'Belén', 'Noemí', 'María de los Ángeles', 'Ana',
  'Claudia', 'Patricia', 'Gabriela', 'Adriana', 'Rosa María', 'Elena', 'Yolanda', 'Marisol', 'Citlali',
  'Fátima', 'Ximena', 'Concepción', 'Natalia', 'Andrea', 'Carmen', 'Dulce María', 'Iris', 'Susana'
] as const

export const APELLIDOS = [
  'Núñez', 'Peña', 'Gutiérrez', 'Pérez', 'Martínez', 'Hernández', 'López', 'Ruíz', 'Muñoz', 'Ordóñez',
  'Güémez', 'García', 'González', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Gómez', 'Díaz', 'Vázquez',
  'Jiménez', 'Morales', 'Méndez', 'Castañeda', 'Ibáñez', 'Montaño', 'Santiz', 'Velasco', 'Albores',
  'Coello', 'Culebro', 'Nandayapa', 'Castellanos', 'Penagos', 'Moguel', 'Toledo', 'Zenteno', 'Grajales',
  'Esponda', 'Camacho', 'Pascacio', 'Trujillo', 'Solís', 'Escobar', 'Cancino', 'Yáñez', 'Zúñiga',
  'Muñiz', 'Peñaloza', 'Ocaña', 'Aguilar', 'Álvarez', 'Ávila', 'Ortíz', 'Domínguez', 'Chacón'
] as const

/** Posts that take part in procurement, with the level code a payroll would give them. */
export const PUESTOS = [
  { nombre: 'Director de Adquisiciones', nivel: 'DA-33' },
  { nombre: 'Directora de Recursos Materiales', nivel: 'DA-33' },
  { nombre: 'Subdirector de Licitaciones', nivel: 'SD-29' },
  { nombre: 'Jefe del Departamento de Compras', nivel: 'JD-25' },
  { nombre: 'Jefa de la Unidad de Apoyo Administrativo', nivel: 'JU-27' },
  { nombre: 'Coordinador de Obra Pública', nivel: 'CO-28' },
  { nombre: 'Analista de Contrataciones', nivel: 'AN-18' },
  { nombre: 'Enlace de Contrataciones Públicas', nivel: 'EN-21' },
  { nombre: 'Tesorero Municipal', nivel: 'TM-30' },
  { nombre: 'Director de Obras Públicas Municipales', nivel: 'DO-31' },
  { nombre: 'Residente de Obra', nivel: 'RO-20' },
  { nombre: 'Supervisor de Obra', nivel: 'SO-19' },
  { nombre: 'Jefe de Oficina de Almacén', nivel: 'JO-16' },
  { nombre: 'Perito Valuador', nivel: 'PV-22' },
  { nombre: 'Secretario Técnico del Comité de Adquisiciones', nivel: 'ST-30' }
] as const

export const PUESTOS_SUPERIORES = [
  { nombre: 'Secretario de Despacho', nivel: 'SE-40' },
  { nombre: 'Subsecretaria de Administración', nivel: 'SS-38' },
  { nombre: 'Director General de Administración', nivel: 'DG-36' },
  { nombre: 'Oficial Mayor', nivel: 'OM-37' },
  { nombre: 'Presidente Municipal', nivel: 'PM-39' }
] as const

export const OBSERVACIONES = [
  'Participa en el Comité de Adquisiciones, Arrendamientos y Servicios.',
  'Designación temporal por licencia del titular.',
  'Registro actualizado por cambio de adscripción.',
  'Interviene únicamente en procedimientos de obra pública.'
] as const
