// The portal's one stylesheet: served from its own URL (the CSP allows no inline style), small
// enough for a slow phone, colours with at least 4.5:1 contrast, a visible focus ring everywhere.
export const PORTAL_CSS = `
:root{--tinta:#1b1b1b;--suave:#4a4a4a;--marca:#6b1d3a;--enlace:#0b4f8a;--fondo:#f6f4f1;--borde:#8a8a8a;--alerta:#8a1c1c;--aviso:#6b4a00;--ok:#1e5e2f}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--tinta);background:#fff;line-height:1.5}
.marco{max-width:72rem;margin:0 auto;padding:0 1rem}
a{color:var(--enlace)}
a:focus,button:focus,input:focus,select:focus,summary:focus,main:focus{outline:3px solid #f2a900;outline-offset:2px}
.saltar{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.saltar:focus{left:1rem;z-index:1}
.oculto{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.encabezado{background:var(--marca);color:#fff;padding:.75rem 0}
.encabezado a{color:#fff;text-decoration:none;font-weight:700;font-size:1.25rem}
.lema{margin:.25rem 0 0;font-size:.9rem}
.institucion{margin:0}
.migas ol{list-style:none;padding:0;margin:1rem 0 0;display:flex;flex-wrap:wrap;gap:.5rem;font-size:.9rem}
.migas li+li:before{content:"/";margin-right:.5rem;color:var(--suave)}
h1{font-size:1.6rem;margin:1rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 .75rem}
.sistemas{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
.sistemas li{border:1px solid var(--borde);border-radius:.4rem;padding:1rem;background:var(--fondo)}
.sistemas h2{margin-top:0;font-size:1.1rem}
.etiqueta{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:.3rem;background:#e8e2dc;color:var(--tinta)}
form.filtros{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem 1rem;background:var(--fondo);padding:1rem;border-radius:.4rem}
label,legend{display:block;font-weight:600;font-size:.95rem}
fieldset{border:0;padding:0;margin:0}
fieldset label{display:inline-block;font-weight:400;margin-right:.75rem}
input[type=text],input[type=number],input[type=date],input[type=url],input[type=password],input[type=email],input[type=tel],select{width:100%;padding:.45rem;border:1px solid var(--borde);border-radius:.3rem;font:inherit}
.ayuda{font-size:.85rem;color:var(--suave);margin:.2rem 0 0}
.acciones{grid-column:1/-1;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:.3rem;background:var(--marca);color:#fff;cursor:pointer}
.tabla{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #cfcfcf;vertical-align:top}
th{background:var(--fondo)}
.paginas{display:flex;gap:1rem;align-items:center;margin:1rem 0;flex-wrap:wrap}
.estado{border-left:4px solid var(--ok);padding:.5rem 1rem;background:var(--fondo);margin:1rem 0}
.estado.parcial{border-color:var(--aviso)}
.estado.error{border-color:var(--alerta)}
.estado ul{margin:.25rem 0;padding-left:1.25rem}
.en-linea{display:inline}
.falla{color:var(--alerta);font-weight:600}
.mantenimiento{color:var(--aviso);font-weight:600}
dl.registro{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dl.registro dt{font-weight:600}
dl.registro dd{margin:0}
dl.registro dl.registro{border-left:2px solid #cfcfcf;padding-left:.75rem}
.exportar{display:flex;gap:1rem;flex-wrap:wrap}
.pie{margin-top:3rem;border-top:1px solid #cfcfcf;padding:1rem 0;font-size:.9rem;color:var(--suave)}
`
