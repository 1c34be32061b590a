import { html } from 'ghtml'

export const STYLESHEET_PATH = '/portal/estilos.css'

export interface Crumb { href?: string, label: string }

export interface PageInput {
  title: string
  /** The page's main content, already rendered (escaped) HTML. */
  main: string
  crumbs?: Crumb[]
}

function breadcrumbs (crumbs: Crumb[]): string {
  if (crumbs.length === 0) return ''
  return html`<nav aria-label="Ruta de navegación" class="migas"><ol>!${crumbs.map(crumb => crumb.href === undefined
    ? html`<li aria-current="page">${crumb.label}</li>`
    : html`<li><a href="${crumb.href}">${crumb.label}</a></li>`)}</ol></nav>`
}

/** Every page: Spanish (Mexico), a skip link, the institution's header, no script at all. */
export function page (input: PageInput): string {
  return html`<!doctype html>
<html lang="es-MX">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · SEE Chiapas</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="saltar" href="#contenido">Ir al contenido</a>
<header class="encabezado"><div class="marco">
<p class="institucion"><a href="/">Sistema Electrónico Estatal de Chiapas</a></p>
<p class="lema">Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas</p>
</div></header>
<div class="marco">
!${breadcrumbs(input.crumbs ?? [])}
<main id="contenido" tabindex="-1">
!${input.main}
</main>
</div>
<footer class="pie"><div class="marco">
<p>Información pública de los entes del Estado de Chiapas, consultada en tiempo real y presentada conforme a los estándares de la Plataforma Digital Nacional.</p>
</div></footer>
</body>
</html>`
}
