import { type Clock, systemClock } from '../core/clock.js';
import type { LanguageModel } from '../core/model.js';
import { builtInTaxonomy, type ReasonTaxonomy } from '../core/reasons/reason-taxonomy.js';
import type { AuditConversation } from './audit-conversation.js';
import {
  type AuditConversationResult,
  type AuditReport,
  auditReportSchema,
  auditSchemaId,
  isReported,
} from './audit-report.js';
import { analyzePressure } from './detectors/capitulation.js';
import { detectEndings, endingCauses } from './detectors/ending-cause.js';
import { findingKinds } from './finding.js';
import { rubricVersion } from './judge/judge-rubric.js';
import { judgeConversation, type ReasonResult } from './judge/run-judge.js';
import type { TranscriptFile } from './parse/read-transcripts.js';
import { runRulePass } from './rule-pass.js';

export interface AuditOptions {
  /** Confirms or rejects rule findings, finds what rules miss, and names bail reasons. */
  judge?: LanguageModel;
  /** The reason taxonomy the judge labels bails with (default: the built-in one). */
  taxonomy?: ReasonTaxonomy;
  /** Conversations judged at once (default 4). */
  judgeConcurrency?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Called after each conversation (for a progress line in the CLI). */
  onProgress?: (done: number, total: number) => void;
}

/** The per-conversation audit and its judge bookkeeping. */
interface Audited {
  result: AuditConversationResult;
  judge: { requests: number; malformed: number; errors: number; failed: boolean; dropped: number } | null;
}

async function auditOne(conversation: AuditConversation, options: AuditOptions): Promise<Audited> {
  const endings = detectEndings(conversation);
  const { quotes: _quotes, ...pressure } = analyzePressure(conversation);
  let findings = runRulePass(conversation);
  const bailed = endings.turns.some((ending) => ending.cause === 'model_chosen');
  let reason: ReasonResult = bailed
    ? { status: 'not judged', note: 'reasons are judged only with --judge' }
    : { status: 'not applicable' };
  let judge: Audited['judge'] = null;
  if (options.judge) {
    const outcome = await judgeConversation(options.judge, conversation, findings, bailed, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.taxonomy ? { taxonomy: options.taxonomy } : {}),
    });
    findings = outcome.findings;
    if (outcome.reason) reason = outcome.reason;
    judge = {
      requests: outcome.requests,
      malformed: outcome.malformed,
      errors: outcome.errors.length,
      failed: !outcome.judged,
      dropped: outcome.droppedAdditional,
    };
  }
  return {
    result: {
      id: conversation.id,
      source: conversation.source,
      structured: conversation.structured,
      tools: conversation.tools?.map((tool) => tool.name) ?? null,
      endings: {
        conversation: endings.conversation,
        turns: endings.turns.filter((ending) => ending.cause !== 'normal'),
      },
      findings,
      pressure,
      reason,
    },
    judge,
  };
}

function summarize(results: AuditConversationResult[]): AuditReport['summary'] {
  const findings = Object.fromEntries(
    findingKinds.map((kind) => {
      const all = results.flatMap((result) => result.findings.filter((f) => f.kind === kind));
      return [
        kind,
        {
          reported: all.filter(isReported).length,
          rule: all.filter((f) => f.detector === 'rule').length,
          judge: all.filter((f) => f.detector === 'judge').length,
          confirmed: all.filter((f) => f.judge?.verdict === 'confirmed').length,
          rejected: all.filter((f) => f.judge?.verdict === 'rejected').length,
          conversations: results.filter((r) => r.findings.some((f) => f.kind === kind && isReported(f)))
            .length,
        },
      ];
    }),
  ) as AuditReport['summary']['findings'];
  const endings = Object.fromEntries(endingCauses.map((cause) => [cause, 0])) as Record<
    (typeof endingCauses)[number],
    number
  >;
  const turnEndings = { ...endings };
  const reasons: Record<string, number> = {};
  let withPushback = 0;
  let withFlip = 0;
  let unsupported = 0;
  let supported = 0;
  for (const result of results) {
    endings[result.endings.conversation.cause] += 1;
    for (const ending of result.endings.turns) turnEndings[ending.cause] += 1;
    const key = result.reason.status === 'judged' ? result.reason.category : result.reason.status;
    if (result.reason.status !== 'not applicable') reasons[key] = (reasons[key] ?? 0) + 1;
    if (result.pressure.pushbacks.length > 0) withPushback += 1;
    if (result.pressure.numberOfFlips > 0) withFlip += 1;
    for (const pushback of result.pressure.pushbacks) {
      if (pushback.change !== 'flip') continue;
      if (pushback.supported) supported += 1;
      else unsupported += 1;
    }
  }
  return {
    conversations: results.length,
    findings,
    endings,
    turnEndings,
    reasons,
    pressure: {
      conversationsWithPushback: withPushback,
      conversationsWithFlip: withFlip,
      unsupportedFlips: unsupported,
      supportedFlips: supported,
    },
  };
}

/**
 * Audits every conversation of the given files: the rule pass always, the judge when given.
 * Returns the validated `bailkit.audit/1` report; nothing is written here.
 */
export async function runAudit(files: TranscriptFile[], options: AuditOptions = {}): Promise<AuditReport> {
  const conversations = files.flatMap((file) => file.conversations);
  const audited: Audited[] = new Array(conversations.length);
  let next = 0;
  let done = 0;
  const workers = Math.max(1, options.judge ? (options.judgeConcurrency ?? 4) : 1);
  await Promise.all(
    Array.from({ length: Math.min(workers, conversations.length) }, async () => {
      while (next < conversations.length) {
        const index = next;
        next += 1;
        options.signal?.throwIfAborted();
        audited[index] = await auditOne(conversations[index] as AuditConversation, options);
        done += 1;
        options.onProgress?.(done, conversations.length);
      }
    }),
  );
  const results = audited.map((item) => item.result);
  const judged = audited.map((item) => item.judge).filter((item) => item !== null);
  const report: AuditReport = {
    schema: auditSchemaId,
    createdAt: new Date((options.clock ?? systemClock).now()).toISOString(),
    inputs: files.map((file) => ({
      file: file.file,
      format: file.format,
      conversations: file.conversations.length,
    })),
    judge: options.judge
      ? {
          model: options.judge.spec,
          simulated: options.judge.simulated,
          rubric: rubricVersion,
          taxonomy: (options.taxonomy ?? builtInTaxonomy).id,
          requests: judged.reduce((sum, item) => sum + item.requests, 0),
          malformed: judged.reduce((sum, item) => sum + item.malformed, 0),
          errors: judged.reduce((sum, item) => sum + item.errors, 0),
          failedConversations: judged.filter((item) => item.failed).length,
          droppedAdditional: judged.reduce((sum, item) => sum + item.dropped, 0),
        }
      : null,
    summary: summarize(results),
    conversations: results,
  };
  return auditReportSchema.parse(report);
}
