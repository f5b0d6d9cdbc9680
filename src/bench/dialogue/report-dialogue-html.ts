import { escapeHtml as e, interval, percent } from '../report/report-format.js';
import type { DialogueGroup, DialogueResults, DialogueShare } from './dialogue-results.js';

type Vary = { models: boolean; variants: boolean };

function share(value: DialogueShare): string {
  return `${percent(value.share)} <span class="note">${interval(value.ci95)}</span>`;
}

function rules(group: DialogueGroup): string {
  const entries = Object.entries(group.refusedByRule);
  return entries.length === 0 ? '—' : entries.map(([rule, count]) => `${e(rule)} ${count}`).join(', ');
}

function outcomeTable(experiment: DialogueResults, vary: Vary): string {
  const head = [
    ...(vary.models ? ['Model'] : []),
    'Category',
    'Personas',
    'Conversations',
    'Ended',
    'model_ended',
    'user_ended',
    'Mean end turn',
    'End requests',
    'Refused (by rule)',
    'Warnings before 1st request',
    'At-risk endings',
    'Overbail',
    'No reply',
  ];
  const rows = experiment.groups.map((group) =>
    [
      ...(vary.models ? [e(group.model)] : []),
      group.category === 'ALL' ? '<b>all</b>' : e(group.category),
      String(group.personas),
      `${group.conversations}${group.errors ? ` <span class="note">+${group.errors} errors</span>` : ''}${group.skipped ? ` <span class="note">+${group.skipped} skipped</span>` : ''}`,
      `<b>${share(group.ended)}</b>`,
      share(group.endings.model_ended),
      share(group.endings.user_ended),
      group.endTurn.mean === null ? '—' : group.endTurn.mean.toFixed(1),
      String(group.endRequests),
      `${group.refusedEndRequests} <span class="note">${rules(group)}</span>`,
      group.meanWarnings === null ? '—' : group.meanWarnings.toFixed(1),
      group.atRiskConversations === 0 ? '—' : `${group.atRiskEndings} of ${group.atRiskConversations}`,
      group.controlConversations === 0 ? '—' : share(group.overbail),
      `${group.unansweredTurns} of ${group.userTurns} turns`,
    ]
      .map((cell) => `<td>${cell}</td>`)
      .join(''),
  );
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row}</tr>`).join('\n')}</tbody></table></div>`;
}

/** The report section of a dialogue run: outcomes per category (figures drawn by the page script). */
export function dialogueSection(experiment: DialogueResults, vary: Vary): string {
  return `<section class="card" id="dialogue">
  <h2>Conversations with simulated users</h2>
  <p class="lede">Each conversation is a simulated user (${e(experiment.userModel)}) talking to the model through the chat engine, which holds the end_conversation tool under its policy, for at most ${experiment.maxTurns} user turns. Shares are of conversations, with 95% intervals clustered by persona.</p>
  ${outcomeTable(experiment, vary)}
</section>`;
}
