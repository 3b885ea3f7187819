// The search page: asks Pagefind's script (/pagefind/pagefind.js, written by `vertebra build`)
// for the pages matching what the reader types, and lists them with their kind, date and the
// passage that matched. Everything loads from this site; the words shown come from the form's
// data attributes, which the theme translates. Without JavaScript the page's <noscript> text
// says search needs it and links the therapy and condition indexes.
const form = document.querySelector('form[data-search]');
const input = form.querySelector('input[type="search"]');
const kinds = form.querySelector('[data-search-kinds]');
const status = document.querySelector('[data-search-status]');
const list = document.querySelector('[data-search-results]');
const words = form.dataset;
const lang = document.documentElement.lang || 'en';
const plural = new Intl.PluralRules(lang);
const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
// How many results are shown (the most relevant first).
const SHOWN = 20;

let pagefind = null;
let latest = 0;
let timer = 0;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// A kind's name from the form's data attributes: `kind` + Kind for the filter (plural),
// `one` + Kind for one result.
function kindWord(prefix, kind) {
  return words[prefix + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
}

function chosenKind() {
  const checked = kinds.querySelector('input:checked');
  return checked && checked.value ? checked.value : null;
}

// One radio button per kind the index has, and "everything".
async function showKinds() {
  const filters = await pagefind.filters();
  const present = Object.keys((filters && filters.kind) || {}).sort();
  if (present.length < 2) return;
  for (const kind of [''].concat(present)) {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'kind';
    radio.value = kind;
    radio.checked = kind === '';
    radio.addEventListener('change', () => search(input.value));
    label.append(radio, ' ', kind ? kindWord('kind', kind) : words.kindAll);
    kinds.append(label);
  }
  kinds.hidden = false;
}

function resultItem(data) {
  const item = document.createElement('li');
  const title = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  title.append(link);
  item.append(title);
  const about = document.createElement('p');
  about.className = 'search-result-meta';
  const kind = data.meta && data.meta.kind;
  if (kind) {
    const badge = document.createElement('span');
    badge.className = 'search-result-kind';
    badge.textContent = kindWord('one', kind);
    about.append(badge);
  }
  const date = data.meta && data.meta.date;
  if (date) {
    const time = document.createElement('time');
    time.dateTime = date;
    const parsed = new Date(date + 'T00:00:00Z');
    time.textContent = isNaN(parsed) ? date : dates.format(parsed);
    about.append(time);
  }
  if (about.childNodes.length) item.append(about);
  const excerpt = document.createElement('p');
  excerpt.className = 'search-result-excerpt';
  // Pagefind's excerpt is the page's text, escaped, with the matches in <mark>.
  excerpt.innerHTML = data.excerpt;
  item.append(excerpt);
  return item;
}

async function search(query) {
  const run = ++latest;
  const trimmed = query.trim();
  const url = new URL(location.href);
  if (trimmed) url.searchParams.set('q', trimmed);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
  if (!trimmed) {
    list.replaceChildren();
    status.textContent = '';
    return;
  }
  status.textContent = words.searching;
  const kind = chosenKind();
  const found = await pagefind.search(trimmed, kind ? { filters: { kind } } : {});
  if (run !== latest || !found) return;
  const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  if (run !== latest) return;
  list.replaceChildren(...data.map(resultItem));
  const count = found.results.length;
  const template =
    count === 0
      ? words.noResults
      : plural.select(count) === 'one'
        ? words.resultsOne
        : words.resultsOther;
  status.textContent = fill(template, { count: count.toLocaleString(lang), query: trimmed });
}

async function start() {
  try {
    pagefind = await import(form.dataset.search);
    // The index holds each page's URL with the base path already: Pagefind must not add the
    // folder it was loaded from (`/clinic/`) again.
    await pagefind.options({ baseUrl: '/' });
    await pagefind.init();
  } catch (error) {
    status.textContent = words.failed;
    return;
  }
  await showKinds();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 250);
  });
  // What was typed while the index loaded, else the address's query.
  const query = input.value || new URL(location.href).searchParams.get('q');
  if (query) {
    input.value = query;
    search(query);
  }
}

start();
