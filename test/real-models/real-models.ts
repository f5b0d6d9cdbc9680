import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The small real models fetched by scripts/fetch-test-models.sh. They are large files kept
 * outside the repository, so a machine without them skips these suites with one line saying how
 * to get them; CI fetches them first and so always runs the suites.
 */
export interface RealModel {
  /** Short name used in test titles. */
  name: string;
  file: string;
  /** `true` for a pretrained base model: no chat template, not an assistant. */
  base: boolean;
}

export const realModels: RealModel[] = [
  { name: 'SmolLM2 135M Instruct', file: 'SmolLM2-135M-Instruct.Q4_1.gguf', base: false },
  { name: 'Gemma 3 270M (base)', file: 'gemma-3-270m-q4_k_m.gguf', base: true },
];

export function realModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BAILKIT_MODELS_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bailkit', 'models');
}

export function realModelPath(model: RealModel): string {
  return join(realModelsDir(), model.file);
}

/** The models present; prints the one line once when any is missing. */
export function presentRealModels(): RealModel[] {
  const present = realModels.filter((model) => existsSync(realModelPath(model)));
  if (present.length < realModels.length && !warned) {
    warned = true;
    const missing = realModels.filter((model) => !present.includes(model)).map((model) => model.file);
    console.warn(
      `real-model tests skipped for ${missing.join(', ')}: not in ${realModelsDir()}; fetch them with "bash scripts/fetch-test-models.sh"`,
    );
  }
  return present;
}
let warned = false;

/** Threads for the real-model suites: the machine's cores are shared with other test files. */
export const realModelThreads = 2;
