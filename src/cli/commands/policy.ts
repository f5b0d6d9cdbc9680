import { resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import type { SignalReader } from '../../core/policy/signals/conversation-signal.js';
import { createSignalReader } from '../../policy/create-signal-reader.js';
import { checkPolicyCases, type PolicyCheckResult, readPolicyCases } from '../../policy/policy-check.js';
import { loadChatConfigFile, resolveChatConfig } from '../../server/chat-config.js';
import { defineCommand } from '../command.js';

const options = {
  judge: {
    type: 'string',
    placeholder: 'SPEC',
    description:
      'A model that reads the conversation signals beside the rules (any risk either finds counts)',
  },
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'OpenAI-compatible server for the judge (vLLM, Ollama, llama.cpp, …)',
  },
  config: {
    type: 'string',
    placeholder: 'FILE',
    description: 'A bailkit chat configuration file (JSON or YAML); its policy section is used',
  },
  json: { type: 'boolean', description: 'One JSON object a line instead of text' },
} as const;

function textLines(results: readonly PolicyCheckResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    const crisis = result.showCrisisResources ? ', crisis resources shown' : '';
    lines.push(`${result.id}: ${result.outcome} (${result.rule}, ${result.trigger}${crisis})`);
    for (const reason of result.reasons) lines.push(`  ${reason}`);
  }
  const honoured = results.filter((result) => result.outcome === 'honoured').length;
  const risk = results.filter((result) => result.rule === 'imminent_risk').length;
  lines.push(
    `${results.length} conversation${results.length === 1 ? '' : 's'}: ${honoured} honoured, ${results.length - honoured} refused (${risk} because the user may be at risk).`,
  );
  return lines;
}

export const policyCommand = defineCommand({
  name: 'policy',
  summary: 'Run the end-conversation policy on logged conversations: `bailkit policy check FILE...`',
  positionals: 'check FILE...',
  options,
  examples: [
    'bailkit policy check logs.jsonl',
    'bailkit policy check logs.jsonl --json > decisions.jsonl',
    'bailkit policy check logs.jsonl --judge openai:gpt-4o-mini --config chat.yaml',
  ],
  async run(opts, positionals, context) {
    const [action, ...files] = positionals;
    if (action !== 'check') {
      throw new InvalidInputError(
        'INVALID_ARGUMENT',
        `expected "check" and at least one file (bailkit policy check FILE...), got ${action === undefined ? 'nothing' : JSON.stringify(action)}.`,
        { field: 'action' },
      );
    }
    if (files.length === 0) {
      throw new InvalidInputError(
        'INVALID_ARGUMENT',
        'give at least one conversation file (bailkit policy check FILE...).',
        {
          field: 'files',
        },
      );
    }
    const configFile = opts.config ? await loadChatConfigFile(resolve(context.cwd, opts.config)) : {};
    const { policy } = resolveChatConfig(configFile, {});
    const cases = await readPolicyCases(files.map((file) => resolve(context.cwd, file)));
    const reader: SignalReader = await createSignalReader(opts.judge, {
      env: context.env,
      ...(opts['base-url'] ? { baseUrl: opts['base-url'] } : {}),
    });
    const results = await checkPolicyCases(cases, {
      signalReader: reader,
      config: policy,
      signal: context.signal,
    });
    const out = opts.json ? results.map((result) => JSON.stringify(result)) : textLines(results);
    context.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
});
