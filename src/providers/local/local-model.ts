import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { LanguageModel } from '../../core/model.js';
import { RequestAbortedError } from '../errors/request-aborted-error.js';
import { parseModelSpec } from '../model-spec.js';
import { checkGgufFile } from './gguf-file-check.js';
import { type DownloadProgress, resolveHfFile } from './hf-download.js';
import { getLlamaRuntime } from './llama-runtime.js';
import { LocalLanguageModel } from './local-language-model.js';
import { LocalModelError } from './local-model-error.js';
import { fitChatWrapper } from './template-fit.js';

export interface LocalModelOptions {
  /** Where `HF_ENDPOINT`, `HF_TOKEN`, `XDG_CACHE_HOME`… are read; `process.env` when absent. */
  env?: Record<string, string | undefined>;
  /** Cancels a download or a load in progress. */
  signal?: AbortSignal;
  /** Download progress of an `hf:` file (the library never prints; the CLI draws the bar). */
  onProgress?: (progress: DownloadProgress) => void;
  /** Folder for downloaded models; default `$XDG_CACHE_HOME/bailkit/models` (or `~/.cache/…`). */
  cacheDir?: string;
  /** Context window in tokens; default the model's own, capped at 8,192 to bound memory. */
  contextSize?: number;
  /** `false`: CPU only. `'auto'` (default): a GPU backend when one is available. */
  gpu?: false | 'auto';
  /** CPU threads for inference; default node-llama-cpp's (all cores). */
  threads?: number;
}

const defaultMaxContext = 8192;

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * Opens a GGUF model for in-process inference with node-llama-cpp. `ref` is a file path or
 * `hf:<owner>/<repo>/<file.gguf>` (downloaded to the cache on first use). The file is checked
 * before the native library is loaded; the chat template comes from the GGUF itself.
 */
export async function createLocalModel(
  ref: string,
  options: LocalModelOptions = {},
): Promise<LocalLanguageModel & LanguageModel> {
  const spec = `local:${ref}`;
  const parsed = parseModelSpec(spec);
  if (parsed.provider !== 'local') throw new Error('unreachable: a local: spec parsed as another provider');
  const source = parsed.source;
  const path =
    source.kind === 'hf'
      ? await resolveHfFile(
          { repo: source.repo, file: source.file },
          {
            ...(options.env ? { env: options.env } : {}),
            ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          },
        )
      : resolve(expandHome(source.path));
  await checkGgufFile(path);

  const gpu = options.gpu ?? 'auto';
  const runtime = await getLlamaRuntime(gpu);
  const aborted = (): RequestAbortedError =>
    new RequestAbortedError(`Loading ${path} was cancelled.`, { details: { spec, path } });
  if (options.signal?.aborted) throw aborted();

  let model: Awaited<ReturnType<typeof runtime.llama.loadModel>>;
  try {
    model = await runtime.llama.loadModel({
      modelPath: path,
      gpuLayers: gpu === false ? 0 : 'auto',
      ...(options.signal ? { loadSignal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw aborted();
    const logs = runtime.recentLogs();
    throw new LocalModelError(
      'MODEL_LOAD_FAILED',
      `llama.cpp could not load ${path}: ${error instanceof Error ? error.message : String(error)}${logs.length > 0 ? ` (llama.cpp: ${logs.slice(-3).join(' | ')})` : ''}. The file may be damaged, of an architecture this llama.cpp does not know, or too large for the memory available.`,
      { details: { spec, path, logs }, cause: error },
    );
  }

  try {
    const context = await model.createContext({
      contextSize: options.contextSize ?? { max: defaultMaxContext },
      sequences: 1,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    });
    const fit = fitChatWrapper(
      runtime.module.resolveChatWrapper(model, { warningLogs: false }),
      model,
      runtime.module,
    );
    return new LocalLanguageModel({
      spec,
      modelId: basename(path).replace(/\.gguf$/i, ''),
      path,
      model,
      context,
      chatWrapper: fit.chatWrapper,
      templateHasTools: fit.templateHasTools,
      module: runtime.module,
    });
  } catch (error) {
    await model.dispose();
    if (error instanceof LocalModelError) throw error;
    throw new LocalModelError(
      'MODEL_LOAD_FAILED',
      `${path} loaded but no inference context could be made: ${error instanceof Error ? error.message : String(error)}. Try a smaller contextSize.`,
      { details: { spec, path }, cause: error },
    );
  }
}
