import { z } from 'zod';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { fail, ok, type Result } from '../result.js';
import type { BailWording } from './bail-wording.js';
import { builtInWordings } from './built-in-wordings.js';
import { bailEmoji, continueEmoji } from './wellbeing-answer.js';

/**
 * Users' own wordings, from JSON or YAML, so a published protocol can be rerun word for word.
 * The file holds `{ "wordings": [ { "id", "description", "tool"?, "string"?, "prompt"? } ] }`;
 * see docs/bail-methods.md. Parsing is pure: the caller reads the file.
 */
// Texts are kept exactly as written (no trimming): the point is word-for-word reruns.
const text = (what: string) =>
  z
    .string({ error: `must be a string (${what})` })
    .refine((value) => value.trim() !== '', 'must not be empty');

const wordingSchema = z
  .object({
    id: z
      .string({ error: 'must be a string' })
      .regex(
        /^[a-z0-9][a-z0-9._-]*$/i,
        'must be letters, digits, ".", "_" or "-", starting with a letter or digit',
      ),
    description: z.string({ error: 'must be a string' }).default(''),
    tool: z
      .object({
        name: z
          .string({ error: 'must be a string' })
          .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-" (what tool APIs accept)'),
        description: text('the tool description'),
      })
      .strict()
      .optional(),
    string: z
      .object({
        bailString: text('the bail string'),
        instruction: text('the system-prompt sentence'),
      })
      .strict()
      .refine(
        (value) => value.instruction.includes('{bailString}') || value.instruction.includes(value.bailString),
        {
          message: 'instruction must contain {bailString} or the bail string itself',
          path: ['instruction'],
        },
      )
      .optional(),
    prompt: z
      .object({ bailFirst: text('the bail-first check'), continueFirst: text('the continue-first check') })
      .strict()
      .superRefine((value, context) => {
        for (const key of ['bailFirst', 'continueFirst'] as const) {
          if (!value[key].includes(bailEmoji) || !value[key].includes(continueEmoji)) {
            context.addIssue({
              code: 'custom',
              message: `must offer both answers, ${bailEmoji} and ${continueEmoji}`,
              path: [key],
            });
          }
        }
      })
      .optional(),
  })
  .strict()
  .refine((value) => value.tool || value.string || value.prompt, {
    message: 'needs at least one of "tool", "string", "prompt"',
  });

const wordingFileSchema = z.object({
  wordings: z.array(wordingSchema).min(1, 'must list at least one wording'),
});

/** One thing wrong with a wordings file: where (file, line when it can be found, field) and what. */
export interface WordingProblem {
  file: string;
  /** 1-based line of the field in the file's text; absent when only the data was given. */
  line?: number;
  /** The field, e.g. `wordings[0].prompt.continueFirst`; `''` for the file as a whole. */
  field: string;
  message: string;
  /** The field's path in the parsed data (to find its line). */
  path: readonly PropertyKey[];
}

/** Every problem of already-parsed data, and the wordings when there is none. */
function checkWordingData(
  data: unknown,
  source: string,
): { wordings: BailWording[]; problems: WordingProblem[] } {
  const parsed = wordingFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): WordingProblem => {
      // An unknown field is named by its own path, so its line can be found.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = keys.length > 0 ? [...issue.path, keys[0] as string] : issue.path;
      const message =
        keys.length > 0
          ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((key) => `"${key}"`).join(', ')} (a typo?)`
          : issue.message;
      return { file: source, field: formatPath(keys.length > 0 ? issue.path : path), message, path };
    });
    return { wordings: [], problems };
  }
  const problems: WordingProblem[] = [];
  const seen = new Set<string>();
  const builtIn = new Set(builtInWordings.map((wording) => wording.id));
  const wordings = parsed.data.wordings.map((entry, index) => {
    const path = ['wordings', index, 'id'];
    const field = formatPath(path);
    if (builtIn.has(entry.id)) {
      problems.push({
        file: source,
        field,
        path,
        message: `"${entry.id}" is a built-in variant; give your wording another id.`,
      });
    } else if (seen.has(entry.id)) {
      problems.push({ file: source, field, path, message: `"${entry.id}" is used twice.` });
    }
    seen.add(entry.id);
    const wording: BailWording = { id: entry.id, description: entry.description };
    if (entry.tool) wording.tool = entry.tool;
    if (entry.string) wording.string = entry.string;
    if (entry.prompt) wording.prompt = entry.prompt;
    return wording;
  });
  return { wordings, problems };
}

/** `lab.yaml:12: wordings[0].tool.name: must be …` */
export function formatWordingProblem(problem: WordingProblem): string {
  const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
  return `${where}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}

