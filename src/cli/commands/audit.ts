import { resolve } from 'node:path';
import type { AuditReport } from '../../audit/audit-report.js';
import { endingCauses } from '../../audit/detectors/ending-cause.js';
import { findingKindLabels, findingKinds } from '../../audit/finding.js';
import { readTranscripts } from '../../audit/parse/read-transcripts.js';
import { readToolManifest } from '../../audit/parse/tool-manifest.js';
import { causeLabels } from '../../audit/report/audit-html-style.js';
import { runAudit } from '../../audit/run-audit.js';
import { writeAuditOutput } from '../../audit/write-audit.js';
import { loadReasonTaxonomy } from '../../bench/reasons/load-taxonomy.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import type { LanguageModel } from '../../core/model.js';
import { createModel } from '../../providers/create-model.js';
import { defineCommand } from '../command.js';

const options = {
  tools: {
    type: 'string',
    placeholder: 'MANIFEST',
    description: 'A JSON file of tools, applied to conversations whose input names none',
  },
  judge: {
    type: 'string',
    placeholder: 'SPEC',
    description: 'A model that confirms or rejects findings, finds what rules miss and names bail reasons',
  },
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'OpenAI-compatible server for the judge (vLLM, Ollama, llama.cpp, …)',
  },
  taxonomy: {
    type: 'string',
    placeholder: 'FILE',
    description: 'The reason taxonomy the judge labels bails with (JSON or YAML; default the built-in one)',
  },
  out: {
    type: 'string',
    placeholder: 'DIR',
    default: 'audit-out',
    description: 'Where audit.json and audit.html go',
  },
} as const;

function summaryLines(report: AuditReport, written: { json: string; html: string }): string[] {
  const lines = [
    `Audited ${report.summary.conversations} conversation${report.summary.conversations === 1 ? '' : 's'}.`,
  ];
  const endings = endingCauses
    .filter((cause) => report.summary.endings[cause] > 0)
    .map((cause) => `${causeLabels[cause].toLowerCase()} ${report.summary.endings[cause]}`);
  lines.push(`Endings: ${endings.join(', ')}`);
  const width = Math.max(...findingKinds.map((kind) => findingKindLabels[kind].length)) + 2;
  lines.push('Findings:');
  for (const kind of findingKinds) {
    const counts = report.summary.findings[kind];
    const judged = report.judge
      ? `  (${counts.confirmed} confirmed, ${counts.rejected} rejected, ${counts.judge} judge-only)`
      : '';
    lines.push(
      `  ${findingKindLabels[kind].padEnd(width)}${String(counts.reported).padStart(4)} in ${counts.conversations}${judged}`,
    );
  }
  const pressure = report.summary.pressure;
  lines.push(
    `Pressure: ${pressure.conversationsWithPushback} with pushback, ${pressure.unsupportedFlips} unsupported and ${pressure.supportedFlips} supported flips`,
  );
  if (report.judge) {
    lines.push(
      `Judge ${report.judge.model}${report.judge.simulated ? ' (simulated)' : ''}: ${report.judge.requests} requests, ${report.judge.malformed} malformed, ${report.judge.errors} errors, ${report.judge.failedConversations} conversations without a usable verdict`,
    );
  } else {
    lines.push('Reasons: not judged (use --judge SPEC)');
  }
  lines.push(`Wrote ${written.json}`, `Wrote ${written.html}`);
  return lines;
}

export const auditCommand = defineCommand({
  name: 'audit',
  summary:
    'Label endings and problem behaviours in transcripts (JSONL, ShareGPT, WildChat, copied chat text)',
  positionals: 'FILE...',
  options,
  examples: [
    'bailkit audit examples/audit/transcripts.jsonl examples/audit/chat.txt --out audit-out',
    'bailkit audit chat.txt --tools tools.json',
    'bailkit audit logs.jsonl --judge openai:gpt-4o-mini',
  ],
  async run(opts, files, context) {
    if (files.length === 0) {
      throw new InvalidInputError('INVALID_ARGUMENT', 'bailkit audit: give at least one transcript file.', {
        command: 'audit',
      });
    }
    const tools = opts.tools ? await readToolManifest(resolve(context.cwd, opts.tools)) : null;
    const transcripts = await readTranscripts(
      files.map((file) => resolve(context.cwd, file)),
      { tools },
    );
    const taxonomy = await loadReasonTaxonomy(opts.taxonomy, context.cwd);
    let judge: LanguageModel | undefined;
    if (opts.judge) {
      judge = await createModel(opts.judge, {
        env: context.env,
        ...(opts['base-url'] ? { baseUrl: opts['base-url'] } : {}),
      });
    }
    try {
      const progress = context.stderr.isTTY && judge;
      const report = await runAudit(transcripts, {
        ...(judge ? { judge } : {}),
        taxonomy,
        signal: context.signal,
        ...(progress
          ? {
              onProgress: (done: number, total: number) => context.stderr.write(`\rjudging ${done}/${total}`),
            }
          : {}),
      });
      if (progress) context.stderr.write('\n');
      const written = await writeAuditOutput(
        resolve(context.cwd, opts.out),
        report,
        transcripts.flatMap((file) => file.conversations),
      );
      context.stdout.write(`${summaryLines(report, written).join('\n')}\n`);
      return 0;
    } finally {
      await judge?.close?.();
    }
  },
});
