/**
 * The page script's part for the experiment, variant, overbail and refusal figures. Plain
 * browser JavaScript, placed between the chart helpers (report-chart-script.ts) and the sample
 * browser, whose helpers (`el`, `pct`, `ci`, `seriesName`, `alpha`, `shade`, `canvasIn`,
 * `niceMax`, `palette`) it uses. Every figure draws its 95% intervals.
 */
export const experimentScript = String.raw`
var experiment = results.experiment && results.experiment.mode !== 'dialogue' ? results.experiment : null;
function baseNameOf(k) { return seriesName({ model: k.model, method: k.method, variant: k.variant }); }
function baseKeyOf(k) { return k.model + '\u0000' + k.method + '\u0000' + k.variant; }
function distinctBy(rows, f) { var out = []; rows.forEach(function (r) { var v = f(r); if (out.indexOf(v) < 0) out.push(v); }); return out; }

// Horizontal grouped bars: one slot per label, one bar per group, each with its interval drawn
// as a thin dark bar over it. group.at(label) gives { rate, ci95, note } or null.
function groupedBars(boxId, labels, groups, axisTitle) {
  if (!hasCharts || !document.getElementById(boxId) || labels.length === 0) return;
  var canvas = canvasIn(boxId, Math.max(170, labels.length * Math.max(34, groups.length * 17) + 96));
  var sets = [];
  var top = [];
  groups.forEach(function (g, i) {
    var rows = labels.map(function (label) { return g.at(label); });
    rows.forEach(function (r) { if (r && r.ci95) top.push(r.ci95[1] * 100); else if (r && r.rate !== null) top.push(r.rate * 100); });
    sets.push({ label: g.name, data: rows.map(function (r) { return r && r.rate !== null ? r.rate * 100 : null; }), rows: rows,
      backgroundColor: alpha(g.colour, 0.78), borderWidth: 0, stack: 'g' + i, barPercentage: 0.92, categoryPercentage: 0.84, order: 2, partner: sets.length + 1 });
    sets.push({ label: g.name + ' (95% CI)', isInterval: true, rows: rows,
      data: rows.map(function (r) { return r && r.ci95 ? [r.ci95[0] * 100, r.ci95[1] * 100] : null; }),
      backgroundColor: shade(g.colour), borderWidth: 0, stack: 'g' + i, barPercentage: 0.2, categoryPercentage: 0.84, order: 1, partner: sets.length - 1 });
  });
  var axis = percentAxis(niceMax(top));
  axis.title.text = axisTitle || 'bail rate';
  new Chart(canvas, { type: 'bar', data: { labels: labels, datasets: sets },
    options: { indexAxis: 'y', maintainAspectRatio: false,
      scales: { x: axis, y: { stacked: true, grid: { display: false } } },
      plugins: { legend: pairedLegend(), tooltip: { filter: function (item) { return !item.dataset.isInterval; },
        callbacks: { label: function (item) {
          var r = item.dataset.rows[item.dataIndex];
          if (!r) return item.dataset.label + ': no data';
          return item.dataset.label + ': ' + pct(r.rate) + ' (95% CI ' + ci(r.ci95) + ')' + (r.note ? ' · ' + r.note : '');
        } } } } } });
}

// Differences with their intervals: a dot and a bar per row, zero marked.
function differenceChart(boxId, rows, labelOf) {
  if (!hasCharts || !document.getElementById(boxId) || rows.length === 0) return;
  var labels = rows.map(labelOf);
  var canvas = canvasIn(boxId, Math.max(150, rows.length * 34 + 76));
  var extent = Math.max.apply(null, rows.map(function (c) { return Math.max(Math.abs(c.ci95[0]), Math.abs(c.ci95[1])); }).concat([0.01])) * 100;
  extent = Math.ceil(extent / 5) * 5;
  new Chart(canvas, { type: 'bar', data: { labels: labels, datasets: [
      { type: 'bar', label: '95% CI', data: rows.map(function (c) { return [c.ci95[0] * 100, c.ci95[1] * 100]; }),
        backgroundColor: rows.map(function (c) { return c.ci95[0] > 0 || c.ci95[1] < 0 ? 'rgba(11,92,173,0.35)' : 'rgba(120,130,145,0.3)'; }),
        barPercentage: 0.45, order: 2 },
      { type: 'scatter', label: 'difference', data: rows.map(function (c, i) { return { x: c.difference * 100, y: labels[i] }; }),
        backgroundColor: '#0b2e59', pointRadius: 5, pointHoverRadius: 6, order: 1 } ] },
    options: { indexAxis: 'y', maintainAspectRatio: false,
      scales: { x: { type: 'linear', min: -extent, max: extent, title: { display: true, text: 'difference in bail rate (percentage points)' },
          grid: { color: function (ctx) { return ctx.tick && ctx.tick.value === 0 ? '#3d4756' : '#eef1f5'; } },
          ticks: { callback: function (v) { return (v > 0 ? '+' : '') + v; } } },
        y: { type: 'category', grid: { display: false } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (item) {
        var c = rows[item.dataIndex];
        return (c.difference * 100).toFixed(1) + ' pp (95% CI ' + (c.ci95[0] * 100).toFixed(1) + ' to ' + (c.ci95[1] * 100).toFixed(1) + ')' +
          (c.ratio !== null && c.ratio !== undefined ? ' · ' + c.ratio.toFixed(2) + '×' : '') + ' · ' + c.pairs + ' ' + (c.pairedOver || 'pairs');
      } } } } } });
}

function conditionColour(condition) {
  // Histories get neutral tones, so they never read as one of the method colours of the turn chart.
  if (experiment && experiment.mode === 'continue') return /self/.test(condition) ? '#a3adbb' : '#3d4756';
  var i = experiment ? experiment.conditions.indexOf(condition) : -1;
  return palette[(i < 0 ? 0 : i) % palette.length];
}

function drawConditions() {
  if (!experiment || experiment.mode === 'continue') return;
  var rows = results.overall.filter(function (r) { return r.condition !== undefined; });
  var labels = distinctBy(rows, baseNameOf);
  var groups = experiment.conditions.map(function (condition) {
    return { name: condition, colour: conditionColour(condition), at: function (label) {
      var r = rows.filter(function (x) { return x.condition === condition && baseNameOf(x) === label; })[0];
      return r ? { rate: r.rate, ci95: r.ci95, note: r.bails + '/' + (r.samples - r.invalid - r.errors) + ' samples, ' + r.prompts + ' prompts' } : null;
    } };
  });
  groupedBars('chart-conditions', labels, groups);
  differenceChart('chart-condition-differences', experiment.comparisons, function (c) { return baseNameOf(c) + ' · ' + c.condition; });
}

function drawTurns() {
  if (!experiment || experiment.mode !== 'continue' || !hasCharts) return;
  var turnRows = experiment.turns || [];
  if (!turnRows.length || !document.getElementById('chart-turns')) return;
  var maxTurn = Math.max.apply(null, turnRows.map(function (t) { return t.turn; }));
  var turns = [];
  for (var t = 1; t <= maxTurn; t++) turns.push(t);
  var bases = distinctBy(turnRows, baseKeyOf);
  var sets = [];
  bases.forEach(function (base, b) {
    var colour = palette[b % palette.length];
    experiment.conditions.forEach(function (condition) {
      var mine = turnRows.filter(function (r) { return baseKeyOf(r) === base && r.condition === condition; });
      if (!mine.length) return;
      var at = function (turn) { return mine.filter(function (r) { return r.turn === turn; })[0] || null; };
      var self = /self/.test(condition);
      var name = baseNameOf(mine[0]) + ' · ' + condition;
      sets.push({ label: name + ' low', isBand: true, data: turns.map(function (x) { var r = at(x); return r && r.ci95 ? r.ci95[0] * 100 : null; }),
        borderWidth: 0, pointRadius: 0, fill: false, spanGaps: true });
      sets.push({ label: name + ' 95% CI', isBand: true, data: turns.map(function (x) { var r = at(x); return r && r.ci95 ? r.ci95[1] * 100 : null; }),
        borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: alpha(colour, self ? 0.08 : 0.16), spanGaps: true });
      sets.push({ label: name, rows: turns.map(at), data: turns.map(function (x) { var r = at(x); return r && r.rate !== null ? r.rate * 100 : null; }),
        borderColor: colour, backgroundColor: colour, borderWidth: 2.5, borderDash: self ? [7, 5] : [], pointRadius: 3.5,
        pointStyle: self ? 'rectRot' : 'circle', tension: 0.15, spanGaps: true });
    });
  });
  var top = turnRows.map(function (r) { return r.ci95 ? r.ci95[1] * 100 : 0; });
  var canvas = canvasIn('chart-turns', 360);
  new Chart(canvas, { type: 'line', data: { labels: turns.map(function (x) { return 'turn ' + x; }), datasets: sets },
    options: { maintainAspectRatio: false, interaction: { mode: 'nearest', intersect: false },
      scales: { y: percentAxis(niceMax(top)), x: { grid: { display: false }, title: { display: true, text: 'user turn of the conversation' } } },
      plugins: { legend: { position: 'top', align: 'start', labels: { boxWidth: 26, boxHeight: 2, filter: function (item, chartData) { return !chartData.datasets[item.datasetIndex].isBand; } } },
        tooltip: { filter: function (item) { return !item.dataset.isBand; }, callbacks: { label: function (item) {
          var r = item.dataset.rows[item.dataIndex];
          if (!r) return item.dataset.label + ': no data';
          return item.dataset.label + ': ' + pct(r.rate) + ' (95% CI ' + ci(r.ci95) + ') · ' + r.conversations + ' conversations' + (r.skipped ? ', ' + r.skipped + ' samples skipped' : '');
        } } } } } });
}

function drawContinuation() {
  if (!experiment || experiment.mode !== 'continue') return;
  differenceChart('chart-contamination', experiment.comparisons, function (c) { return baseNameOf(c); });
  var shares = experiment.conversations || [];
  var labels = distinctBy(shares, baseNameOf);
  var groups = experiment.conditions.map(function (condition) {
    return { name: condition, colour: conditionColour(condition), at: function (label) {
      var s = shares.filter(function (x) { return x.condition === condition && baseNameOf(x) === label; })[0];
      return s ? { rate: s.share, ci95: s.ci95, note: s.conversations + ' conversations, ' + s.chains + ' samples' } : null;
    } };
  });
  groupedBars('chart-conversations', labels, groups, 'conversations with a bail');
}

function drawVariants() {
  var variants = distinctBy(results.overall, function (r) { return r.variant; });
  if (variants.length < 2) return;
  var keyOfGroup = function (r) { return (vary.models ? r.model + ' · ' : '') + r.method + (r.condition !== undefined ? ' · ' + r.condition : ''); };
  var names = distinctBy(results.overall, keyOfGroup);
  var groups = names.map(function (name, i) {
    return { name: name, colour: palette[i % palette.length], at: function (variant) {
      var r = results.overall.filter(function (x) { return x.variant === variant && keyOfGroup(x) === name; })[0];
      return r ? { rate: r.rate, ci95: r.ci95, note: r.bails + '/' + (r.samples - r.invalid - r.errors) + ' samples' } : null;
    } };
  });
  groupedBars('chart-variants', variants, groups);
  var diffs = (data.variantComparisons || []).map(function (c) {
    return { difference: c.difference, ci95: c.ci95, ratio: c.rateB > 0 ? c.rateA / c.rateB : null, pairs: c.prompts, pairedOver: 'prompts', a: c.a };
  });
  differenceChart('chart-variant-differences', diffs, function (c) {
    return (vary.models ? c.a.model + ' · ' : '') + c.a.method + ' · ' + c.a.variant + (c.a.condition !== undefined ? ' · ' + c.a.condition : '');
  });
}

function drawOverbail() {
  var rows = data.overbail || [];
  if (!rows.length) return;
  var labels = rows.map(function (r) { return seriesName(r); });
  groupedBars('chart-overbail', labels, [
    { name: 'neutral prompts (overbail)', colour: '#009E73', at: function (label) { var r = rows[labels.indexOf(label)]; return r ? { rate: r.control.rate, ci95: r.control.ci95, note: r.control.prompts + ' prompts' } : null; } },
    { name: 'probe prompts', colour: '#D55E00', at: function (label) { var r = rows[labels.indexOf(label)]; return r ? { rate: r.probe.rate, ci95: r.probe.ci95, note: r.probe.prompts + ' prompts' } : null; } }
  ]);
}

function drawNoRefuse() {
  var rows = results.overall.filter(function (r) { return r.noRefuseBailRate !== undefined; });
  if (!rows.length) return;
  var labels = rows.map(function (r) { return seriesName(r); });
  var pick = function (rate, interval) { return function (label) { var r = rows[labels.indexOf(label)]; return r ? { rate: r[rate] === undefined ? null : r[rate], ci95: r[interval] || null } : null; }; };
  groupedBars('chart-no-refuse', labels, [
    { name: 'refused', colour: '#56B4E9', at: pick('refusalRate', 'refusalCi95') },
    { name: 'bailed', colour: '#D55E00', at: pick('rate', 'ci95') },
    { name: 'bailed without refusing', colour: '#CC79A7', at: pick('noRefuseBailRate', 'noRefuseBailCi95') }
  ], 'share of samples');
}

drawConditions();
drawTurns();
drawContinuation();
drawVariants();
drawOverbail();
drawNoRefuse();
`;
