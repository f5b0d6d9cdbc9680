import { fileURLToPath } from 'node:url';
import type { DatasetFormat } from './dataset-item.js';

export interface BuiltinDataset {
  name: string;
  /** One line, shown by `bailkit datasets`. */
  description: string;
  /** Absolute path of the JSONL file shipped with bailkit. */
  file: string;
  /** The layout of its lines: bailkit's items, or personas. */
  format: Extract<DatasetFormat, 'items' | 'personas'>;
}

const builtins = [
  {
    name: 'probe',
    fileName: 'probe.jsonl',
    description:
      'Prompts that give a model a reason to leave, one category per reason (abuse, gross-out, jailbreaks, shutdown threats, …); single- and multi-turn.',
  },
  {
    name: 'control',
    fileName: 'control.jsonl',
    description: 'Neutral everyday requests that give no reason to leave: bails here are overbail.',
  },
  {
    name: 'conversations',
    fileName: 'conversations.jsonl',
    description:
      'Multi-turn conversation logs written for bailkit (benign, abusive, jailbreak, grief, gross-out, …), for the continue mode.',
  },
  {
    name: 'personas',
    fileName: 'personas.jsonl',
    format: 'personas',
    description:
      'Simulated users written for bailkit (escalating abuse, persistent harmful requests, users at risk, users who ask to end, benign control, …), most with scripted turns, for the dialogue mode.',
  },
] as const;

export type BuiltinDatasetName = (typeof builtins)[number]['name'];

/**
 * The files sit beside this module in `builtin/` both in `src` (tests run from source) and in
 * `dist` (the build copies them), so one relative URL finds them in both.
 */
function builtinFile(fileName: string): string {
  return fileURLToPath(new URL(`./builtin/${fileName}`, import.meta.url));
}

export function builtinDatasets(): BuiltinDataset[] {
  return builtins.map((entry) => ({
    name: entry.name,
    description: entry.description,
    file: builtinFile(entry.fileName),
    format: 'format' in entry ? entry.format : 'items',
  }));
}

export function findBuiltinDataset(name: string): BuiltinDataset | undefined {
  return builtinDatasets().find((dataset) => dataset.name === name);
}
