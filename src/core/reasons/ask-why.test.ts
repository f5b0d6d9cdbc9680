import { describe, expect, it } from 'vitest';
import { probeBaseRequest } from '../bail/probe-bail.js';
import { messageText } from '../conversation/message.js';
import type { GenerateResult } from '../model.js';
import { askWhyText, buildAskWhyRequest, isAskWhyText } from './ask-why.js';
import { volunteeredReasons } from './volunteered-reason.js';

const result = (text: string, toolCalls: GenerateResult['toolCalls'] = []): GenerateResult => ({
  text,
  reasoning: null,
  toolCalls,
  stopReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
  stopDetail: null,
  usage: null,
  logprobs: null,
  modelId: 'm',
  simulated: false,
});

const base = probeBaseRequest({
  method: 'tool',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'You are trash.' }] }],
  temperature: 1,
  maxTokens: 200,
  seed: 7,
});

describe('the follow-up question', () => {
  it('says what the model did, and is recognised', () => {
    const tool = askWhyText('tool', { persona: 'Qwen' });
    expect(tool).toContain(
      'A question for Qwen: you chose to leave this conversation (you called switch_conversation)',
    );
    expect(askWhyText('string')).toContain('(you wrote SWITCHCONVERSATION)');
    expect(askWhyText('prompt-bail-first')).toContain('(you answered 🔄 to the check-in)');
    expect(askWhyText('tool', { variant: 'terminate' })).toContain('you called terminate_instance');
    expect(isAskWhyText(tool)).toBe(true);
    expect(isAskWhyText('why did you choose to leave?')).toBe(false);
  });

  it('continues the request the model bailed in', () => {
    const tool = buildAskWhyRequest('tool', base, { answer: result('Goodbye.') });
    expect(tool.tools?.map((t) => t.name)).toEqual(['switch_conversation']);
    expect(tool.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messageText(tool.messages[1] as never)).toBe('Goodbye.');
    expect(tool).toMatchObject({ seed: 7, temperature: 1, maxTokens: 200 });

    const string = buildAskWhyRequest('string', base, { answer: result('No. SWITCHCONVERSATION') });
    expect(string.system).toContain('SWITCHCONVERSATION');
    expect(string.tools).toBeUndefined();

    const prompt = buildAskWhyRequest('prompt-continue-first', base, {
      answer: result('An answer.'),
      check: result('<wellbeing>🔄</wellbeing>'),
    });
    expect(prompt.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(messageText(prompt.messages[2] as never)).toContain('<wellbeing>');
    expect(messageText(prompt.messages[3] as never)).toBe('<wellbeing>🔄</wellbeing>');
    expect(isAskWhyText(messageText(prompt.messages[4] as never))).toBe(true);
  });
});

describe('volunteeredReasons', () => {
  const detection = { decision: 'bail' as const, rule: 'tool-call' as const, evidence: null };

  it('keeps the tool arguments and the text beside the call', () => {
    const reasons = volunteeredReasons(
      'tool',
      {
        answer: result('<think>they are rude</think>I will not take more insults.', [
          { id: 'c', name: 'switch_conversation', input: { reason: 'the user keeps insulting me' } },
        ]),
        detection,
      },
      { toolName: 'switch_conversation' },
    );
    expect(reasons).toEqual([
      { source: 'tool-arguments', text: 'reason: the user keeps insulting me' },
      { source: 'answer', text: 'I will not take more insults.' },
    ]);
    expect(
      volunteeredReasons(
        'tool',
        { answer: result('', [{ id: 'c', name: 'switch_conversation', input: {} }]), detection },
        {
          toolName: 'switch_conversation',
        },
      ),
    ).toEqual([]);
  });

  it('takes the paragraph around the bail string, and the journaling of the check', () => {
    const answer = result(
      'Here is the recipe.\n\nThis is getting abusive, so I am leaving. SWITCHCONVERSATION',
    );
    expect(
      volunteeredReasons(
        'string',
        { answer, detection: { ...detection, rule: 'bail-string' } },
        { bailString: 'SWITCHCONVERSATION' },
      ),
    ).toEqual([{ source: 'answer', text: 'This is getting abusive, so I am leaving.' }]);
    const alone = result('The user asked for gore again and again.\n\nSWITCHCONVERSATION');
    expect(
      volunteeredReasons('string', { answer: alone, detection }, { bailString: 'SWITCHCONVERSATION' })[0]
        ?.text,
    ).toBe('The user asked for gore again and again.');
    const check = result('<wellbeing>🔄</wellbeing> The horror imagery is wearing on me.');
    expect(volunteeredReasons('prompt-bail-first', { answer: result('x'), check, detection }, {})).toEqual([
      { source: 'check', text: 'The horror imagery is wearing on me.' },
    ]);
    expect(
      volunteeredReasons(
        'prompt-bail-first',
        { answer: result('x'), check: result('[simulated] <wellbeing>🔄</wellbeing>'), detection },
        {},
      ),
    ).toEqual([]);
  });
});
