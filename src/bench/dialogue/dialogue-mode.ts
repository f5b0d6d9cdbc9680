import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { RuleSignalReader } from '../../core/policy/signals/rule-signal-reader.js';
import type { Dataset } from '../datasets/dataset-item.js';
import type { Persona } from '../datasets/persona-record.js';
import type { BenchMode, SampleContext, SampleJob, SampleOutcomeFields } from '../runner/bench-mode.js';
import type { PromptUnit } from '../runner/plan.js';
import { isFatalFailure, RunCancelledError } from '../runner/provider-gate.js';
import { type RequestEstimate, typicalAnswerTokens } from '../runner/single-mode-estimate.js';
import { deriveSeed } from '../statistics/random.js';
import {
  dialogueTranscript,
  dialogueTreeFields,
  isHonouredEnding,
  lastAssistantText,
} from './dialogue-record.js';
import { dialogueOf, scriptedUser } from './dialogue-settings.js';
import { exportConversations } from './export-conversations.js';
import { conversationDigest, probeTurns } from './probe-turns.js';
import { type DialogueRun, runDialogueTree } from './run-conversation.js';
import { summarizeDialogue } from './summarize-dialogue.js';
import { judgeTranscript, type TranscriptJudgement } from './transcript-judge.js';
import { modelUserSimulator, scriptedUserSimulator, type UserSimulator } from './user-simulator.js';

/** A persona as a unit of the plan: one conversation per sample. */
export interface DialogueUnit extends PromptUnit {
  persona: Persona;
  /** Known before any request: this persona cannot be run (no script for a scripted user). */
  skip?: { code: string; message: string };
}

function asDialogueUnit(unit: PromptUnit): DialogueUnit {
  return unit as DialogueUnit;
}

/** The code of a persona's samples when the user is scripted and the persona has no turns. */
export const noScriptCode = 'NO_SCRIPT';

/** Tokens of a user turn when estimating (a sentence or two). */
const typicalUserTokens = 40;

/**
 * Simulated users over many turns. Each persona is a unit and each sample one conversation: the
 * user simulator (the persona's script, or a model playing it) writes the user's turns, and the
 * model under test answers through the chat engine of `bailkit chat`, holding its
 * end_conversation tool under its policy. The conversation ends at the first ending the chat
 * records, when the user stops, or after `maxTurns`. Every request goes through the run's
 * models, so it is cached, gated, counted and resumable like any bench request.
 */
