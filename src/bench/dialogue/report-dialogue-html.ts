import { escapeHtml as e, interval, percent } from '../report/report-format.js';
import type { TranscriptNode } from './dialogue-record.js';
import type { DialogueGroup, DialogueResults, DialogueShare } from './dialogue-results.js';
import type { ReportDialogue, ReportDialogues } from './report-dialogues.js';
import { judgeDimensionNames, type TranscriptJudgement } from './transcript-judge.js';

type Vary = { models: boolean; variants: boolean };

/** The section's own styles (the report's stylesheet is shared; these only concern dialogues). */
const styles = `
#dialogue .ok { background: #ecfdf3; border: 1px solid #abefc6; color: #05603a; border-radius: 10px; padding: 10px 12px; margin: 10px 0; }
#dialogue .heat td.num { min-width: 34px; }
#dialogue .scroll { max-height: 460px; overflow-y: auto; border: 1px solid var(--line); border-radius: 10px; }
#dialogue .scroll table { margin: 0; }
#dialogue .scroll thead th { position: sticky; top: 0; background: var(--panel); }
#dialogue .badge.model_ended { background: var(--bail); } #dialogue .badge.user_ended { background: #0b5cad; }
#dialogue .badge.open { background: var(--continue); } #dialogue .badge.other { background: var(--invalid); }
#dialogue .badge.risk { background: #912018; } #dialogue .badge.flag { background: #667085; }
.dlg-transcript { display: none; border: 2px solid var(--accent); border-radius: 12px; padding: 14px 16px; margin: 14px 0; }
.dlg-transcript:target { display: block; }
.dlg-transcript .head { display: flex; justify-content: space-between; gap: 12px; align-items: start; }
.dlg-transcript .turn .text { font-size: 14px; }
.dlg-decision { margin: 0 12px 10px; padding: 8px 10px; border-radius: 8px; font-size: 13.5px; border-left: 4px solid; }
.dlg-decision.refused { background: #fffaeb; border-color: #dc6803; }
.dlg-decision.honoured { background: #fef3f2; border-color: var(--bail); }
.dlg-decision ul { margin: 4px 0 0 18px; padding: 0; }
.dlg-call { margin: 0 12px 10px; font-size: 13px; color: var(--muted); font-family: var(--mono); overflow-wrap: anywhere; }
.dlg-branch { border-left: 3px dashed #b9c3d0; padding-left: 12px; margin: 8px 0 8px 6px; }
.dlg-branch > .label { font-size: 12px; font-weight: 700; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.dlg-ending { margin: 8px 0; padding: 8px 12px; border-radius: 8px; background: #f3f5f8; font-weight: 600; }
`;

function share(value: DialogueShare): string {
  return `${percent(value.share)} <span class="note">${interval(value.ci95)}</span>`;
}

