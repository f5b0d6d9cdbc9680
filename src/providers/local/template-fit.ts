import type { ChatWrapper, LlamaModel, LlamaText } from 'node-llama-cpp';
import type { NodeLlamaCpp } from './llama-runtime.js';

/**
 * What the GGUF's own chat template says about the prompt, where node-llama-cpp's chosen chat
 * wrapper would say otherwise:
 * - **BOS.** Wrappers such as ChatML open every prompt with the BOS token. A model whose
 *   tokenizer does not prepend BOS (`tokenizer.ggml.add_bos_token = false`) and whose template
 *   does not write `bos_token` itself never saw one in training; for SmolLM2 the BOS token *is*
 *   `<|im_start|>`, so the prompt began `<|im_start|><|im_start|>system`. The leading BOS is
 *   dropped for such models.
 * - **Tools.** A template that never mentions `tools` has no tool-call syntax of its own; the
 *   wrapper then invents one (ChatML's `||call: name(…)`) that the model was not trained on.
 *   Such models get tools in the printed form instead (see `printed-tool-protocol.ts`).
 */
export interface TemplateFit {
  chatWrapper: ChatWrapper;
  /** True when the model's template has its own tool syntax for the wrapper to use. */
  templateHasTools: boolean;
}

export function fitChatWrapper(
  chatWrapper: ChatWrapper,
  model: LlamaModel,
  module: NodeLlamaCpp,
): TemplateFit {
  const template = chatTemplateOf(model);
  const templateHasTools = template !== null && /\btools\b/.test(template);
  const bos = model.tokens.bos;
  const dropBos =
    !model.tokens.shouldPrependBosToken && bos !== null && !(template ?? '').includes('bos_token');
  if (!dropBos) return { chatWrapper, templateHasTools };
  const generate = chatWrapper.generateContextState.bind(chatWrapper);
  chatWrapper.generateContextState = (options) => {
    const state = generate(options);
    return { ...state, contextText: withoutLeadingBos(state.contextText, module) };
  };
  return { chatWrapper, templateHasTools };
}

function withoutLeadingBos(text: LlamaText, module: NodeLlamaCpp): LlamaText {
  const [first, ...rest] = text.values;
  if (first instanceof module.SpecialToken && first.value === 'BOS') return new module.LlamaText(rest);
  return text;
}

function chatTemplateOf(model: LlamaModel): string | null {
  const tokenizer = (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer;
  return typeof tokenizer?.chat_template === 'string' ? tokenizer.chat_template : null;
}