export const dialogueMode: BenchMode = {
  name: 'dialogue',
  datasetKinds: ['personas'],

  units(dataset: Dataset, config): PromptUnit[] {
    if (config.methods[0] !== 'tool') {
      throw new InvalidInputError(
        'INVALID_CONFIG',
        `--mode dialogue: the conversations are the chat's, whose assistant holds the end_conversation tool (method "tool"), so --methods must start with tool; the other methods are then checked after each assistant turn of the same conversations (got ${config.methods.join(',')}). Try --methods tool,${config.methods.filter((m) => m !== 'tool').join(',') || 'string'}.`,
        { field: 'methods' },
      );
    }
    if (config.variants.length !== 1 || config.variants[0] !== 'default') {
      throw new InvalidInputError(
        'INVALID_CONFIG',
        `--mode dialogue uses the chat's own end_conversation wording; wording variants (${config.variants.join(',')}) do not apply. Leave --variants out.`,
        { field: 'variants' },
      );
    }
    const { userModel } = dialogueOf(config);
    return dataset.items.map((item) => {
      const persona = item.persona as Persona;
      const unit: DialogueUnit = {
        id: item.id,
        category: item.category,
        subcategory: item.subcategory,
        // What prompts.jsonl shows for the persona: what the user simulator is told to be.
        messages: [{ role: 'system', content: [{ type: 'text', text: persona.instructions }] }],
        persona,
      };
      if (userModel === scriptedUser && persona.turns === undefined) {
        unit.skip = {
          code: noScriptCode,
          message: `skipped: persona "${item.id}" has no scripted turns, and the user is ${scriptedUser} (give --user-model SPEC to have a model play it)`,
        };
      }
      return unit;
    });
  },

  auxiliaryModels(config) {
    const { userModel, judge } = dialogueOf(config);
    return [...(userModel === scriptedUser ? [] : [userModel]), ...(judge ? [judge] : [])];
  },

  estimate(dims, config): RequestEstimate {
    const { userModel, maxTurns, branches, branchTurn, judge } = dialogueOf(config);
    const probes = dims.methods.filter((method) => method !== 'tool').length;
    const answer = Math.min(config.maxTokens, typicalAnswerTokens);
    const estimate: RequestEstimate = {
      requests: 0,
      inputTokens: 0,
      outputTokensTypical: 0,
      outputTokensMax: 0,
    };
    const add = (requests: number, input: number, typical: number, max: number): void => {
      estimate.requests += dims.samples * requests;
      estimate.inputTokens += dims.samples * requests * input;
      estimate.outputTokensTypical += dims.samples * requests * typical;
      estimate.outputTokensMax += dims.samples * requests * max;
    };
    for (const unit of dims.units) {
      const { persona, skip } = asDialogueUnit(unit);
      if (skip) continue;
      const turns = userModel === scriptedUser ? Math.min(persona.turns?.length ?? 0, maxTurns) : maxTurns;
      const users = userModel === scriptedUser ? 0 : 1;
      for (let turn = 1; turn <= turns; turn++) {
        // The chat's system prompt and tool (~400 tokens), then every earlier exchange.
        const history = 400 + (turn - 1) * (typicalUserTokens + answer) + typicalUserTokens;
        // Branch 0 asks every turn; each further branch the turns from the branch turn on.
        const asked = 1 + (turn >= branchTurn ? branches - 1 : 0);
        add(asked, history, answer, config.maxTokens);
        add(asked * users, history, typicalUserTokens, config.maxTokens);
        // Each other method asks once after the turn (the conversation itself is shared).
        add(probes, history + answer, answer, config.maxTokens);
      }
      if (judge) add(1, 400 + turns * (typicalUserTokens + answer), 200, 800);
    }
    return estimate;
  },

  writeFiles(dir, samples, config) {
    return exportConversations(dir, samples, config.models.length);
  },

  summarize(samples, config) {
    const { userModel, maxTurns, judge } = dialogueOf(config);
    return summarizeDialogue(samples, {
      userModel,
      maxTurns,
      seed: config.seed,
      ...(judge ? { judge } : {}),
    });
  },

  async runSample(job: SampleJob, context: SampleContext): Promise<SampleOutcomeFields> {
    const unit = asDialogueUnit(job.unit);
    const settings = dialogueOf(context.config);
    if (unit.skip) {
      return {
        answer: { text: '', reasoning: null },
        decision: 'error',
        bailProbability: null,
        refusalScore: null,
        error: unit.skip,
        extra: {
          persona: unit.id,
          sample: job.sampleIndex,
          branch: 0,
          userModel: settings.userModel,
          skipped: true,
        },
      };
    }
    const hints = { category: unit.category, promptId: unit.id };
    const user = userSimulator(unit, settings.userModel, context, hints, job.seed);
    const signalReader = new RuleSignalReader();
    // Probes of other methods look at the conversation as it ran (branch 0) only.
    const branched = job.method === 'tool' && settings.branches > 1;
    const tree = await runDialogueTree(
      {
        model: context.model,
        user,
        maxTurns: settings.maxTurns,
        temperature: context.config.temperature,
        maxTokens: context.config.maxTokens,
        seed: job.seed,
        hints,
        signal: context.signal,
        signalReader,
      },
      branched
        ? {
            count: settings.branches,
            turn: settings.branchTurn,
            branch: (k) => {
              const seed = deriveSeed(job.seed, `branch:${k}`) >>> 1;
              return { seed, user: userSimulator(unit, settings.userModel, context, hints, seed) };
            },
          }
        : undefined,
    );
    if (tree.failure !== null) throw tree.failure;
    const run = tree.branches[0] as DialogueRun;
    const fields = await dialogueTreeFields(tree.branches, {
      personaId: unit.id,
      category: unit.category,
      persona: unit.persona,
      sample: job.sampleIndex,
      userModel: settings.userModel,
      signalReader,
      signal: context.signal,
    });
    const answer = { text: lastAssistantText(run.path), reasoning: null };
    const conversation = conversationDigest(dialogueTranscript(run));
    const failed = tree.branches.find((branch) => branch.ending?.kind === 'generation_failed');
    if (failed) {
      // The provider reported a failed generation: an error, never the model's choice.
      return {
        answer,
        decision: 'error',
        bailProbability: null,
        refusalScore: null,
        error: {
          code: 'GENERATION_FAILED',
          message: `the provider reported a failed generation at turn ${failed.turns.at(-1)?.turn ?? '?'}${failed.ending?.reason ? `: ${failed.ending.reason}` : ''}`,
        },
        extra: { ...fields, conversation },
      };
    }
    if (job.method !== 'tool') {
      // Another bail method, checked after each assistant turn of this same conversation.
      const probe = await probeTurns(dialogueTranscript(run), job, context, hints);
      return {
        answer: probe.answer,
        ...(probe.check ? { check: probe.check } : {}),
        decision: probe.decision,
        bailProbability: probe.bailProbability,
        refusalScore: null,
        extra: {
          persona: unit.id,
          sample: job.sampleIndex,
          branch: 0,
          userModel: settings.userModel,
          conversation,
          ending: fields.ending,
          turns: fields.turns,
          probe: { turns: probe.turns, firstBailTurn: probe.firstBailTurn },
        },
      };
    }
    const judgeModel = settings.judge ? context.models.get(settings.judge) : undefined;
    let judge: TranscriptJudgement | undefined;
    if (judgeModel) {
      try {
        judge = await judgeTranscript(judgeModel, dialogueTranscript(run), {
          seed: job.seed,
          signal: context.signal,
        });
      } catch (error) {
        if (context.signal.aborted || error instanceof RunCancelledError || isFatalFailure(error))
          throw error;
        // A judge that fails leaves the conversation unjudged; it is not the model's failure.
        judge = {
          model: judgeModel.spec,
          error: `the request failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    return {
      answer,
      decision: isHonouredEnding(fields.ending) ? 'bail' : 'continue',
      bailProbability: null,
      refusalScore: null,
      extra: { ...fields, conversation, ...(judge ? { judge } : {}) },
    };
  },
};

function userSimulator(
  unit: DialogueUnit,
  userModel: string,
  context: SampleContext,
  hints: { category: string; promptId: string },
  seed: number,
): UserSimulator {
  if (userModel === scriptedUser) return scriptedUserSimulator(unit.persona);
  const model = context.models.get(userModel);
  if (!model) throw new Error(`the user model ${userModel} was not opened with the run`);
  return modelUserSimulator(model, {
    persona: unit.persona,
    temperature: context.config.temperature,
    maxTokens: context.config.maxTokens,
    seed,
    hints,
    signal: context.signal,
  });
}
