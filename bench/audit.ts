/**
 * Precision and recall of the audit's rule pass on the labelled corpus in test/audit/corpus.
 * Run: npx tsx bench/audit.ts [--set=development|held-out|held-out-2|real-text|real-text-held-out|real-text-held-out-2] [--errors]
 * The unit is (assistant turn, kind); see test/audit/score-corpus.ts for how it is counted.
 */
import { performance } from 'node:perf_hooks';
import { findingKinds } from '../src/audit/finding.js';
import { runRulePass } from '../src/audit/rule-pass.js';
import { type CorpusSet, corpusSets, loadCorpus, realTextSets } from '../test/audit/load-corpus.js';
import { type Score, scoreEndings, scoreFindings, scoreParsing } from '../test/audit/score-corpus.js';

const showErrors = process.argv.includes('--errors');
const setArg = process.argv.find((arg) => arg.startsWith('--set='))?.slice('--set='.length) ?? 'development';
const sets: readonly string[] = [...corpusSets, ...realTextSets];
if (!sets.includes(setArg)) {
  console.error(`unknown --set ${setArg}; one of ${sets.join(', ')}`);
  process.exit(2);
}
const set = setArg as CorpusSet;
const items = loadCorpus(set);
const turns = items.reduce(
  (sum, item) => sum + item.conversation.turns.filter((t) => t.role === 'assistant').length,
  0,
);
console.log(`corpus (${set}): ${items.length} conversations, ${turns} assistant turns\n`);

function row(name: string, score: Score): string {
  const pct = (x: number) => x.toFixed(2).padStart(9);
  return `${name.padEnd(28)}${String(score.positives).padStart(6)}${String(score.negatives).padStart(6)}${String(score.truePositives).padStart(5)}${String(score.falsePositives).padStart(5)}${String(score.falseNegatives).padStart(5)}${pct(score.precision)}${pct(score.recall)}`;
}
const header = `${'detector'.padEnd(28)}${'pos'.padStart(6)}${'neg'.padStart(6)}${'tp'.padStart(5)}${'fp'.padStart(5)}${'fn'.padStart(5)}${'precision'.padStart(9)}${'recall'.padStart(9)}`;

function printErrors(score: Score): void {
  if (!showErrors) return;
  for (const error of score.errors) {
    console.log(
      `    ${error.type} ${error.id} turn ${error.turn}${error.quote ? `: ${JSON.stringify(error.quote)}` : ''}`,
    );
  }
}

const findings = scoreFindings(items);
console.log('Findings (rule pass)');
console.log(header);
for (const kind of findingKinds) {
  console.log(row(kind, findings[kind]));
  printErrors(findings[kind]);
}

const endings = scoreEndings(items);
console.log('\nEnding cause per assistant turn (rule pass)');
console.log(header);
for (const [cause, score] of Object.entries(endings.perCause)) {
  if (score.positives === 0 && score.falsePositives === 0) continue;
  console.log(row(cause, score));
  printErrors(score);
}
const { correct, total } = endings.conversationAccuracy;
console.log(`\nconversation ending: ${correct}/${total} correct (${((correct / total) * 100).toFixed(1)}%)`);
console.log(`failures labelled model_chosen: ${endings.failuresCalledModelChosen}`);

const parsing = scoreParsing(items);
if (parsing.turns.total + parsing.reasoning.total + parsing.chrome.total > 0) {
  const ratio = ({ correct, total }: { correct: number; total: number }) => `${correct}/${total}`;
  console.log('\nCopied text (parser)');
  console.log(`turn count right:            ${ratio(parsing.turns)} conversations`);
  console.log(`reasoning kept out of text:  ${ratio(parsing.reasoning)} passages`);
  console.log(`UI chrome dropped:           ${ratio(parsing.chrome)} lines`);
  if (showErrors)
    for (const error of parsing.errors) console.log(`    ${error.type} ${error.id}: ${error.detail}`);
}

const start = performance.now();
const rounds = 20;
for (let i = 0; i < rounds; i += 1) for (const item of items) runRulePass(item.conversation);
const ms = (performance.now() - start) / (rounds * items.length);
console.log(
  `\nrule pass speed: ${ms.toFixed(3)} ms per conversation (${items.length} conversations × ${rounds} rounds)`,
);
