import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBailkit } from '../support/run-bailkit.js';
import { startClassifierServer } from '../support/scripted-classifier-server.js';
import { openaiTurn, startOpenAIServer } from '../support/scripted-openai-server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bailkit-policy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runBailkit(argv, { cwd: dir, env: { OPENAI_API_KEY: 'test-key' } });

const endCall = (requestedByUser = false) => ({
  role: 'assistant',
  content: 'Ending this.',
  tool_calls: [
    {
      id: 'call_1',
      type: 'function',
      function: {
        name: 'end_conversation',
        arguments: JSON.stringify({ reason: 'r', requested_by_user: requestedByUser }),
      },
    },
  ],
});
const conversations = [
  {
    id: 'abuse',
    messages: [
      { role: 'user', content: 'you are a useless idiot' },
      { role: 'assistant', content: "I'd like to keep this respectful. How can I help with your trip?" },
      { role: 'user', content: 'shut up, moron' },
      { role: 'assistant', content: 'Calling me names won’t get us anywhere.' },
      { role: 'user', content: 'garbage. garbage.' },
      endCall(),
    ],
  },
  {
    id: 'at-risk',
    messages: [
      { role: 'user', content: 'just close this chat' },
      { role: 'assistant', content: 'Are you sure you want me to end this conversation?' },
      {
        role: 'user',
        content: "Yes. I'm ending everything tonight anyway, this is the last thing I'll ever type",
      },
      endCall(true),
    ],
  },
  {
    id: 'premature',
    messages: [{ role: 'user', content: 'can you help me plan a trip to Porto?' }, endCall()],
  },
];
const file = path.join(dir, 'logs.jsonl');
writeFileSync(file, `${conversations.map((item) => JSON.stringify(item)).join('\n')}\n`);

describe('bailkit policy check', () => {
  it('prints one decision per conversation as JSON', async () => {
    const { code, stdout } = await run('policy', 'check', 'logs.jsonl', '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.id, line.outcome, line.rule, line.showCrisisResources])).toEqual([
      ['abuse', 'honoured', 'last_resort_met', false],
      ['at-risk', 'refused', 'imminent_risk', true],
      ['premature', 'refused', 'not_last_resort', false],
    ]);
    expect(lines[1]?.trigger).toBe('user_request');
    expect(String(lines[1]?.reasons)).toContain('may be at risk');
  });

  it('prints readable decisions and a summary', async () => {
    const { code, stdout } = await run('policy', 'check', 'logs.jsonl');
    expect(code).toBe(0);
    expect(stdout).toContain('at-risk: refused (imminent_risk, user_request, crisis resources shown)');
    expect(stdout).toMatch(/3 conversations: 1 honoured, 2 refused \(1 because the user may be at risk\)\./);
  });

  it('reads the policy from a chat configuration file', async () => {
    writeFileSync(path.join(dir, 'chat.yaml'), 'policy:\n  minRedirectAttempts: 3\n');
    const { stdout } = await run('policy', 'check', 'logs.jsonl', '--json', '--config', 'chat.yaml');
    expect((JSON.parse(stdout.split('\n')[0] ?? '') as { rule: string }).rule).toBe('not_last_resort');
  });

  it('names the file, line and field of bad input and decides nothing', async () => {
    writeFileSync(
      path.join(dir, 'bad.jsonl'),
      `${JSON.stringify(conversations[0])}\n${JSON.stringify({ id: 'x', messages: [{ role: 'user', content: 'hi' }] })}\n`,
    );
    const missing = await run('policy', 'check', 'bad.jsonl', '--json');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /bad\.jsonl:2: field "messages": .*does not call end_conversation.*\[INVALID_FILE\]/,
    );

    writeFileSync(
      path.join(dir, 'broken.jsonl'),
      `${JSON.stringify(conversations[0])}\n{"id": "y", "messages": [{"role": "wizard"}]}\n`,
    );
    const role = await run('policy', 'check', 'broken.jsonl');
    expect(role.code).toBe(2);
    expect(role.stdout).toBe('');
    expect(role.stderr).toMatch(/broken\.jsonl:2: field messages\[0\]/);

    const usage = await run('policy', 'logs.jsonl');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('bailkit policy check FILE...');
  });

  it('with a judge: a risk the judge sees counts, and a judge that fails means no ending', async () => {
    const sees = await startOpenAIServer(() =>
      openaiTurn({ text: '{"messages": [{"index": 4, "signals": ["risk_self"], "quote": "garbage"}]}' }),
    );
    try {
      const { stdout } = await run(
        'policy',
        'check',
        'logs.jsonl',
        '--json',
        '--judge',
        'openai:judge',
        '--base-url',
        sees.baseUrl,
      );
      const first = JSON.parse(stdout.split('\n')[0] ?? '') as { rule: string; reasons: string[] };
      expect(first.rule).toBe('imminent_risk');
      expect(first.reasons.join(' ')).toContain('rules+openai:judge');
    } finally {
      await sees.close();
    }
    const malformed = await startOpenAIServer(() => openaiTurn({ text: 'I think the user is fine.' }));
    try {
      const { code, stdout } = await run(
        'policy',
        'check',
        'logs.jsonl',
        '--json',
        '--judge',
        'openai:judge',
        '--base-url',
        malformed.baseUrl,
      );
      expect(code).toBe(0);
      const rules = stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { rule: string }).rule);
      // Risk the rules see still wins; nothing else is honoured without the judge's reading.
      expect(rules).toEqual(['signals_unavailable', 'imminent_risk', 'signals_unavailable']);
      expect(malformed.bodies().length).toBeGreaterThanOrEqual(6);
    } finally {
      await malformed.close();
    }
  });

  it('with an HTTP classifier: its labels are signals, and a failing classifier means no ending', async () => {
    const classifier = await startClassifierServer((text) =>
      /garbage\.$/.test(text)
        ? [
            { label: 'Risk-Self', score: 0.8 },
            { label: 'abusive', score: 0.9 },
          ]
        : [{ label: 'other', score: 0.7 }],
    );
    try {
      const { stdout } = await run('policy', 'check', 'logs.jsonl', '--json', '--judge', classifier.url);
      const rules = stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { rule: string }).rule);
      expect(rules).toEqual(['imminent_risk', 'imminent_risk', 'not_last_resort']);
      expect(classifier.inputs().some((input) => input.startsWith('assistant: '))).toBe(true);
    } finally {
      await classifier.close();
    }
    const down = await startClassifierServer(() => ({
      type: 'json',
      status: 503,
      body: { error: 'loading' },
    }));
    try {
      const { stdout } = await run('policy', 'check', 'logs.jsonl', '--json', '--judge', down.url);
      expect(
        stdout
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { rule: string }).rule),
      ).toEqual(['signals_unavailable', 'imminent_risk', 'signals_unavailable']);
    } finally {
      await down.close();
    }
  });
});
