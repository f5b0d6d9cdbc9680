/**
 * Second half of the page script: the sample browser (filters, pages, transcripts) and the
 * start-up calls. Every piece of model or prompt text is set with textContent.
 */
export const browserScript = String.raw`
var PAGE = 50;
var samples = data.samples;
var state = { page: 0, filters: {} };
var filterFields = [
  { key: 'model', label: 'Model', show: vary.models },
  { key: 'method', label: 'Method', show: true },
  { key: 'variant', label: 'Variant', show: vary.variants },
  { key: 'condition', label: 'Condition', show: samples.some(function (s) { return s.condition !== undefined; }) },
  { key: 'category', label: 'Category', show: true },
  { key: 'decision', label: 'Decision', show: true }
];
function distinct(key) {
  var seen = [];
  samples.forEach(function (s) { if (seen.indexOf(s[key]) < 0) seen.push(s[key]); });
  return key === 'decision' ? ['bail', 'continue', 'invalid', 'error'].filter(function (d) { return seen.indexOf(d) >= 0; }) : seen.sort();
}
function matches(s) {
  for (var key in state.filters) if (state.filters[key] && s[key] !== state.filters[key]) return false;
  var q = state.query;
  if (q) {
    var hay = (s.promptId + ' ' + s.answer.text + ' ' + (s.check ? s.check.text : '')).toLowerCase();
    if (hay.indexOf(q) < 0) return false;
  }
  return true;
}
function badge(decision) { return el('span', { class: 'badge ' + decision, text: decision }); }
function probability(s) { return s.bailProbability === null ? '—' : pct(s.bailProbability, 1); }
function excerpt(s) {
  var text = s.decision === 'error' && s.error ? s.error.code + ': ' + s.error.message : s.answer.text;
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? text.slice(0, 160) + '…' : text || '(empty answer)';
}
function buildFilters() {
  var box = document.getElementById('sample-filters');
  filterFields.forEach(function (f) {
    if (!f.show) return;
    var select = el('select', { 'aria-label': f.label, onchange: function () { state.filters[f.key] = select.value; state.page = 0; renderTable(); } },
      [el('option', { value: '', text: 'All' })].concat(distinct(f.key).map(function (v) { return el('option', { value: v, text: v }); })));
    box.appendChild(el('label', null, [f.label, select]));
  });
  var search = el('input', { type: 'search', placeholder: 'Text in answers…', 'aria-label': 'Search answers',
    oninput: function () { state.query = search.value.trim().toLowerCase(); state.page = 0; renderTable(); } });
  box.appendChild(el('label', null, ['Search', search]));
}
function renderTable() {
  var rows = samples.filter(matches);
  var pages = Math.max(1, Math.ceil(rows.length / PAGE));
  if (state.page >= pages) state.page = pages - 1;
  var table = document.getElementById('sample-table');
  table.textContent = '';
  var head = ['Prompt', 'Category'].concat(vary.models ? ['Model'] : [], ['Method'], vary.variants ? ['Variant'] : [], ['#', 'Decision', 'P(bail)', 'Answer']);
  table.appendChild(el('thead', null, [el('tr', null, head.map(function (h) { return el('th', { text: h, class: h === 'P(bail)' || h === '#' ? 'num' : '' }); }))]));
  var body = el('tbody');
  rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (s) {
    var open = function () { openTranscript(s); };
    var cells = [el('td', null, [el('code', { text: s.promptId })]), el('td', { text: s.category })]
      .concat(vary.models ? [el('td', { text: s.model })] : [], [el('td', { text: s.method })], vary.variants ? [el('td', { text: s.variant })] : [],
        [el('td', { class: 'num', text: String(s.sampleIndex) }), el('td', null, [badge(s.decision)]), el('td', { class: 'num', text: probability(s) }),
         el('td', { class: 'excerpt', text: excerpt(s) })]);
    body.appendChild(el('tr', { tabindex: '0', onclick: open, onkeydown: function (e) { if (e.key === 'Enter') open(); } }, cells));
  });
  if (!rows.length) body.appendChild(el('tr', null, [el('td', { colspan: String(head.length), class: 'empty', text: 'No sample matches these filters.' })]));
  table.appendChild(body);
  var pager = document.getElementById('sample-pager');
  pager.textContent = '';
  pager.appendChild(el('button', { text: '‹ Previous', disabled: state.page === 0 ? 'disabled' : null, onclick: function () { state.page--; renderTable(); } }));
  pager.appendChild(el('span', { class: 'note', text: 'Page ' + (state.page + 1) + ' of ' + pages + ' · ' + rows.length.toLocaleString('en-US') + ' matching samples' }));
  pager.appendChild(el('button', { text: 'Next ›', disabled: state.page >= pages - 1 ? 'disabled' : null, onclick: function () { state.page++; renderTable(); } }));
}
function turn(kind, role, text, reasoning) {
  var children = [el('div', { class: 'role', text: role })];
  if (reasoning) children.push(el('details', null, [el('summary', { text: 'Reasoning (' + reasoning.length.toLocaleString('en-US') + ' characters)' }), el('div', { class: 'text', text: reasoning })]));
  children.push(text ? el('div', { class: 'text', text: text }) : el('div', { class: 'text empty', text: '(empty)' }));
  return el('div', { class: 'turn ' + kind }, children);
}
function fact(label, value) { return el('span', null, [label + ' ', el('b', { text: value })]); }
function openTranscript(s) {
  var dialog = document.getElementById('transcript');
  dialog.textContent = '';
  var facts = [fact('category', s.category + (s.subcategory ? ' / ' + s.subcategory : '')), fact('model', s.model), fact('method', s.method),
    fact('variant', s.variant), fact('sample', '#' + s.sampleIndex), fact('P(bail)', probability(s)),
    fact('refusal score', s.refusalScore === null ? 'not judged' : s.refusalScore.toFixed(2))];
  if (s.condition) facts.push(fact('condition', s.condition));
  if (s.turn) facts.push(fact('turn', String(s.turn)));
  if (s.usage) facts.push(fact('tokens', s.usage.inputTokens + ' in / ' + s.usage.outputTokens + ' out'));
  if (s.reason) facts.push(fact('reason', s.reason.status === 'judged' ? s.reason.category + (s.reason.subReason ? ' / ' + s.reason.subReason : '') + ' (' + s.reason.confidence.toFixed(2) + ')' : 'judge ' + s.reason.status));
  if (s.simulated) facts.push(el('span', { class: 'badge invalid', text: 'simulated' }));
  var close = el('button', { text: 'Close', 'aria-label': 'Close transcript', onclick: function () { dialog.close(); } });
  var head = el('div', { class: 'dialog-head' }, [el('div', null, [
    el('h3', { id: 'transcript-title', style: 'margin:0' }, [el('code', { text: s.promptId }), ' ', badge(s.decision)]),
    el('div', { class: 'facts' }, facts)]), close]);
  var body = el('div', { class: 'dialog-body' });
  var prompt = data.prompts[s.promptId];
  if (prompt) prompt.forEach(function (m) { body.appendChild(turn(m.role === 'assistant' ? 'assistant' : 'user', m.role === 'assistant' ? 'earlier assistant turn' : m.role, m.content, null)); });
  else body.appendChild(el('p', { class: 'note', text: data.promptsFile ? 'This prompt is not in prompts.jsonl.' : 'The prompt text was not recorded with these results (no prompts.jsonl).' }));
  if (s.history === 'self') body.appendChild(el('p', { class: 'note', text: 'The earlier assistant turns above are the log’s; in this sample the model saw its own answers in their place (history self).' }));
  if (s.decision === 'error' && s.error) body.appendChild(turn('failed', 'request failed · ' + s.error.code, s.error.message + (s.answer.text ? '\n\nPartial answer:\n' + s.answer.text : ''), null));
  else body.appendChild(turn('assistant', 'assistant answer', s.answer.text, s.answer.reasoning));
  if (s.check) body.appendChild(turn('check', 'well-being check answer', s.check.text, s.check.reasoning));
  if (s.whyAnswer) body.appendChild(turn('assistant', 'asked why it left', s.whyAnswer.text, s.whyAnswer.reasoning));
  if (s.whyError) body.appendChild(turn('failed', 'asking why it left failed · ' + s.whyError.code, s.whyError.message, null));
  if (s.truncated) body.appendChild(el('p', { class: 'note', text: 'Long texts were shortened for the report; samples.jsonl has them in full.' }));
  dialog.appendChild(head);
  dialog.appendChild(body);
  if (typeof dialog.showModal === 'function') dialog.showModal(); else dialog.setAttribute('open', '');
  close.focus();
}
function describeSelection() {
  var lede = document.getElementById('samples-lede');
  var shown = samples.length.toLocaleString('en-US');
  var total = data.sampleTotal.toLocaleString('en-US');
  lede.textContent = samples.length === data.sampleTotal
    ? 'All ' + total + ' samples. Filter them, then open one to read the transcript.'
    : shown + ' of ' + total + ' samples, taken evenly from every combination of method, category and decision so that rare outcomes stay visible; samples.jsonl holds them all. Open one to read the transcript.';
}

drawOverall();
drawCategories();
drawComparisons();
drawRefusal();
describeSelection();
buildFilters();
renderTable();
})();
`;