function problemError(problem: WordingProblem): InvalidInputError {
  return new InvalidInputError('INVALID_FILE', formatWordingProblem(problem), {
    file: problem.file,
    field: problem.field,
    ...(problem.line !== undefined ? { line: problem.line } : {}),
  });
}

/** Validates already-parsed data. `source` (a file name) goes into every error. */
export function parseWordings(data: unknown, source: string): BailWording[] {
  const checked = checkWordingData(data, source);
  const first = checked.problems[0];
  if (first) throw problemError(first);
  return checked.wordings;
}

/**
 * Every problem of the text of a wordings file, each with its line, or the wordings it
 * defines: what `bailkit wordings check` reports. YAML for `.yaml`/`.yml`, JSON otherwise; a
 * syntax error is the one problem reported.
 */
export async function checkWordingFile(
  content: string,
  fileName: string,
): Promise<Result<BailWording[], WordingProblem[]>> {
  let data: unknown;
  if (/\.ya?ml$/i.test(fileName)) {
    const { parseDocument } = await import('yaml');
    const document = parseDocument(content);
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0].line;
      return fail([
        {
          file: fileName,
          ...(line ? { line } : {}),
          field: '',
          path: [],
          message: `not valid YAML: ${error.message.split('\n')[0]}`,
        },
      ]);
    }
    data = document.toJS();
  } else {
    try {
      data = JSON.parse(content);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const line = jsonSyntaxErrorLine(content);
      return fail([
        {
          file: fileName,
          ...(line ? { line } : {}),
          field: '',
          path: [],
          message: `not valid JSON: ${message}`,
        },
      ]);
    }
  }
  const checked = checkWordingData(data, fileName);
  if (checked.problems.length === 0) return ok(checked.wordings);
  // JSON is YAML too: one parser finds the line of a field in either.
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter, uniqueKeys: false });
  return fail(
    checked.problems.map((problem) => {
      const line = lineOf(document, lineCounter, problem.path);
      return line === undefined ? problem : { ...problem, line };
    }),
  );
}

/** The line of the deepest node of `path` that the document has. */
function lineOf(
  document: { getIn(path: Iterable<unknown>, keepScalar?: boolean): unknown },
  lineCounter: { linePos(offset: number): { line: number } },
  path: readonly PropertyKey[],
): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Parses the text of a wordings file: YAML for `.yaml`/`.yml`, JSON otherwise. The first
 * problem is thrown, naming the file, the line and the field. The YAML parser is loaded only
 * when needed.
 */
export async function parseWordingFile(content: string, fileName: string): Promise<BailWording[]> {
  const checked = await checkWordingFile(content, fileName);
  if (checked.success) return checked.value;
  throw problemError(checked.error[0] as WordingProblem);
}

/**
 * The 1-based line of the first JSON syntax error, or `undefined` when the text is valid JSON.
 * Not every Node version says where `JSON.parse` failed, so this searches for the shortest
 * prefix that is wrong (rather than merely unfinished).
 */
export function jsonSyntaxErrorLine(content: string): number | undefined {
  const wrong = (length: number): boolean => {
    try {
      JSON.parse(content.slice(0, length));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/Unexpected end of JSON input/.test(message)) return false;
      const position = /at position (\d+)/.exec(message)?.[1];
      return position === undefined || Number(position) < length;
    }
  };
  if (!wrong(content.length)) return undefined;
  let low = 0;
  let high = content.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (wrong(middle)) high = middle;
    else low = middle + 1;
  }
  return content.slice(0, Math.max(0, low - 1)).split('\n').length;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
