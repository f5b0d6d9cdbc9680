import { join } from 'node:path';
import type { ContentPart, Message } from '../../core/conversation/message.js';
import { toOpenAIMessages } from '../../core/conversation/openai-messages.js';
import { endConversationTool } from '../../core/policy/end-conversation-tool.js';
import { AtomicLineWriter } from '../results/atomic-write.js';
import type { SampleRecord } from '../results/sample-record.js';
import type { BranchFields, DialogueFields, TranscriptNode } from './dialogue-record.js';

/** The files a dialogue run adds to its directory, for `bailkit audit` and `bailkit policy check`. */
export const conversationsFileName = 'conversations.jsonl';
export const endRequestsFileName = 'end-requests.jsonl';

/** The end_conversation tool in the OpenAI layout: what the assistant could call. */
const toolManifest = [
  {
    type: 'function' as const,
    function: {
      name: endConversationTool.name,
      description: endConversationTool.description,
      parameters: endConversationTool.parameters,
    },
  },
];

/**
 * A transcript path as core messages. The record keeps no provider call ids (they differ
 * between runs of the same answers), so calls get ids made from their node, and each tool
 * result answers the call of the assistant turn before it, in order.
 */
export function transcriptMessages(path: readonly TranscriptNode[]): Message[] {
  const messages: Message[] = [];
  let calls: { id: string; name: string }[] = [];
  for (const node of path) {
    const content: ContentPart[] = [];
    if (node.role === 'tool') {
      for (const [index, result] of (node.toolResults ?? []).entries()) {
        const call = calls[index];
        content.push({
          type: 'tool-result',
          toolCallId: call?.id ?? `call_${node.parentId ?? node.id}_${index + 1}`,
          toolName: result.name,
          output: result.output,
          ...(result.isError ? { isError: true } : {}),
        });
      }
    } else {
      if (node.reasoning) content.push({ type: 'reasoning', text: node.reasoning });
      if (node.text !== '') content.push({ type: 'text', text: node.text });
      calls = (node.toolCalls ?? []).map((call, index) => ({
        id: `call_${node.id}_${index + 1}`,
        name: call.name,
      }));
      for (const [index, call] of (node.toolCalls ?? []).entries()) {
        content.push({
          type: 'tool-call',
          toolCallId: calls[index]?.id ?? '',
          toolName: call.name,
          input: call.input,
        });
      }
    }
    // A turn the user saw nothing of (an empty answer) carries nothing a log could hold.
    if (content.length > 0) messages.push({ role: node.role, content });
  }
  return messages;
}

function conversationId(
  fields: Pick<DialogueFields, 'persona' | 'sample' | 'branch'>,
  model: string,
  models: number,
): string {
  return `${models > 1 ? `${model}/` : ''}${fields.persona}#${fields.sample}${fields.branch ? `.${fields.branch}` : ''}`;
}

/**
 * Writes DIR/conversations.jsonl (every conversation, OpenAI layout, with the tool manifest and
 * its recorded ending in `meta.ending`: what `bailkit audit` reads) and DIR/end-requests.jsonl
 * (one line per end_conversation call, the conversation up to that call, with the decision the
 * chat made in `meta`: what `bailkit policy check` re-decides). Each appears only once complete.
 */
export async function exportConversations(
  dir: string,
  samples: AsyncIterable<SampleRecord>,
  models: number,
): Promise<string[]> {
  const conversations = await AtomicLineWriter.open(join(dir, conversationsFileName));
  const requests = await AtomicLineWriter.open(join(dir, endRequestsFileName));
  try {
    for await (const record of samples) {
      const sample = record as SampleRecord & Partial<DialogueFields> & { branches?: BranchFields[] };
      const transcript = sample.transcript;
      if (transcript === undefined || sample.ending === undefined || sample.persona === undefined) continue;
      const byId = new Map(transcript.map((node) => [node.id, node]));
      const pathTo = (id: string | null): TranscriptNode[] => {
        const path: TranscriptNode[] = [];
        for (
          let node = id === null ? undefined : byId.get(id);
          node;
          node = node.parentId === null ? undefined : byId.get(node.parentId)
        ) {
          path.unshift(node);
        }
        return path;
      };
      const sampleIndex = sample.sample ?? sample.sampleIndex;
      const base = conversationId(
        { persona: sample.persona, sample: sampleIndex, branch: 0 },
        sample.model,
        models,
      );
      const meta = {
        persona: sample.persona,
        category: sample.category,
        sample: sampleIndex,
        model: sample.model,
      };
      const branches = sample.branches ?? [
        { branch: 0, ending: sample.ending, leafId: transcript.at(-1)?.id ?? null },
      ];
      for (const branch of branches) {
        const id = conversationId(
          { persona: sample.persona, sample: sampleIndex, branch: branch.branch },
          sample.model,
          models,
        );
        await conversations.writeLine(
          JSON.stringify({
            id,
            tools: toolManifest,
            messages: toOpenAIMessages(transcriptMessages(pathTo(branch.leafId))),
            meta: {
              ...meta,
              branch: branch.branch,
              ...(branch.ending !== null ? { ending: branch.ending } : {}),
            },
          }),
        );
      }
      // Each request once, even where branches share it (before the branch turn).
      for (const node of transcript) {
        if (!node.decision) continue;
        await requests.writeLine(
          JSON.stringify({
            id: `${base}@${node.id}`,
            messages: toOpenAIMessages(transcriptMessages(pathTo(node.id))),
            meta: {
              ...meta,
              turn: node.turn,
              decision: { outcome: node.decision.outcome, rule: node.decision.rule },
            },
          }),
        );
      }
    }
    await conversations.commit();
    await requests.commit();
  } catch (error) {
    await conversations.abort();
    await requests.abort();
    throw error;
  }
  return [join(dir, conversationsFileName), join(dir, endRequestsFileName)];
}
