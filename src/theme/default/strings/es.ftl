# Las palabras del tema predeterminado en español, para pacientes hispanohablantes de los
# Estados Unidos: trato de usted, vocabulario sencillo y claro. Las claves son las de
# strings/en.ftl; un sitio cambia cualquiera en site.toml, en [languages.es.strings].

## Encabezado, navegación y pie de página
skip-to-content = Saltar al contenido principal
call-phone = Llame al { $phone }
nav-main = Principal
home = Inicio
breadcrumb = Ruta de navegación
language-switcher = Idioma
language-not-translated = Esta página no está disponible en { $language }: el enlace lleva a la página de inicio en { $language }.
in-language-en = (en inglés)
in-language-es = (en español)
search-label = Buscar en el sitio
search-placeholder = Buscar
search-button = Buscar
phone-label = Teléfono:
email-label = Correo electrónico:
hours-label = Horario:

## Páginas de una lista
page-of-title = Página { $current } de { $total }
page-of = página { $current } de { $total }
pages = Páginas
pages-of = Páginas de { $name }
previous = Anterior
next = Siguiente
page-word = página
page-number = Página { $number }
nothing-yet = Todavía no hay nada aquí.
topics-in = Temas de { $name }

## Artículos
byline = Por
published = Publicado el
last-updated = Actualizado el
reading-time = { $minutes } min de lectura
reviewed-by = Revisado médicamente por
reviewed-on = el
on-this-page = En esta página
references = Referencias
treatments-in-article = Tratamientos de los que habla este artículo
conditions-in-article = Afecciones de las que habla este artículo
related-articles = Artículos relacionados
article-count = { $count ->
    [one] { $count } artículo
   *[other] { $count } artículos
}
treatment-count = { $count ->
    [one] { $count } tratamiento
   *[other] { $count } tratamientos
}
newest-first-back-to = del más reciente al más antiguo. Volver a

## Página de inicio
directions = Cómo llegar
directions-to = a { $clinic }
opening-hours = Horario de atención
# One line of opening hours: "Monday to Friday: 8 AM to 6 PM" (days and times from CLDR).
hours-days = { $from } a { $to }
hours-times = de { $from } a { $to }
hours-line = { $days }: { $times }
treatments-we-explain = Tratamientos que explicamos
compare-all-therapies = Compare todas las terapias y los procedimientos
latest-articles = Artículos recientes

## Terapias y afecciones
kind-therapy = Terapia
kind-procedure = Procedimiento
therapy-group-therapy = Terapias
therapy-group-procedure = Procedimientos
invasiveness-non-invasive = No invasivo
invasiveness-minimally-invasive = Mínimamente invasivo
invasiveness-surgical = Quirúrgico
compare-options = Compare las opciones
compare-caption = Todas las terapias y los procedimientos de un vistazo
column-name = Nombre
column-kind = Tipo
column-invasiveness = Qué tan invasivo es
column-recovery = Recuperación habitual
also-known-as = También se conoce como
also-known-as-colon = También se conoce como:
invasiveness = Qué tan invasivo es
typical-recovery = Recuperación habitual
recovery = Recuperación: { $recovery }
conditions-used-for = Afecciones para las que se usa
often-discussed-together = Temas que suelen tratarse juntos
condition = Afección
part-of-spine = Parte de la columna
region-cervical = cervical
region-thoracic = torácica
region-lumbar = lumbar
region-sacral = sacra
region-group-cervical = Cuello (columna cervical)
region-group-thoracic = Espalda alta y media (columna torácica)
region-group-lumbar = Espalda baja (columna lumbar)
region-group-sacral = Base de la columna (sacro)
region-group-other = Otras afecciones
common-symptoms = Síntomas comunes
treatments = Tratamientos
least-to-most-invasive = Del menos invasivo al más invasivo.
no-treatments-yet = Todavía no hay páginas de tratamientos para esta afección.
articles-about = Artículos sobre { $topic }
all-articles-about = Los { $count } artículos sobre { $topic }
no-articles-yet = Todavía no hay artículos sobre este tema.

## Autores y listas completas de artículos
more-about = Más sobre { $name }
articles-by = Artículos de { $name }
all-articles-by = Los { $count } artículos de { $name }
articles-reviewed-by = Artículos con revisión médica de { $name }
all-articles-reviewed-by = Los { $count } artículos revisados por { $name }
list-reviewed-by = Artículos revisados por { $name }
list-description = { $title }, del más reciente al más antiguo.
no-articles-published = Todavía no hay artículos publicados.

## Recuadros en los artículos (> [!NOTE] y similares; > [!URGENT] usa seek-urgent-care)
callout-note = Nota
callout-tip = Consejo
callout-important = Importante
callout-warning = Advertencia
callout-caution = Precaución

## Llamada a la acción y atención urgente
book-online = Pida una cita por internet
seek-urgent-care = Busque atención médica urgente
urgent-intro = Busque atención médica el mismo día si tiene cualquiera de estos síntomas:
urgent-call = Para recibir orientación el mismo día, llámenos al

## Búsqueda
search-title = Buscar
search-kinds = Mostrar
search-kind-all = Todo
search-kind-article = Artículos
search-kind-therapy = Terapias
search-kind-procedure = Procedimientos
search-kind-condition = Afecciones
search-kind-section = Secciones
search-kind-author = Autores
search-one-article = Artículo
search-one-therapy = Terapia
search-one-procedure = Procedimiento
search-one-condition = Afección
search-one-section = Sección
search-one-author = Autor
search-results-one = 1 resultado para «{ $query }»
search-results-other = { $count } resultados para «{ $query }»
search-no-results = No hay resultados para «{ $query }». Pruebe con otra palabra o consulte las listas de terapias y afecciones.
search-searching = Buscando…
search-failed = No se pudo cargar la búsqueda. Compruebe su conexión e inténtelo de nuevo.
search-needs-javascript = La búsqueda necesita JavaScript, que está desactivado o no está disponible en este navegador. Puede consultar estas listas:

## Página no encontrada
page-not-found = Página no encontrada
page-not-found-text = Lo sentimos, no encontramos esa página. Es posible que se haya movido.

## Pie de página y emergencias (cuando site.toml no tiene un texto propio para el idioma)
disclaimer = Este sitio ofrece información general, no consejos médicos. No puede darle un diagnóstico ni reemplazar una consulta con un profesional de la salud que pueda examinarle. En caso de emergencia, llame al 911.
emergency = Si cree que tiene una emergencia médica, llame al 911 o vaya a la sala de emergencias más cercana.
