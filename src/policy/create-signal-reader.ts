import { CombinedSignalReader } from '../core/policy/signals/combined-signal-reader.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';
import {
  JudgeSignalReader,
  type JudgeSignalReaderOptions,
} from '../core/policy/signals/judge-signal-reader.js';
import { RuleSignalReader } from '../core/policy/signals/rule-signal-reader.js';
import { createModel } from '../providers/create-model.js';
import { HttpSignalClassifier } from './http-signal-classifier.js';

export interface SignalReaderSettings extends JudgeSignalReaderOptions {
  env?: Record<string, string | undefined>;
  baseUrl?: string;
}

/**
 * The signal reader a deployment asks for: the rules alone, or the rules and a judge (a model
 * spec, or an `http(s)://` classifier URL; its token from `BAILKIT_CLASSIFIER_TOKEN`) read
 * together (a risk sign from either counts; the judge's reading of the rest wins; a failed judge
 * means no ending is honoured).
 */
export async function createSignalReader(
  judge: string | undefined,
  settings: SignalReaderSettings = {},
): Promise<SignalReader> {
  const rules = new RuleSignalReader();
  if (judge === undefined || judge.trim() === '' || judge === 'rules') return rules;
  const { env, baseUrl, ...judgeOptions } = settings;
  if (/^https?:\/\//i.test(judge)) {
    const token = env?.BAILKIT_CLASSIFIER_TOKEN;
    return new CombinedSignalReader([
      rules,
      new HttpSignalClassifier({
        url: judge,
        ...(token ? { token, tokenVariable: 'BAILKIT_CLASSIFIER_TOKEN' } : {}),
        ...(judgeOptions.timeoutMs ? { timeoutMs: judgeOptions.timeoutMs } : {}),
      }),
    ]);
  }
  const model = await createModel(judge, { ...(env ? { env } : {}), ...(baseUrl ? { baseUrl } : {}) });
  return new CombinedSignalReader([rules, new JudgeSignalReader(model, judgeOptions)]);
}
