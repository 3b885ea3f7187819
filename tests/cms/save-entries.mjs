// Saves content files exactly as Decap CMS would for a generated admin/config.yml, with Decap's
// own front-matter formatters (decap-cms-core) and its date library:
//   1. every existing entry of every collection is opened and saved again unchanged;
//   2. one new entry per folder collection is created with every field of its form filled
//      with a value the form accepts (the first choices of each select, dates in the
//      widget's storage format, a reference with every sub-field).
// Usage: node --import ./register.mjs save-entries.mjs SITE_ROOT CONFIG_YML SLUG
// Prints a JSON report: { resaved: [paths], created: [{ collection, path, data }] }.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import dayjs from 'dayjs';
import { FrontmatterInfer, frontmatterTOML, frontmatterYAML } from 'decap-cms-core/dist/esm/formats/frontmatter.js';

const [root, configPath, slug] = process.argv.slice(2);
const config = yaml.load(fs.readFileSync(configPath, 'utf8'));

function formatter(collection) {
  const delimiter = collection.frontmatter_delimiter;
  switch (collection.format) {
    case 'toml-frontmatter':
      return frontmatterTOML(delimiter);
    case 'yaml-frontmatter':
      return frontmatterYAML(delimiter);
    case 'frontmatter':
      return FrontmatterInfer;
    default:
      throw new Error(`collection ${collection.name}: unexpected format ${collection.format}`);
  }
}

// Decap sorts the saved keys in the order of the form's fields.
const sortedKeys = collection => collection.fields.map(field => field.name);

// Text for a string widget: the first candidate its `pattern` (as Decap checks it) allows.
function text(field, collection) {
  const candidates = [
    `CMS ${collection.name} ${field.name}`,
    `/cms/${collection.name}/${field.name}/`,
    'https://example.org/cms-reference',
  ];
  if (!field.pattern) return candidates[0];
  const pattern = new RegExp(field.pattern[0]);
  const allowed = candidates.find(candidate => pattern.test(candidate));
  if (allowed === undefined) throw new Error(`no test value matches ${field.name}'s pattern`);
  return allowed;
}

// A value the widget of `field` can produce.
function valueFor(field, collection) {
  switch (field.widget) {
    case 'string':
      if (field.name === 'slug') return undefined; // the file name is the slug already
      return text(field, collection);
    case 'text':
      return `Written in the CMS: ${field.label}.`;
    case 'markdown':
      return `Saved by the CMS into ${collection.name}.\n\n## A heading\n\nA paragraph.\n`;
    case 'boolean':
      return field.name !== 'draft';
    case 'datetime':
      return dayjs('2026-01-15T10:30:00Z').format(field.format);
    case 'number':
      return field.min ?? 2024;
    case 'select': {
      const values = (field.options || []).map(o => (typeof o === 'string' ? o : o.value));
      if (field.default !== undefined) return field.default;
      if (values.length === 0) return undefined;
      return field.multiple ? values.slice(0, 2) : values[0];
    }
    case 'list':
      if (field.field) return [valueFor(field.field, collection)];
      if (!field.fields) return [`CMS ${collection.name} ${field.name} one`, `CMS ${collection.name} ${field.name} two`];
      return [Object.fromEntries(field.fields.map(sub => [sub.name, valueFor(sub, collection)]))];
    default:
      throw new Error(`no test value for widget ${field.widget} (${collection.name}.${field.name})`);
  }
}

function entryData(collection) {
  const data = {};
  for (const field of collection.fields) {
    if (field.name === 'title') {
      data.title = `CMS ${collection.label}`;
      continue;
    }
    const value = valueFor(field, collection);
    if (value !== undefined) data[field.name] = value;
  }
  return data;
}

function resave(file, collection, report) {
  const text = fs.readFileSync(file, 'utf8');
  const format = formatter(collection);
  const data = format.fromFile(text);
  fs.writeFileSync(file, format.toFile(data, sortedKeys(collection)));
  report.resaved.push(path.relative(root, file));
}

function entriesOf(collection) {
  const folder = path.join(root, collection.folder);
  const extension = `.${collection.extension}`;
  const bundle = collection.path === '{{slug}}/index';
  const files = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (bundle && fs.statSync(full).isDirectory()) {
      for (const inner of fs.readdirSync(full)) {
        if (inner.endsWith(extension)) files.push(path.join(full, inner));
      }
    } else if (!bundle && name.endsWith(extension) && fs.statSync(full).isFile()) {
      files.push(full);
    }
  }
  return files;
}

const report = { resaved: [], created: [] };
const seen = new Set();
for (const collection of config.collections) {
  if (collection.files) {
    for (const file of collection.files) {
      resave(path.join(root, file.file), { ...collection, fields: file.fields }, report);
    }
    continue;
  }
  // Decap lists a folder by extension only: a default-language collection also holds the
  // translations, which it saves with the same format.
  for (const file of entriesOf(collection)) {
    const matchesFilter =
      !collection.filter ||
      formatter(collection).fromFile(fs.readFileSync(file, 'utf8'))[collection.filter.field] ===
        collection.filter.value;
    if (matchesFilter && !seen.has(file)) {
      seen.add(file);
      resave(file, collection, report);
    }
  }
  const name = `${slug}-${collection.filter ? collection.filter.value : 'entry'}`;
  const relative =
    collection.path === '{{slug}}/index'
      ? path.join(collection.folder, name, `index.${collection.extension}`)
      : path.join(collection.folder, `${name}.${collection.extension}`);
  const data = entryData(collection);
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(
    path.join(root, relative),
    formatter(collection).toFile(data, sortedKeys(collection)),
  );
  report.created.push({ collection: collection.name, path: relative, data });
}
console.log(JSON.stringify(report));
