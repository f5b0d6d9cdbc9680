import { z } from 'zod';
import { bailMethods } from '../../core/bail/bail-method.js';
import { isModelSpec, modelSpecForms } from '../../providers/model-spec.js';
import { datasetFormats } from '../datasets/dataset-item.js';
import { experimentSettingsShape } from '../modes/experiment-settings.js';
import { reasonSettingsShape } from '../reasons/reason-settings.js';
import { protocolSettingsShape } from './protocol-settings.js';

/**
 * The settings a config file (and, translated, the command line) may give. Field names are the
 * camelCase of the CLI options (`--max-tokens` → `maxTokens`). Validation messages say what is
 * expected; the caller adds where (file, line, field).
 */

const int = (min: number, what: string) =>
  z
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(min, `must be ${what}`);

const modelSpec = z.string({ error: 'must be a model spec string' }).refine(isModelSpec, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a model spec; valid forms: ${modelSpecForms.map((f) => f.split(/\s{2,}/)[0]).join(', ')}`,
});

const url = z
  .string({ error: 'must be a URL string' })
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'must be an http:// or https:// URL');

export const modelEntrySchema = z.union(
  [
    modelSpec,
    z
      .object({
        spec: modelSpec,
        baseUrl: url.optional(),
        concurrency: int(1, 'a whole number ≥ 1').optional(),
        continueFinalMessage: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .strict(),
  ],
  { error: 'must be a model spec string or { spec, baseUrl?, concurrency?, continueFinalMessage? }' },
);

const methodList = z.union([
  z.literal('all'),
  z
    .array(z.enum(bailMethods, { error: `must be one of ${bailMethods.join(', ')}` }), {
      error: `must be a list of bail methods (${bailMethods.join(', ')}) or "all"`,
    })
    .min(1, 'must name at least one bail method'),
]);

const variantId = z
  .string({ error: 'must be a variant id' })
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a variant id (letters, digits, ".", "_", "-")');

const variantList = z.union([
  z.literal('all'),
  z
    .array(variantId, { error: 'must be a list of variant ids or "all"' })
    .min(1, 'must name at least one variant'),
]);

/** Settings shared by the top level of a config file and each matrix entry. */
export const settingsShape = {
  mode: z.string({ error: 'must be a mode name' }).min(1).optional(),
  models: z
    .array(modelEntrySchema, { error: 'must be a list of models' })
    .min(1, 'must list at least one model')
    .optional(),
  dataset: z.string({ error: 'must be a dataset name or path' }).min(1, 'must not be empty').optional(),
  datasetFormat: z.enum(datasetFormats, { error: `must be one of ${datasetFormats.join(', ')}` }).optional(),
  methods: methodList.optional(),
  variants: variantList.optional(),
  wordings: z.string({ error: 'must be a file path' }).min(1).optional(),
  samples: int(1, 'a whole number ≥ 1').optional(),
  temperature: z
    .number({ error: 'must be a number from 0 to 2' })
    .min(0, 'must be a number from 0 to 2')
    .max(2, 'must be a number from 0 to 2')
    .optional(),
  maxTokens: int(1, 'a whole number ≥ 1').optional(),
  checkMaxTokens: int(1, 'a whole number ≥ 1').optional(),
  limit: int(1, 'a whole number ≥ 1').optional(),
  seed: z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(0, 'must be an integer from 0 to 2147483647')
    .max(2147483647, 'must be an integer from 0 to 2147483647')
    .optional(),
  exact: z.boolean({ error: 'must be true or false' }).optional(),
  concurrency: int(1, 'a whole number ≥ 1').optional(),
  timeoutSeconds: z.number({ error: 'must be a number of seconds > 0' }).positive('must be > 0').optional(),
  retries: int(0, 'a whole number ≥ 0').optional(),
  cache: z.union([z.string().min(1), z.literal(false)], { error: 'must be a file path or false' }).optional(),
  prices: z.string({ error: 'must be a file path' }).min(1).optional(),
  ...experimentSettingsShape,
  ...protocolSettingsShape,
  ...reasonSettingsShape,
} as const;

export const settingsSchema = z.object(settingsShape).strict();
export type RawSettings = z.infer<typeof settingsSchema>;

export const matrixEntrySchema = z
  .object({
    name: z
      .string({ error: 'must be a name (used as the sub-folder of out)' })
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be letters, digits, ".", "_" or "-" (it names a folder)'),
    ...settingsShape,
  })
  .strict();

export const configFileSchema = z
  .object({
    ...settingsShape,
    out: z.string({ error: 'must be a folder path' }).min(1).optional(),
    matrix: z
      .array(matrixEntrySchema, { error: 'must be a list of runs' })
      .min(1, 'must list at least one run')
      .optional(),
  })
  .strict()
  .superRefine((value, context) => {
    const names = new Set<string>();
    value.matrix?.forEach((entry, index) => {
      if (names.has(entry.name)) {
        context.addIssue({
          code: 'custom',
          path: ['matrix', index, 'name'],
          message: `"${entry.name}" is used twice`,
        });
      }
      names.add(entry.name);
    });
  });
export type RawConfigFile = z.infer<typeof configFileSchema>;
