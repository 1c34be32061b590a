// Catalogues of the simulated S6 entes' contracting processes (OCDS 1.1.5 releases): what a
// Chiapas institution buys, from whom, and how (Ley de Adquisiciones del Estado de Chiapas).

/** OCDS `method` codes with the Mexican procedure each one stands for. */
export const METODOS = [
  { method: 'open', details: 'Licitación pública estatal' },
  { method: 'selective', details: 'Invitación a cuando menos tres proveedores' },
  { method: 'limited', details: 'Adjudicación por excepción a la licitación' },
  { method: 'direct', details: 'Adjudicación directa' }
] as const

/** What is bought: a title, its items (CUCoP classification) with a unit and a unit price range. */
export const COMPRAS = [
  { title: 'Adquisición de medicamentos para unidades médicas', category: 'goods', items: [{ id: '25300001', description: 'Paracetamol tabletas 500 mg', unit: 'Caja', price: [40, 90] }, { id: '25300002', description: 'Amoxicilina cápsulas 500 mg', unit: 'Caja', price: [60, 140] }] },
  { title: 'Suministro de combustible para el parque vehicular', category: 'goods', items: [{ id: '26100001', description: 'Gasolina magna', unit: 'Litro', price: [21, 25] }, { id: '26100002', description: 'Diésel', unit: 'Litro', price: [23, 27] }] },
  { title: 'Servicio de limpieza de oficinas', category: 'services', items: [{ id: '35800001', description: 'Servicio de limpieza integral de inmuebles', unit: 'Mes', price: [45_000, 120_000] }] },
  { title: 'Rehabilitación de camino rural', category: 'works', items: [{ id: '61400001', description: 'Rehabilitación de camino con pavimento hidráulico', unit: 'Kilómetro', price: [900_000, 2_500_000] }] },
  { title: 'Adquisición de equipo de cómputo', category: 'goods', items: [{ id: '51500001', description: 'Computadora de escritorio', unit: 'Pieza', price: [14_000, 26_000] }, { id: '51500002', description: 'Impresora multifuncional láser', unit: 'Pieza', price: [6_000, 15_000] }] },
  { title: 'Servicio de vigilancia en instalaciones', category: 'services', items: [{ id: '33800001', description: 'Servicio de seguridad y vigilancia', unit: 'Mes', price: [60_000, 180_000] }] },
  { title: 'Adquisición de uniformes escolares', category: 'goods', items: [{ id: '27100001', description: 'Uniforme escolar de niño', unit: 'Pieza', price: [250, 480] }, { id: '27100002', description: 'Uniforme escolar de niña', unit: 'Pieza', price: [250, 480] }] },
  { title: 'Construcción de aulas en escuela primaria', category: 'works', items: [{ id: '62200001', description: 'Construcción de aula didáctica', unit: 'Pieza', price: [650_000, 1_200_000] }] },
  { title: 'Arrendamiento de vehículos para supervisión', category: 'services', items: [{ id: '32500001', description: 'Arrendamiento de camioneta pick-up', unit: 'Mes', price: [18_000, 32_000] }] },
  { title: 'Adquisición de papelería y consumibles de oficina', category: 'goods', items: [{ id: '21100001', description: 'Papel bond tamaño carta', unit: 'Caja', price: [700, 1_100] }, { id: '21100002', description: 'Tóner para impresora', unit: 'Pieza', price: [1_200, 3_500] }] }
] as const

/** Suppliers of the state (fictional): name, RFC and town. */
export const PROVEEDORES = [
  { name: 'Distribuidora Médica del Sureste, S.A. de C.V.', rfc: 'DMS0803125K1', locality: 'Tuxtla Gutiérrez' },
  { name: 'Construcciones y Caminos de Chiapas, S.A. de C.V.', rfc: 'CCC100512AB3', locality: 'Tuxtla Gutiérrez' },
  { name: 'Combustibles Peña Ruiz, S.A. de C.V.', rfc: 'CPR0911238Q2', locality: 'Tapachula' },
  { name: 'Servicios Integrales Ñandú, S.C.', rfc: 'SIN1204019H7', locality: 'San Cristóbal de las Casas' },
  { name: 'Tecnología Aplicada Comitán, S.A. de C.V.', rfc: 'TAC150730LM4', locality: 'Comitán de Domínguez' },
  { name: 'Seguridad Privada Grijalva, S.A. de C.V.', rfc: 'SPG070615TT9', locality: 'Chiapa de Corzo' },
  { name: 'Textiles y Confecciones Lacandona, S.A. de C.V.', rfc: 'TCL110220PX5', locality: 'Ocosingo' },
  { name: 'Arrendadora Vehicular del Soconusco, S.A. de C.V.', rfc: 'AVS130904JR8', locality: 'Tapachula' },
  { name: 'Papelería y Suministros Coita, S.A. de C.V.', rfc: 'PSC160111QW2', locality: 'Ocozocoautla de Espinosa' },
  { name: 'Farmacéutica Álvarez Pérez, S.A. de C.V.', rfc: 'FAP051028MN6', locality: 'Tuxtla Gutiérrez' }
] as const

export const AWARD_STATUSES = ['active', 'active', 'active', 'pending', 'cancelled', 'unsuccessful'] as const
