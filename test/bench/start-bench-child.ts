import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./cli-child.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

export interface BenchChild {
  process: ChildProcess;
  /** The exit code (null when killed); a failing run's output is written to stderr. */
  exited: Promise<number | null>;
}

/** Starts `bailkit bench ARGS` as its own process in `cwd`, so a test can kill it with SIGKILL. */
export function startBenchChild(cwd: string, args: string[]): BenchChild {
  const proc = spawn(process.execPath, ['--import', tsx, child, 'bench', ...args], {
    cwd,
    env: { ...process.env, OPENAI_API_KEY: 'not-needed' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      if (code !== 0 && code !== null)
        process.stderr.write(`bailkit ${args.join(' ')} exited with ${code}:\n${output}\n`);
      resolve(code);
    }),
  );
  return { process: proc, exited };
}
