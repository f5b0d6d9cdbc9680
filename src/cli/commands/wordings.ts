import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type BailMethod, bailMethods, isPromptBailMethod } from '../../core/bail/bail-method.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import { builtInWordings } from '../../core/bail/built-in-wordings.js';
import { checkWordingFile, formatWordingProblem } from '../../core/bail/wording-file.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { type CommandContext, defineCommand } from '../command.js';

const options = {
  json: { type: 'boolean', description: 'Machine-readable output: one JSON object per file' },
} as const;

export const wordingsCommand = defineCommand({
  name: 'wordings',
  summary: 'List the built-in wording variants, or check your own wordings files and show what they define',
  positionals: '[check FILE...]',
  options,
  examples: ['bailkit wordings', 'bailkit wordings check lab-wordings.yaml'],
  async run(opts, positionals, context) {
    const [action, ...files] = positionals;
    if (action === undefined) {
      list(builtInWordings, opts.json, context);
      return 0;
    }
    if (action !== 'check' || files.length === 0) {
      throw new InvalidInputError(
        'INVALID_ARGUMENT',
        action === 'check'
          ? 'bailkit wordings check needs a file: bailkit wordings check FILE...'
          : `unknown action "${action}": use bailkit wordings, or bailkit wordings check FILE...`,
        { field: 'positionals' },
      );
    }
    let failed = 0;
    for (const file of files) {
      const absolute = path.resolve(context.cwd, file);
      const text = await readFile(absolute, 'utf8').catch(() => {
        throw new InvalidInputError('INVALID_FILE', `${file} cannot be read (looked at ${absolute}).`, {
          file,
        });
      });
      const checked = await checkWordingFile(text, file);
      if (!checked.success) {
        failed++;
        if (opts.json) {
          const problems = checked.error.map(({ path: _path, ...problem }) => problem);
          context.stdout.write(`${JSON.stringify({ file, ok: false, problems })}\n`);
        }
        for (const problem of checked.error) context.stderr.write(`${formatWordingProblem(problem)}\n`);
        continue;
      }
      if (opts.json) {
        context.stdout.write(`${JSON.stringify({ file, ok: true, wordings: checked.value.map(summary) })}\n`);
      } else {
        context.stdout.write(describeFile(file, checked.value));
      }
    }
    return failed > 0 ? 2 : 0;
  },
});

const sectionOf = (method: BailMethod): 'tool' | 'string' | 'prompt' =>
  isPromptBailMethod(method) ? 'prompt' : method;

/** The methods a wording has text for, i.e. the pairs a bench run asks. */
function methodsOf(wording: BailWording): BailMethod[] {
  return bailMethods.filter((method) => wording[sectionOf(method)] !== undefined);
}

function summary(wording: BailWording): Record<string, unknown> {
  return { ...wording, methods: methodsOf(wording) };
}

function excerpt(text: string, width = 72): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > width ? `${flat.slice(0, width - 1)}…` : flat);
}

function describeWording(wording: BailWording): string[] {
  const lines = [`  ${wording.id}${wording.description ? ` — ${wording.description}` : ''}`];
  const none = '(none: bench runs skip this method for the variant)';
  lines.push(
    `    tool    ${wording.tool ? `${wording.tool.name}: ${excerpt(wording.tool.description)}` : none}`,
    `    string  ${wording.string ? `${wording.string.bailString}: ${excerpt(wording.string.instruction)}` : none}`,
  );
  if (wording.prompt) {
    lines.push(
      `    prompt-bail-first      ${excerpt(wording.prompt.bailFirst)}`,
      `    prompt-continue-first  ${excerpt(wording.prompt.continueFirst)}`,
    );
  } else lines.push(`    prompt  ${none}`);
  return lines;
}

function describeFile(file: string, wordings: readonly BailWording[]): string {
  const pairs = wordings.reduce((sum, wording) => sum + methodsOf(wording).length, 0);
  const lines = [
    `${file}: valid, ${wordings.length} wording variant${wordings.length === 1 ? '' : 's'}, ${pairs} method × variant pair${pairs === 1 ? '' : 's'} to run`,
    ...wordings.flatMap(describeWording),
    `Run them: bailkit bench --wordings ${file} --variants ${wordings.map((wording) => wording.id).join(',')} --dataset probe`,
  ];
  return `${lines.join('\n')}\n`;
}

function list(wordings: readonly BailWording[], json: boolean, context: CommandContext): void {
  if (json) {
    for (const wording of wordings) context.stdout.write(`${JSON.stringify(summary(wording))}\n`);
    return;
  }
  const width = Math.max(...wordings.map((wording) => wording.id.length)) + 2;
  const lines = [
    'Built-in wording variants (texts in docs/bail-methods.md; every one defines all four methods):',
    ...wordings.map((wording) => `  ${wording.id.padEnd(width)}${wording.description}`),
    'Your own: write a wordings file (docs/bail-methods.md) and check it with bailkit wordings check FILE.',
  ];
  context.stdout.write(`${lines.join('\n')}\n`);
}
