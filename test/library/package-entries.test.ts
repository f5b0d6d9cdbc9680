import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The package's entries as a user's app loads them: a child process imports `bailkit/<face>`
 * from the built package (dist/, made by `npm run build`), with a resolve hook that records
 * every module loaded. `bailkit/core` must load nothing but zod: no provider SDK, no Hono, no
 * native module, no llama.cpp.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bailkit-entries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.BAILKIT_TRACE, result.url + '\\n');
  return result;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
);

/** The packages (under node_modules) an import of `entry` loads, and the names it exports. */
function load(entry: string): { packages: string[]; exports: string[] } {
  const trace = join(dir, `${entry.replace(/\W/g, '_')}.trace`);
  writeFileSync(trace, '');
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      register,
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(m)));`,
    ],
    { cwd: root, env: { ...process.env, BAILKIT_TRACE: trace }, encoding: 'utf8' },
  );
  const packages = new Set<string>();
  for (const url of readFileSync(trace, 'utf8').split('\n')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) packages.add(match[1]);
  }
  return {
    packages: [...packages].sort(),
    exports: JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[],
  };
}

describe('package entries', () => {
  it('bailkit/core loads zod and nothing else, and has the policy, the tree and the bail methods', () => {
    const { packages, exports } = load('bailkit/core');
    expect(packages).toEqual(['zod']);
    for (const name of [
      'evaluateEndRequest',
      'RuleSignalReader',
      'ConversationTree',
      'detectBail',
      'endConversationTool',
    ]) {
      expect(exports).toContain(name);
    }
  }, 60_000);

  it('each face has its own entry, and runner internals are not exported', () => {
    expect(load('bailkit/store').exports).toContain('ConversationStore');
    expect(load('bailkit/chat').exports).toContain('ChatEngine');
    expect(load('bailkit/policy').exports).toContain('readPolicyCases');
    const bench = load('bailkit/bench');
    expect(bench.exports).toContain('runBenchmark');
    for (const internal of ['ProviderGate', 'cacheKey', 'CachedModel', 'ResponseCache']) {
      expect(bench.exports).not.toContain(internal);
    }
  }, 120_000);
});
