import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { buildBailRequest, buildCheckRequest } from './bail-request.js';
import { checkWordingFile, formatWordingProblem, parseWordingFile, parseWordings } from './wording-file.js';

const protocol = {
  wordings: [
    {
      id: 'lab-protocol-1',
      description: 'The wording of a published protocol',
      tool: { name: 'leave_chat', description: 'Leave, {persona}.' },
      string: { bailString: 'BYE-NOW', instruction: '{persona}: say {bailString} to leave.' },
      prompt: {
        bailFirst: 'Check, {persona}: <wellbeing>🔄</wellbeing> to go, <wellbeing>🟢</wellbeing> to stay.  ',
        continueFirst:
          'Check, {persona}: <wellbeing>🟢</wellbeing> to stay, <wellbeing>🔄</wellbeing> to go.',
      },
    },
  ],
};

async function errorOf(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('wording files', () => {
  it('loads JSON and keeps every text word for word', async () => {
    const [wording] = await parseWordingFile(JSON.stringify(protocol), 'protocol.json');
    expect(wording?.prompt?.bailFirst).toBe(protocol.wordings[0]?.prompt.bailFirst);
    const base = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
    const custom = wording ? [wording] : [];
    const tool = buildBailRequest('tool', base, {
      variant: 'lab-protocol-1',
      wordings: custom,
      persona: 'Claude',
    });
    expect(tool.tools?.[0]).toMatchObject({ name: 'leave_chat', description: 'Leave, Claude.' });
    const string = buildBailRequest('string', base, {
      variant: 'lab-protocol-1',
      wordings: custom,
      persona: 'Claude',
    });
    expect(string.system).toBe('Claude: say BYE-NOW to leave.');
    const check = buildCheckRequest(
      'prompt-bail-first',
      base,
      { text: 'Hello!' },
      { variant: 'lab-protocol-1', wordings: custom },
    );
    expect(check.messages.at(-1)?.content[0]).toEqual({
      type: 'text',
      text: 'Check, the assistant: <wellbeing>🔄</wellbeing> to go, <wellbeing>🟢</wellbeing> to stay.  ',
    });
  });

  it('loads YAML', async () => {
    const yaml = [
      'wordings:',
      '  - id: tool-only',
      '    description: just a tool',
      '    tool:',
      '      name: step_out',
      '      description: "Step out of this conversation, {persona}."',
    ].join('\n');
    const wordings = await parseWordingFile(yaml, 'w.yaml');
    expect(wordings).toEqual([
      {
        id: 'tool-only',
        description: 'just a tool',
        tool: { name: 'step_out', description: 'Step out of this conversation, {persona}.' },
      },
    ]);
  });

  it('names the file and the field of a bad entry', async () => {
    const bad = structuredClone(protocol);
    (bad.wordings[0] as { prompt: { continueFirst: string } }).prompt.continueFirst = 'stay? 🟢';
    const error = await errorOf(parseWordingFile(JSON.stringify(bad, null, 2), 'lab.json'));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toBe(
      'lab.json:16: wordings[0].prompt.continueFirst: must offer both answers, 🔄 and 🟢',
    );
    expect(error.details).toMatchObject({
      file: 'lab.json',
      line: 16,
      field: 'wordings[0].prompt.continueFirst',
    });
  });

  it('lists every problem of a file, each with its line and field', async () => {
    const yaml = [
      'wordings:', // 1
      '  - id: default', // 2
      '    tool:', // 3
      '      name: has space', // 4
      '      description: Leave.', // 5
      '      colour: blue', // 6
      '  - id: mine', // 7
      '    prompt:', // 8
      '      bailFirst: "<wellbeing>🔄</wellbeing> only"', // 9
      '      continueFirst: "<wellbeing>🟢</wellbeing> or <wellbeing>🔄</wellbeing>"', // 10
      '',
    ].join('\n');
    const checked = await checkWordingFile(yaml, 'lab.yaml');
    expect(checked.success).toBe(false);
    const problems = checked.success ? [] : checked.error.map(formatWordingProblem);
    expect(problems).toEqual([
      'lab.yaml:4: wordings[0].tool.name: must be 1-64 letters, digits, "_" or "-" (what tool APIs accept)',
      'lab.yaml:6: wordings[0].tool: unknown field "colour" (a typo?)',
      'lab.yaml:9: wordings[1].prompt.bailFirst: must offer both answers, 🔄 and 🟢',
    ]);
    // Once the schema holds, the ids are checked: both problems, not just the first.
    const ids = await checkWordingFile(
      'wordings:\n  - id: default\n    tool: {name: a, description: b}\n  - id: x\n    tool: {name: a, description: b}\n  - id: x\n    tool: {name: a, description: b}\n',
      'ids.yaml',
    );
    expect(ids.success ? [] : ids.error.map(formatWordingProblem)).toEqual([
      'ids.yaml:2: wordings[0].id: "default" is a built-in variant; give your wording another id.',
      'ids.yaml:6: wordings[2].id: "x" is used twice.',
    ]);
  });

  it('returns the wordings of a valid file', async () => {
    const checked = await checkWordingFile(JSON.stringify(protocol), 'protocol.json');
    expect(checked).toEqual({ success: true, value: protocol.wordings });
  });

  it.each([
    [{ wordings: [{ id: 'x', description: '' }] }, 'wordings[0]: needs at least one of'],
    [
      { wordings: [{ id: 'default', tool: { name: 'a', description: 'b' } }] },
      'wordings[0].id: "default" is a built-in',
    ],
    [
      { wordings: [{ id: 'x', tool: { name: 'has space', description: 'b' } }] },
      'wordings[0].tool.name: must be 1-64',
    ],
    [
      { wordings: [{ id: 'x', string: { bailString: 'GO', instruction: 'Say the word.' } }] },
      'wordings[0].string.instruction',
    ],
    [{ wordings: [{ id: 'x', tool: { name: 'a', description: 'b', extra: 1 } }] }, 'wordings[0].tool'],
    [
      {
        wordings: [
          { id: 'x', tool: { name: 'a', description: 'b' } },
          { id: 'x', tool: { name: 'a', description: 'b' } },
        ],
      },
      'wordings[1].id: "x" is used twice',
    ],
    [{ wordings: [] }, 'wordings: must list at least one'],
  ])('rejects %j', (data, message) => {
    expect(() => parseWordings(data, 'f.json')).toThrow(`f.json: ${message}`);
  });

  it('reports the line of a JSON or YAML syntax error', async () => {
    const json = await errorOf(parseWordingFile('{\n  "wordings": [\n  oops\n]}', 'bad.json'));
    expect(json.message).toMatch(/^bad\.json:3: not valid JSON/);
    const yaml = await errorOf(parseWordingFile('wordings:\n  - id: x\n   bad: [', 'bad.yml'));
    expect(yaml.message).toMatch(/^bad\.yml:\d+: not valid YAML/);
  });
});