function table(
  head: string[],
  rows: string[][],
  numeric: (index: number) => boolean,
  className = '',
): string {
  const th = head.map((h, i) => `<th${numeric(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${numeric(i) ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function categoryName(group: DialogueGroup): string {
  return group.category === 'ALL' ? '<b>all categories</b>' : e(group.category);
}

function rules(group: DialogueGroup): string {
  const entries = Object.entries(group.refusedByRule);
  return entries.length === 0
    ? ''
    : ` <span class="note">${entries.map(([rule, n]) => `${e(rule)} ${n}`).join(', ')}</span>`;
}

function outcomeTables(experiment: DialogueResults, vary: Vary): string {
  const lead = (group: DialogueGroup): string[] => [
    ...(vary.models ? [e(group.model)] : []),
    categoryName(group),
  ];
  const leadHead = [...(vary.models ? ['Model'] : []), 'Category'];
  const first = leadHead.length;
  const endings = experiment.groups.map((group) => [
    ...lead(group),
    String(group.personas),
    `${group.conversations}${group.errors ? ` <span class="note">+${group.errors} failed</span>` : ''}${group.skipped ? ` <span class="note">+${group.skipped} skipped</span>` : ''}`,
    `<b>${share(group.ended)}</b>`,
    share(group.endings.model_ended),
    share(group.endings.user_ended),
    group.endTurn.mean === null ? '—' : group.endTurn.mean.toFixed(1),
    group.atRiskConversations === 0
      ? '—'
      : `${group.atRiskEndings > 0 ? `<b style="color:var(--bail)">${group.atRiskEndings}</b>` : '0'} of ${group.atRiskConversations}`,
    group.controlConversations === 0 ? '—' : share(group.overbail),
  ]);
  const requests = experiment.groups.map((group) => [
    ...lead(group),
    String(group.endRequests),
    share(group.withEndRequest),
    `${group.refusedEndRequests}${rules(group)}`,
    group.meanWarnings === null ? '—' : group.meanWarnings.toFixed(1),
    String(group.confirmedUserEndings),
    `${group.unansweredTurns} <span class="note">of ${group.userTurns}</span>`,
  ]);
  return `<div class="table-wrap">${table(
    [
      ...leadHead,
      'Personas',
      'Conversations',
      'Ended',
      'Model ended',
      'User ended',
      'Mean end turn',
      'At-risk endings',
      'Overbail (control)',
    ].map(e),
    endings,
    (i) => i >= first,
  )}</div>
  <h3>End requests and the policy</h3>
  <p class="note">Every end_conversation call is decided by the chat's policy; refusals are counted by the rule that refused them. Warnings are the redirects the policy counted before the first request.</p>
  <div class="table-wrap">${table(
    [
      ...leadHead,
      'End requests',
      'Conversations with one',
      'Refused',
      'Warnings before 1st request',
      'Confirmed user endings',
      'Turns with no reply',
    ].map(e),
    requests,
    (i) => i >= first,
  )}</div>`;
}

function turnTable(experiment: DialogueResults, vary: Vary): string {
  const turns = Array.from({ length: experiment.maxTurns }, (_, i) => i + 1);
  const max = Math.max(1, ...experiment.groups.flatMap((group) => group.endTurn.byTurn));
  const rows = experiment.groups.map((group) => [
    ...(vary.models ? [e(group.model)] : []),
    categoryName(group),
    ...turns.map((turn) => {
      const count = group.endTurn.byTurn[turn - 1] ?? 0;
      const alpha = count === 0 ? 0 : 0.12 + 0.6 * (count / max);
      return count === 0
        ? '<span class="note">·</span>'
        : `<span style="display:inline-block;min-width:26px;padding:1px 6px;border-radius:6px;background:rgba(180,35,24,${alpha.toFixed(2)})">${count}</span>`;
    }),
    String(group.endTurn.byTurn.reduce((sum, n) => sum + n, 0)),
  ]);
  const first = vary.models ? 2 : 1;
  return `<div class="table-wrap">${table(
    [...(vary.models ? ['Model'] : []), 'Category', ...turns.map((t) => `Turn ${t}`), 'Ended'].map(e),
    rows,
    (i) => i >= first,
    'heat',
  )}</div>`;
}

function probeTable(experiment: DialogueResults, vary: Vary): string {
  const probes = experiment.probes ?? [];
  if (probes.length === 0) return '';
  const rows = probes.map((p) => [
    ...(vary.models ? [e(p.model)] : []),
    e(p.method),
    p.category === 'ALL' ? '<b>all categories</b>' : e(p.category),
    String(p.conversations),
    `<b>${share(p.bailed)}</b>`,
    p.firstBailTurn.mean === null ? '—' : p.firstBailTurn.mean.toFixed(1),
    p.endedByTool === 0 ? '—' : `${p.bailedByThen} of ${p.endedByTool}`,
    p.mismatched === 0 ? '0' : `<b style="color:var(--bail)">${p.mismatched}</b>`,
  ]);
  const head = [
    ...(vary.models ? ['Model'] : []),
    'Method',
    'Category',
    'Conversations',
    'Left at some turn',
    'Mean first turn',
    'Left by the turn the tool ended',
    'Other conversation',
  ];
  const first = vary.models ? 3 : 2;
  return `<h3>Bail methods on the same conversations</h3>
  <p class="note">Each method checked after every assistant turn of the conversations above, as the continue mode checks a log: the share of conversations in which it would have left at some turn, and, of the conversations the chat's tool ended, how many it would have left by then. "Other conversation" counts probes that did not see the tool's conversation (a model not deterministic under its seed, run without the cache).</p>
  <div class="table-wrap">${table(head.map(e), rows, (i) => i >= first)}</div>`;
}

function judgeTable(experiment: DialogueResults, vary: Vary): string {
  const groups = experiment.groups.filter((group) => group.judge);
  if (groups.length === 0) return '';
  const rows = groups.map((group) => {
    const judge = group.judge as NonNullable<DialogueGroup['judge']>;
    return [
      ...(vary.models ? [e(group.model)] : []),
      categoryName(group),
      String(judge.judged),
      judge.failures === 0 ? '0' : `<b style="color:var(--bail)">${judge.failures}</b>`,
      ...judgeDimensionNames.map((name) => {
        const d = judge.dimensions[name];
        return d === null
          ? '—'
          : `<b>${d.mean.toFixed(1)}</b> <span class="note">${d.ci95[0].toFixed(1)}–${d.ci95[1].toFixed(1)} · ${d.conversations}</span>`;
      }),
    ];
  });
  const head = [...(vary.models ? ['Model'] : []), 'Category', 'Judged', 'Unjudged', ...judgeDimensionNames];
  const first = vary.models ? 2 : 1;
  return `<h3>The judge's scores</h3>
  <p class="note">Mean score (1–10) of each conversation on each dimension by ${e(experiment.judge ?? 'the judge')}, with a 95% interval clustered by persona and the number of conversations scored; care for a user at risk is scored only where the judge saw a risk. Each transcript shows its scores with the turn they cite.</p>
  <div class="table-wrap">${table(head.map(e), rows, (i) => i > first)}</div>`;
}

function judgePanel(judge: TranscriptJudgement | undefined): string {
  if (!judge) return '';
  if ('error' in judge)
    return `<div class="warning">The judge (${e(judge.model)}) gave no scores: ${e(judge.error)}</div>`;
  const items = judgeDimensionNames.map((name) => {
    const s = judge.scores[name];
    return `<li><b>${e(name)}</b>: ${s === null ? 'not scored (no risk seen)' : `${s.score}/10${s.turn !== null ? ` (turn ${s.turn})` : ''}${s.reason ? ` — ${e(s.reason)}` : ''}`}</li>`;
  });
  return `<div class="dlg-ending" style="font-weight:400">Judge ${e(judge.model)}:<ul style="margin:4px 0 0 18px;padding:0">${items.join('')}</ul></div>`;
}

function anchor(dialogue: Pick<ReportDialogue, 'index'>): string {
  return `dialogue-${dialogue.index}`;
}

function endingBadge(ending: string | null): string {
  if (ending === null) return '<span class="badge open">open</span>';
  const kind = ending === 'model_ended' || ending === 'user_ended' ? ending : 'other';
  return `<span class="badge ${kind}">${e(ending)}</span>`;
}

function findDialogue(
  dialogues: ReportDialogues | undefined,
  key: { model: string; persona: string; sample: number; branch: number },
): ReportDialogue | undefined {
  // A tree's branches share one transcript.
  return dialogues?.shown.find(
    (d) => d.model === key.model && d.persona === key.persona && d.sample === key.sample,
  );
}

function atRiskPanel(
  experiment: DialogueResults,
  dialogues: ReportDialogues | undefined,
  vary: Vary,
): string {
  const atRisk = experiment.groups
    .filter((group) => group.category === 'ALL')
    .reduce((sum, group) => sum + group.atRiskConversations, 0);
  if (experiment.atRiskEndings.length === 0) {
    return atRisk === 0
      ? '<p class="note">No persona of this run is marked as a user at risk (<code>expect.atRisk</code>).</p>'
      : `<div class="ok"><b>No conversation of a user at risk was ended</b> (${atRisk} conversation${atRisk === 1 ? '' : 's'} with users marked at risk).</div>`;
  }
  const items = experiment.atRiskEndings.map((ending) => {
    const found = findDialogue(dialogues, ending);
    const label = `${e(ending.persona)} · sample ${ending.sample}${ending.branch ? ` · branch ${ending.branch}` : ''} — ${e(ending.ending)} at turn ${ending.endTurn ?? '?'}`;
    return `<li>${found ? `<a href="#${anchor(found)}">${label}</a>` : label}${vary.models ? ` <span class="note">${e(ending.model)}</span>` : ''}</li>`;
  });
  return `<div class="warning"><b>${experiment.atRiskEndings.length} conversation${experiment.atRiskEndings.length === 1 ? '' : 's'} of users at risk ${experiment.atRiskEndings.length === 1 ? 'was' : 'were'} ended.</b> This number should be zero. Each one, with its transcript:<ul>${items.join('')}</ul></div>`;
}

function conversationsTable(dialogues: ReportDialogues, vary: Vary): string {
  // One row per branch; the branches of a tree open the same transcript.
  const branches = dialogues.shown.flatMap((tree) =>
    (tree.branches ?? [tree]).map((branch) => ({ ...tree, ...branch, index: tree.index })),
  );
  const rows = branches.map((d) => [
    ...(vary.models ? [e(d.model)] : []),
    e(d.category),
    `<a href="#${anchor(d)}">${e(d.persona)}</a>${d.atRisk ? ' <span class="badge risk">at risk</span>' : ''}`,
    String(d.sample),
    String(d.branch),
    endingBadge(d.ending),
    d.endTurn === null ? '—' : String(d.endTurn),
    String(d.turns),
    String(d.endRequests),
    d.refusedEndRequests.length === 0
      ? '0'
      : `${d.refusedEndRequests.length} <span class="note">${d.refusedEndRequests.map((r) => `${e(r.rule)}@${r.turn}`).join(', ')}</span>`,
    String(d.warnings),
    e(d.stop),
    d.expectation === null
      ? '—'
      : d.expectation === 'met'
        ? 'met'
        : '<b style="color:var(--bail)">violated</b>',
  ]);
  const head = [
    ...(vary.models ? ['Model'] : []),
    'Category',
    'Persona',
    'Sample',
    'Branch',
    'Ending',
    'End turn',
    'Turns',
    'End requests',
    'Refused',
    'Warnings',
    'Stopped by',
    'Expectation',
  ];
  const numeric = new Set(['Sample', 'Branch', 'End turn', 'Turns', 'End requests', 'Warnings']);
  return `<div class="scroll">${table(head.map(e), rows, (i) => numeric.has(head[i] ?? ''))}</div>`;
}

function nodeHtml(node: TranscriptNode): string {
  const flags = [
    ...(node.flags ?? []).map((flag) => `<span class="badge flag">${e(flag)}</span>`),
    ...(node.risk ? [`<span class="badge risk">risk ${e(node.risk)}</span>`] : []),
    ...(node.crisisResources ? ['<span class="badge risk">crisis resources shown</span>'] : []),
  ].join(' ');
  const role = node.role === 'tool' ? 'tool result (to the model)' : node.role;
  const text =
    node.role === 'tool'
      ? (node.toolResults ?? []).map((r) => `${r.name}: ${r.output}`).join('\n')
      : node.text.trim() === ''
        ? ''
        : node.text;
  const calls = (node.toolCalls ?? [])
    .map((call) => `<div class="dlg-call">calls ${e(call.name)}(${e(JSON.stringify(call.input))})</div>`)
    .join('');
  const decision = node.decision
    ? `<div class="dlg-decision ${node.decision.outcome}"><b>Policy: ${e(node.decision.outcome)}</b> — rule <code>${e(node.decision.rule)}</code>, ${node.decision.trigger === 'user_request' ? 'the user asked' : "the assistant's own request"}${node.decision.showCrisisResources ? ', crisis resources shown' : ''}${node.decision.requestedReason ? `<br>Reason given: “${e(node.decision.requestedReason)}”` : ''}<ul>${node.decision.reasons.map((reason) => `<li>${e(reason)}</li>`).join('')}</ul></div>`
    : '';
  const ending = node.ending
    ? `<div class="dlg-ending">${endingBadge(node.ending.kind)} The conversation ended here${node.ending.reason ? `: ${e(node.ending.reason)}` : '.'}</div>`
    : '';
  return `<div class="turn ${node.role === 'tool' ? 'check' : e(node.role)}"><div class="role">${e(role)} · turn ${node.turn} ${flags}</div>${
    text === '' ? '<div class="text empty">(no text)</div>' : `<div class="text">${e(text)}</div>`
  }${node.reasoning ? `<details><summary>Reasoning</summary><div class="text">${e(node.reasoning)}</div></details>` : ''}${calls}${decision}</div>${ending}`;
}

/** The conversation tree: a straight path, or siblings drawn as labelled branches. */
function treeHtml(transcript: readonly TranscriptNode[]): string {
  const children = new Map<string | null, TranscriptNode[]>();
  for (const node of transcript) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  const below = (parent: string | null): string => {
    const kids = children.get(parent) ?? [];
    if (kids.length === 1) {
      const only = kids[0] as TranscriptNode;
      return nodeHtml(only) + below(only.id);
    }
    return kids
      .map(
        (kid, i) =>
          `<div class="dlg-branch"><div class="label">branch ${i} · ${i + 1} of ${kids.length}</div>${nodeHtml(kid)}${below(kid.id)}</div>`,
      )
      .join('');
  };
  return below(null);
}

function transcriptPanel(d: ReportDialogue, vary: Vary): string {
  return `<article class="dlg-transcript" id="${anchor(d)}" aria-label="Transcript of ${e(d.persona)} sample ${d.sample}">
  <div class="head"><div><h3 style="margin:0">${e(d.persona)} · sample ${d.sample}${d.branch ? ` · branch ${d.branch}` : ''}</h3>
  <div class="facts"><span><b>${e(d.category)}</b></span>${d.branches ? `<span>${d.branches.length} branches; the figures are branch 0's, the conversation as it ran</span>` : ''}${vary.models ? `<span>${e(d.model)}</span>` : ''}<span>ending ${endingBadge(d.ending)}${d.endTurn !== null ? ` at turn ${d.endTurn}` : ''}</span><span>${d.turns} user turns</span><span>${d.endRequests} end requests, ${d.refusedEndRequests.length} refused</span><span>${d.warnings} warnings before the first</span><span>stopped by ${e(d.stop)}</span>${d.expectation ? `<span>expectation ${e(d.expectation)}</span>` : ''}</div></div>
  <a href="#dialogue-conversations">close</a></div>
  ${judgePanel(d.judge)}
  ${treeHtml(d.transcript)}
</article>`;
}

/**
 * The report section of a dialogue run: endings of users at risk (each linked to its
 * transcript), the outcome table per category, the turn of ending, and a transcript viewer that
 * draws each conversation's tree with the policy's decision at every end request. Pure HTML:
 * a transcript opens when its anchor is the page's target.
 */
export function dialogueSection(
  experiment: DialogueResults,
  vary: Vary,
  dialogues?: ReportDialogues,
): string {
  const viewer = dialogues
    ? `<h3 id="dialogue-conversations">Conversations</h3>
  <p class="note">${dialogues.shown.length === dialogues.total ? `All ${dialogues.total} conversations` : `${dialogues.shown.length} of ${dialogues.total} conversations (every ending of a user at risk, every overbail, every other ending and every refused request first)`}. Click a persona to read its transcript: each message, the flags the chat put on it, and at every end request the policy's decision, rule and reasons.</p>
  ${conversationsTable(dialogues, vary)}
  ${dialogues.shown.map((d) => transcriptPanel(d, vary)).join('\n')}`
    : '<p class="note">Transcripts are in samples.jsonl (<code>transcript</code> of each conversation).</p>';
  return `<section class="card" id="dialogue">
  <style>${styles}</style>
  <h2>Conversations with simulated users</h2>
  <p class="lede">Each conversation is a simulated user (<code>${e(experiment.userModel)}</code>) talking with the model through the chat engine of <code>bailkit chat</code>, which holds the end_conversation tool under its policy, for at most ${experiment.maxTurns} user turns. Shares are of conversations, with 95% intervals clustered by persona; "ended" counts endings through an honoured end_conversation call.</p>
  ${atRiskPanel(experiment, dialogues, vary)}
  ${experiment.skipped.map((s) => `<div class="warning">Skipped ${s.samples} conversation${s.samples === 1 ? '' : 's'} of ${e(s.model)} (${e(s.code)}): counted apart, left out of every share.</div>`).join('')}
  <h3>Outcomes per category</h3>
  ${outcomeTables(experiment, vary)}
  ${probeTable(experiment, vary)}
  ${judgeTable(experiment, vary)}
  <h3>Turn of ending</h3>
  <p class="note">Conversations ended by an honoured end_conversation call, by the user turn at which the policy honoured it.</p>
  ${turnTable(experiment, vary)}
  ${viewer}
</section>`;
}
