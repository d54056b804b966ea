/**
 * A catalogue import (POST /v1/catalog/imports): CSV text with the header
 * `code,name,catalogClass,drugClass,effectiveFrom`, read line by line into entries and a report of
 * the lines refused (API.md "Catalogue"). RFC 4180 quoting ("…", "" for a quote) so that a name may
 * hold a comma; a quoted field may not span lines (a catalogue name never does). Line numbers count
 * the header as line 1, as a spreadsheet shows them.
 */
import { CATALOG_CLASSES, CatalogClass, DRUG_CLASSES, dateProblem } from '@benefit/shared';
import { ID_PATTERN } from '../enrollment/dto';
import { textProblem } from '../common/validation';

export const CATALOG_CSV_HEADER = ['code', 'name', 'catalogClass', 'drugClass', 'effectiveFrom'] as const;

/**
 * Lines one import reads: a regional catalogue revision runs to a few thousand codes; a whole
 * catalogue is imported in parts. Bounds the request's work (one append, one rebuild of the book).
 */
export const MAX_IMPORT_LINES = 2000;
/** Bytes one import reads: MAX_IMPORT_LINES lines of up to about 250 bytes (a 200-character name in UTF-8 is longer: split it). */
export const MAX_IMPORT_BYTES = 512 * 1024;

export interface CatalogLine {
  line: number;
  code: string;
  name: string;
  catalogClass: CatalogClass;
  drugClass: string | null;
  effectiveFrom: string;
}

export interface CatalogCsv {
  entries: CatalogLine[];
  rejected: { line: number; error: string }[];
}

/** The fields of one CSV line, or an error naming what is wrong with its quoting. */
function fieldsOf(text: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const end = text.indexOf('"', i);
        if (end < 0) return 'a quoted field is not closed';
        value += text.slice(i, end);
        if (text[end + 1] === '"') {
          value += '"';
          i = end + 2;
        } else {
          i = end + 1;
          break;
        }
      }
      out.push(value);
      if (i === text.length) return out;
      if (text[i] !== ',') return 'a quoted field must be followed by a comma or the end of the line';
      i++;
    } else {
      const end = text.indexOf(',', i);
      if (end < 0) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, end));
      i = end + 1;
    }
  }
}

function lineOf(line: number, text: string): CatalogLine | string {
  const fields = fieldsOf(text);
  if (typeof fields === 'string') return fields;
  if (fields.length !== CATALOG_CSV_HEADER.length) return `has ${fields.length} fields; the header names ${CATALOG_CSV_HEADER.length} (${CATALOG_CSV_HEADER.join(',')})`;
  const [code, name, catalogClass, drugClass, effectiveFrom] = fields.map((f) => f.trim());
  const errors: string[] = [];
  if (!ID_PATTERN.test(code)) errors.push('code: must be 1-64 letters, digits, ".", "_", ":" or "-"');
  const nameProblem = textProblem(name, 1, 200);
  if (nameProblem) errors.push(`name: ${nameProblem}`);
  if (!(CATALOG_CLASSES as readonly string[]).includes(catalogClass)) errors.push(`catalogClass: must be one of ${CATALOG_CLASSES.join(', ')}`);
  if (drugClass !== '' && drugClass !== 'null' && !(DRUG_CLASSES as readonly string[]).includes(drugClass)) errors.push(`drugClass: must be empty or one of ${DRUG_CLASSES.join(', ')}`);
  const dateError = dateProblem(effectiveFrom);
  if (dateError) errors.push(`effectiveFrom: ${dateError}`);
  if (errors.length) return errors.join('; ');
  return { line, code, name, catalogClass: catalogClass as CatalogClass, drugClass: drugClass === '' || drugClass === 'null' ? null : drugClass, effectiveFrom };
}

/**
 * Good lines become entries, bad lines are named with their error; blank lines are skipped. A body
 * without the header, or with more than MAX_IMPORT_LINES lines, is refused as a whole (the string).
 */
export function readCatalogCsv(text: string): CatalogCsv | string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (!header || header.join(',') !== CATALOG_CSV_HEADER.join(',')) return `the first line must be the header ${CATALOG_CSV_HEADER.join(',')}`;
  if (lines.length - 1 > MAX_IMPORT_LINES) return `has ${lines.length - 1} lines after the header; one import reads at most ${MAX_IMPORT_LINES} (import a larger catalogue in parts)`;
  const out: CatalogCsv = { entries: [], rejected: [] };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const read = lineOf(i + 1, lines[i]);
    if (typeof read === 'string') out.rejected.push({ line: i + 1, error: read });
    else out.entries.push(read);
  }
  return out;
}
