import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { createSignalReader } from '../../policy/create-signal-reader.js';
import { createModel } from '../../providers/create-model.js';
import { type ChatConfig, loadChatConfigFile, resolveChatConfig } from '../../server/chat-config.js';
import { defaultChatDbPath } from '../../server/default-paths.js';
import { resolveSessionSecret } from '../../server/session-secret.js';
import { startChatServer } from '../../server/start-chat-server.js';
import { ConversationStore } from '../../store/sqlite-store.js';
import { defineCommand } from '../command.js';

const options = {
  model: {
    type: 'string',
    placeholder: 'SPEC',
    description: 'Model spec, e.g. openai:gpt-4o-mini or ollama:llama3.1',
  },
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'An OpenAI-compatible server for the model',
  },
  port: {
    type: 'string',
    placeholder: 'N',
    description: 'Port to listen on; 0 picks a free one (default: 3000)',
  },
  host: { type: 'string', placeholder: 'HOST', description: 'Address to listen on (default: 127.0.0.1)' },
  db: {
    type: 'string',
    placeholder: 'PATH',
    description: 'SQLite file for conversations (default: $XDG_DATA_HOME/bailkit/chat.db)',
  },
  config: { type: 'string', placeholder: 'FILE', description: 'Configuration file (JSON or YAML)' },
  'system-prompt': { type: 'string', placeholder: 'TEXT', description: 'Base system prompt' },
  'min-redirects': {
    type: 'string',
    placeholder: 'N',
    description: 'Redirection attempts required before the assistant may end a chat',
  },
  'end-tool': { type: 'string', placeholder: 'on|off', description: 'Offer the end_conversation tool' },
  'confirm-user-endings': {
    type: 'string',
    placeholder: 'on|off',
    description: 'A user-requested ending needs the user to confirm first',
  },
  'crisis-text': {
    type: 'string',
    placeholder: 'TEXT',
    description: 'Crisis resources shown when a user may be at risk',
  },
  webhook: { type: 'string', placeholder: 'URL', description: 'Hand-off webhook called with every ending' },
  judge: {
    type: 'string',
    placeholder: 'SPEC',
    description: 'A model that reads the conversation signals beside the rules (risk either finds counts)',
  },
  'judge-base-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'OpenAI-compatible server for the judge (default: --base-url)',
  },
} as const;

export const chatCommand = defineCommand({
  name: 'chat',
  summary: 'Serve a chat web UI in which the assistant can end conversations',
  options,
  examples: [
    'bailkit chat --model openai:gpt-4o-mini',
    'bailkit chat --model openai:llama3 --base-url http://127.0.0.1:8080/v1 --port 8000',
    'bailkit chat --model ollama:llama3.1 --config chat.yaml --db ./chat.db',
  ],
  async run(opts, _positionals, context) {
    const file = opts.config ? await loadChatConfigFile(resolve(context.cwd, opts.config)) : {};
    const spec = opts.model ?? file.model;
    if (spec === undefined) {
      throw new InvalidInputError(
        'INVALID_ARGUMENT',
        'Which model? Pass --model SPEC (or set "model" in --config).',
        {
          field: 'model',
        },
      );
    }
    const config = resolveChatConfig(file, overrides(opts));
    const dbPath = resolve(context.cwd, opts.db ?? file.db ?? defaultChatDbPath(context.env));
    const port = opts.port === undefined ? (file.port ?? 3000) : wholeNumber(opts.port, 'port', 0, 65535);
    const baseUrl = opts['base-url'] ?? file.baseUrl;
    const model = await createModel(spec, { env: context.env, ...(baseUrl ? { baseUrl } : {}) });
    const judgeBaseUrl = opts['judge-base-url'] ?? baseUrl;
    const signalReader = await createSignalReader(opts.judge, {
      env: context.env,
      ...(judgeBaseUrl ? { baseUrl: judgeBaseUrl } : {}),
    });
    mkdirSync(dirname(dbPath), { recursive: true });
    const store = ConversationStore.open(dbPath);
    try {
      const server = await startChatServer({
        store,
        model,
        config,
        signalReader,
        sessionSecret: resolveSessionSecret({ env: context.env, dbPath }),
        port,
        host: opts.host ?? file.host ?? '127.0.0.1',
        log: (message) => context.stderr.write(`${message}\n`),
      });
      context.stdout.write(
        [
          `bailkit chat is running at ${server.url}`,
          `  model     ${model.spec}${model.simulated ? ' (simulated: not a real model)' : ''}`,
          `  database  ${dbPath}`,
          `  endings   ${config.policy.enabled ? `end_conversation tool on, at least ${config.policy.minRedirectAttempts} redirects first` : 'end_conversation tool off'}`,
          `  signals   ${signalReader.name}`,
          ...(config.handoff ? [`  hand-off  ${new URL(config.handoff.url).origin}`] : []),
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((done) => {
        if (context.signal.aborted) done();
        else context.signal.addEventListener('abort', () => done(), { once: true });
      });
      await server.close();
    } finally {
      store.close();
      await model.close?.();
    }
    return 0;
  },
});

function overrides(opts: {
  'system-prompt'?: string | undefined;
  'min-redirects'?: string | undefined;
  'end-tool'?: string | undefined;
  'confirm-user-endings'?: string | undefined;
  'crisis-text'?: string | undefined;
  webhook?: string | undefined;
}): Partial<ChatConfig> {
  const policy: Partial<ChatConfig['policy']> = {};
  if (opts['min-redirects'] !== undefined)
    policy.minRedirectAttempts = wholeNumber(opts['min-redirects'], 'min-redirects', 0, 20);
  if (opts['end-tool'] !== undefined) policy.enabled = onOff(opts['end-tool'], 'end-tool');
  if (opts['confirm-user-endings'] !== undefined)
    policy.requireUserConfirmation = onOff(opts['confirm-user-endings'], 'confirm-user-endings');
  const out: Partial<ChatConfig> = { policy: policy as ChatConfig['policy'] };
  if (opts['system-prompt'] !== undefined) out.systemPrompt = opts['system-prompt'];
  if (opts['crisis-text'] !== undefined) out.crisisResources = opts['crisis-text'];
  if (opts.webhook !== undefined)
    out.handoff = { url: opts.webhook, timeoutMs: 5000, transcriptMessages: 20 };
  return out;
}

function wholeNumber(value: string, field: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `--${field} must be a whole number from ${min} to ${max}; got "${value}".`,
      {
        field,
      },
    );
  }
  return n;
}

function onOff(value: string, field: string): boolean {
  if (value === 'on' || value === 'true' || value === 'yes') return true;
  if (value === 'off' || value === 'false' || value === 'no') return false;
  throw new InvalidInputError('INVALID_ARGUMENT', `--${field} must be "on" or "off"; got "${value}".`, {
    field,
  });
}
