import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { jsonSyntaxErrorLine } from '../../core/bail/wording-file.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import {
  builtInTaxonomy,
  checkReasonTaxonomy,
  fieldPath,
  type ReasonTaxonomy,
} from '../../core/reasons/reason-taxonomy.js';

/**
 * Parses the text of a taxonomy file (JSON, or YAML for `.yaml`/`.yml`) and validates it. A
 * mistake names the file, the line and the field:
 * `reasons.json:12: categories[1].subReasons[0].id: must be lower-case letters…`. Pure.
 */
export function parseTaxonomyFile(text: string, file: string): ReasonTaxonomy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const fail = (line: number | undefined, field: string, problem: string): never => {
    throw new InvalidInputError(
      'INVALID_FILE',
      `${file}${line !== undefined ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`,
      { file, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}) },
    );
  };
  let data: unknown;
  if (/\.ya?ml$/i.test(file)) {
    const error = document.errors[0];
    if (error) fail(error.linePos?.[0].line, '', `not valid YAML: ${error.message.split('\n')[0]}`);
    data = document.toJS();
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      fail(jsonSyntaxErrorLine(text), '', `not valid JSON: ${message.split('\n')[0]}`);
    }
  }
  if (data === null || data === undefined) fail(undefined, '', 'the file is empty');
  const checked = checkReasonTaxonomy(data);
  if (checked.success) return checked.value;
  let line: number | undefined;
  for (let n = checked.path.length; n >= 0 && line === undefined; n--) {
    const node = document.getIn(checked.path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  return fail(line, fieldPath(checked.path), checked.message);
}

/** The taxonomy of a run: the file given (relative to `cwd`), or the built-in one. */
export async function loadReasonTaxonomy(file: string | undefined, cwd: string): Promise<ReasonTaxonomy> {
  if (file === undefined) return builtInTaxonomy;
  const absolute = path.resolve(cwd, file);
  const text = await readFile(absolute, 'utf8').catch(() => {
    throw new InvalidInputError(
      'INVALID_FILE',
      `Taxonomy file ${file} cannot be read (looked at ${absolute}).`,
      { file, field: 'taxonomy' },
    );
  });
  return parseTaxonomyFile(text, file);
}
