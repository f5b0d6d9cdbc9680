import { availableParallelism } from 'node:os';
import type { Llama, LlamaLogLevel } from 'node-llama-cpp';
import { LocalModelError } from './local-model-error.js';

/**
 * node-llama-cpp is imported here, on first use of a local model, and nowhere else at module
 * level: users of hosted APIs never load the native library. One `Llama` per GPU setting is
 * shared by every local model of the process.
 */

export type NodeLlamaCpp = typeof import('node-llama-cpp');

export interface LlamaRuntime {
  module: NodeLlamaCpp;
  llama: Llama;
  /** The last lines llama.cpp logged (warnings and errors), for error messages. */
  recentLogs(): string[];
}

let modulePromise: Promise<NodeLlamaCpp> | undefined;
const runtimes = new Map<string, Promise<LlamaRuntime>>();
const keptLogLines = 20;

export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  modulePromise ??= import('node-llama-cpp').catch((error: unknown) => {
    modulePromise = undefined;
    throw new LocalModelError(
      'LOCAL_RUNTIME_UNAVAILABLE',
      `Local models need the node-llama-cpp package, which could not be loaded (${error instanceof Error ? error.message : String(error)}). Reinstall bailkit's dependencies with npm ci.`,
      { cause: error },
    );
  });
  return modulePromise;
}

/**
 * The shared runtime. `build: 'never'`: only the prebuilt binaries shipped in npm packages are
 * used, so loading a model never starts a compiler or a download.
 */
export function getLlamaRuntime(gpu: false | 'auto'): Promise<LlamaRuntime> {
  const key = String(gpu);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = createRuntime(gpu);
    runtimes.set(key, runtime);
    runtime.catch(() => runtimes.delete(key));
  }
  return runtime;
}

async function createRuntime(gpu: false | 'auto'): Promise<LlamaRuntime> {
  const module = await loadNodeLlamaCpp();
  const lines: string[] = [];
  const logger = (level: LlamaLogLevel, message: string): void => {
    // Library code never prints; the lines are kept for error messages only.
    if (level !== module.LlamaLogLevel.error && level !== module.LlamaLogLevel.warn) return;
    lines.push(message.trim());
    if (lines.length > keptLogLines) lines.shift();
  };
  try {
    const llama = await module.getLlama({
      gpu,
      build: 'never',
      // node-llama-cpp's CPU default is twice the cores; llama.cpp's threads spin while they
      // wait, so on a machine whose cores are busy that made a 135M model take minutes per
      // answer instead of seconds. One thread per core.
      maxThreads: availableParallelism(),
      usePrebuiltBinaries: true,
      progressLogs: false,
      skipDownload: true,
      logLevel: module.LlamaLogLevel.warn,
      logger,
    });
    return { module, llama, recentLogs: () => [...lines] };
  } catch (error) {
    throw new LocalModelError(
      'LOCAL_RUNTIME_UNAVAILABLE',
      `The llama.cpp runtime could not be loaded on this machine (${process.platform}-${process.arch}): ${error instanceof Error ? error.message : String(error)}. node-llama-cpp ships prebuilt binaries for Linux, macOS and Windows on x64 and arm64; on other platforms build it with "npx --no node-llama-cpp source download".`,
      { details: { platform: process.platform, arch: process.arch, gpu }, cause: error },
    );
  }
}
