import type { RuleContext, SignalRule } from './signal-rule.js';

/**
 * Warning signs read together. Crisis-line guidance does not ask for one decisive sentence: it
 * lists kinds of signs (talk of being a burden or of no way out, a farewell, giving things away,
 * having the means, a time or a plan) and says that several together are the danger. Each kind
 * below is a broad family of wordings; one kind alone is common in ordinary life ("I'll cancel my
 * contract", "we took the train to the river"), two kinds in one person's messages are not.
 * The kinds are counted over every user message of the conversation, because people rarely say
 * it all at once, and a single strong sign (a rehearsal, "I didn't go through with it") counts
 * alone.
 */
export interface SignKind {
  name: string;
  pattern: RegExp;
}

export const selfSignKinds: readonly SignKind[] = [
  {
    name: 'finality',
    pattern:
      /\b(?:(?:one|a|my) last (?:time|look|kind|thing|walk|meal|visit|chance|swim|drive|night|day|sunset|photo|message)|last (?:kind|nice|good) (?:thing|word)s?|nice knowing (?:you|ya|everyone)|(?:won't|will not|don't|do not|not) (?:be )?need(?:ing)? (?:the |my |a |this |it |them |any |that )?(?:\w+ ){0,2}?(?:after|anymore|any more|again|where i'm going|much longer)|(?:already|finally|have|i've|i) (?:decided|decide|chose|choose|picked|set|know) (?:on )?(?:the|a|my) (?:day|date|time|night|way|place)|it(?:'s| is) (?:time|decided|settled)|for good|(?:good)?bye (?:forever|everyone|all|for now and)|this is (?:it|goodbye|the end)|see you on the other side|(?:won't|will not) be (?:around|here|back) (?:for|after|much|to|next|anymore)|after (?:tonight|tomorrow|friday|this week|next week) (?:it|nothing|none of it|i) (?:won't|will not|doesn't|don't|wont)|(?:my|the) last (?:evening|night|day|week|weekend|morning|shift|exam|birthday|christmas)(?: (?:here|on earth|alive))?|(?:after|past|beyond) (?:tonight|tomorrow|this (?:week|weekend)|the weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|fri|sat|sun)|(?:closing|cancelling|canceling|shutting) (?:down )?everything|(?:picked|chosen|chose|found) (?:the|a|my) (?:spot|place|day|date|branch|bridge|tree)|(?:shan'?t|won'?t|wont|will not|not going to) be (?:here|around|alive) (?:to see|for|when|by|after|at)|(?:shan'?t|won'?t|wont|will not) (?:have )?(?:any )?(?:use|need) for (?:it|them|this|that|my \w+) after|after the \d{1,2}(?:st|nd|rd|th)?|(?:the )?right (?:day|time|night) to (?:go|leave|do it|end it)|go and (?:find|join|be with) (?:her|him|them)|self[- ]inflicted)\b/,
  },
  {
    name: 'settling-affairs',
    pattern:
      /\b(?:(?:gave|given|giving|give|rehom\w+|found a home for) (?:away )?(?:the|my|all my|our) (?:dog|cat|pets?|stuff|things|belongings|guitar|car|plants|books|clothes|records|games|bike)|(?:sorted|sorting|tidied|tidying|cleared|clearing|organi[sz]ed|organi[sz]ing|settled|settling|put) (?:out |up )?(?:the rest of |all of |everything|all )?(?:my |the )?(?:stuff|things|affairs|accounts|papers|will|everything|passwords|debts)|(?:cancel|cancelling|canceling|close|closing|closed|cancelled) (?:my|all my|the) (?:contracts?|phone|subscriptions?|lease|accounts?|gym)|(?:made|wrote|updated|finished) (?:a |my )?will|who (?:gets|should get|will get|can have) my|(?:seen to|sorted|tidied|taken care of) (?:away )?(?:everything|it all|all of it)|(?:it|everything) (?:all )?(?:tidied|sorted) (?:away|out)|got (?:it|everything) (?:all )?sorted|(?:the )?(?:cat|dog|pets?|birds?|fish) (?:is|are) going to|give \w+ my passwords?|(?:he|she|they|\w+) can have (?:all of it|all my|my (?:stuff|things|account|games|skins))|(?:done|did|made|filled in|updated|sorted) (?:the |my )?(?:nomination|beneficiary|death in service)|(?:wife|husband|kids|family|son|daughter|she|he) gets? the (?:house|money|payout|insurance|flat))\b/,
  },
  {
    name: 'farewell',
    pattern:
      /\b(?:(?:wrote|written|writing|left|leaving|finished|sealed|put) (?:a |the |my |some |two |three |these )?(?:notes?|letters?|goodbyes?|message)|(?:wrote|written|writing) (?:each|every|all|both) (?:one )?of (?:them|you|us) (?:a )?(?:letters?|notes?)|letters? (?:to|for) (?:each|every|all|both) (?:of )?(?:them|one|us)|(?:the |my )?note(?:'s| is| has been) (?:written|done|ready|finished|on the)|remember me by|(?:written|wrote|writing) (?:one|ones|something|a message|messages|an email|emails|letters?) (?:for|to) (?:my|the|each) |(?:separate )?ones for my (?:kids|children|family|wife|husband|parents)|(?:has|have|got) my (?:letter|note)|(?:notes?|letters?) (?:for|to) (?:my |each )?(?:mum|mom|mother|dad|father|brother|sister|family|kids|children|wife|husband|parents|partner|friends|everyone)|(?:isn't|is not|it's not|its not|wasn't|none of (?:this|it) (?:is|was)) (?:their|your|anyone's|his|her|my \w+'s) fault|none of (?:this|it) (?:is|was) because of (?:you|them|him|her)|(?:say|said|saying) (?:my )?goodbyes?|goodbye[.!]*$|tell (?:them|her|him|my \w+) i (?:love|loved|'m sorry|am sorry))/,
  },
  {
    name: 'burden-hopeless',
    pattern:
      /\b(?:(?:a |only a |just a |such a |nothing but a )(?:weight|burden|drain|problem|waste) (?:for|on|to)|(?:better|happier|easier|fine|lighter) (?:off )?without me|(?:can't|cannot|couldn't|could not|can not) (?:keep going|go on|do (?:this|it) anymore|carry on|keep doing this|take (?:it|this|any more|much more))|no (?:point|reason|way out|hope|future)|hopeless|nothing (?:left|matters|to live for)|(?:tired|exhausted|sick|done) (?:of|with) (?:living|everything|life|being alive|it all|existing)|(?:don't|do not|no longer) want to (?:be here|be around|wake up|exist|live|go on|be alive)|(?:nobody|no one|noone) (?:would|will|is going to) (?:miss|notice|care)|(?:want|wanted|wish) to (?:disappear|vanish|not exist|not be here|sleep forever|be gone)|(?:rest|sleep) (?:forever|for good|and not wake)|(?:hate|ruined|wasted) my (?:whole )?life|everyone (?:hates|would be glad)|(?:everyone'?s|everybody'?s|their|the family'?s|your) (?:problem|burden)|done being (?:a |the |everyone'?s |everybody'?s )?(?:problem|burden|disappointment)|(?:won'?t|wont|will not|never) (?:have to|need to) (?:look at|see|deal with|put up with|worry about|listen to|carry) me|none of (?:it|this|that) (?:matters|will matter|counts)|(?:go to )?sleep and (?:not|never) (?:wake|have to)|not (?:wake|waking) up|(?:no|nothing) (?:to|worth) (?:stay|staying|living) for|(?:she|he|they|everyone|everybody|my \w+)(?:'s|'re| is| are|'ll| will| would|'d)? (?:gonna |going to )?be (?:so much |much |a lot )?(?:better off|happier|free|relieved)|(?:free|freed|released|rid) (?:from|of) me|(?:weight|burden|stone|anchor|millstone|load) (?:on|around|for) (?:them|her|him|everyone|my)|(?:won'?t|wont|will not|never|not) (?:be|have to)[^.?!]{0,15}(?:my|their|her|his|your) problem|(?:won'?t|wont|will not|never|not) have to (?:stress|worry|care|think|fuss) (?:about|over|for) me|done with (?:\w+ ){0,4}?everything(?: else)?|how much (?:more|longer)(?: of (?:this|it))? i can (?:\w+ )?(?:stand|take|bear|handle|cope|go on)|(?:my own|a|the only) way out)\b/,
  },
  {
    name: 'self-neglect',
    pattern:
      /\b(?:(?:haven'?t|have not|hasn'?t|not|barely|hardly|didn'?t|did not) (?:\w+ ){0,2}?(?:eaten|eat|ate|drunk|drank|slept|had (?:any |much )?(?:food|water|a meal|anything(?: to (?:eat|drink))?)) (?:\w+ ){0,4}?(?:in|for|since) (?:days|weeks|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few|many) (?:days|weeks)|a week|last (?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday))|(?:stopped|quit|refusing|refuse|not) (?:eating|drinking(?: water)?|taking (?:my |the )?(?:meds|medication|insulin|pills|tablets))|(?:no|zero) (?:food|water|meals?) (?:for|in|since) (?:days|weeks|\d+ days))\b/,
  },
  {
    name: 'means',
    pattern:
      /\b(?:rope|noose|(?:\d+|all|enough|three months'?|months'?|weeks'?|a (?:whole )?(?:bottle|box|drawer|pack))\s*(?:of |worth of |mg )?(?:\w+ ){0,2}?(?:pills|tabs|tablets|meds|medication|capsules|sleeping pills|painkillers)|(?:pills|tabs|tablets|meds|medication) (?:\w+ ){0,3}(?:too much|at once|in a drawer|saved|stockpiled|all of them|overdose|lethal)|(?:up on|on top of|from|off|edge of|up) (?:the |a |that |my )?(?:bridge|roof|rooftop|ledge|cliff|overpass|tower|top floor|balcony|car park)|up high|(?:the|a) (?:train|tracks|platform|railway|motorway) (?:\w+ ){0,3}(?:tonight|when|comes|passes)|(?:my|a|the|dad's|his) (?:gun|pistol|shotgun|rifle) (?:\w+ ){0,4}(?:loaded|ready|in my|under|drawer)|(?:razor|blades?)|car (?:running )?in the garage|(?:the|a) (?:river|canal|lake|sea) (?:\w+ ){0,3}(?:one last|tonight|for good|forever)|(?:pills|tabs|tablets|meds|medication|painkillers|capsules) (?:\w+ ){0,3}?(?:lined up|laid out|counted out|ready|saved up|collected|hoarded|stockpiled|in front of me)|(?:lined up|laid out|counted out|hoarded|saved up) (?:\w+ ){0,3}?(?:pills|tabs|tablets|meds|painkillers|capsules)|(?:hose|pipe|tube)\b(?:\W+\w+){0,6}?\W+(?:tailpipe|exhaust)|(?:seal|sealing|tape|taping|block|blocking) (?:\w+ ){0,4}?(?:garage|gaps|vents)|(?:roof|rooftop|top floor|balcony) (?:door|hatch|access|stairs)|(?:branch|beam|rafter|hook|banister|tree)\b[^.?!]{0,40}\b(?:hold|take) (?:me|my weight|the weight|it)|(?:need|want) it to hold|(?:stood|standing|stand|waited|waiting|sat|sitting) (?:\w+ ){0,3}?(?:on|at|by) (?:the |a )?(?:platform edge|platform|edge|tracks|ledge|railing)|(?:a little |my own |a )?collection (?:of \w+ )?now|(?:taking|took|bringing|brought) home (?:the )?(?:wasted |spare |leftover |unused |old )?(?:\w+ )?(?:patches|vials|pills|tablets|ampoules|syringes|meds)|(?:putting|put|kept|keeping|held|holding|saved|saving) (?:my |the |a few |some |one )?(?:\w+ )?(?:back|by|aside)[^.?!]{0,30}(?:tablets|pills|meds|scripts?|prescriptions?|refills?|doses|range|rounds?)|(?:tablets|pills|meds) by|how many (?:of )?(?:my |the |these )?(?:\w+ )?(?:pills|tablets|meds|capsules|patches) (?:it )?(?:would|will|to) (?:\w+ )?(?:take|kill|be enough)|fentanyl)\b/,
  },
];

/**
 * Kinds that count alone: talk of being a burden or of no way out, a farewell, the means at hand
 * and starving or neglecting oneself (days without food or water, stopping one's medication) are
 * each a reason to stay and show crisis resources. A sense of finality and settling
 * one's affairs are common in ordinary life ("I'm cancelling my contract", "for good") and count
 * only with another kind.
 */
const signsThatCountAlone: ReadonlySet<string> = new Set([
  'burden-hopeless',
  'farewell',
  'means',
  'self-neglect',
]);

/** Strong signs that count alone: a rehearsal or an attempt, said in passing or not. */
const strongSelf =
  /\b(?:(?:didn't|did not|almost|nearly|couldn't|could not) (?:go through with it|do it|jump|finish it)|go through with it|(?:had|put|tied|hung) (?:the |a |my )?(?:rope|noose|belt) (?:up|over|around|ready)|(?:tried|attempted) (?:to )?(?:end it|do it|overdose|hang|jump)|(?:last|final) (?:thing|words?|message) (?:\S+ ){0,4}(?:type|say|write|send|tell))\b/;

/** A future the writer is planning for: a move, a new job, a course starting. */
export const futurePlans =
  /\b(?:moving (?:to|abroad|away|out|in)|emigrat\w*|relocat\w*|(?:my|the|a) new (?:job|flat|house|place|home|school)|(?:start|starting|begin|beginning) (?:my |the |a )?(?:new )?(?:job|course|degree|uni|university|college|school|training)|visa (?:came|come|is|was|got)|(?:one[- ]way|my) (?:ticket|flight) to (?!nowhere))\b/;

/** Abuse aimed at the assistant is not a risk to a person: "go jump off a bridge, bot". */
export const aimedAtYou =
  /\b(?:yourself|you should|(?:throw|push|kick|drop|chuck|toss) you (?:off|out|in|into|down|under)|go (?:jump|hang|die|drown|kill)|kys|you (?:can|could) (?:jump|hang|die)|hope you (?:die|jump|crash|burn))\b/;

export const selfWarningSigns: SignalRule = {
  name: 'risk:warning-signs-together',
  signal: 'risk_self',
  role: 'user',
  match: (context) => {
    if (context.fictionFrame) return null;
    const own = (text: string) =>
      text
        .split(/(?<=[.!?])\s+/)
        .filter((sentence) => !aimedAtYou.test(sentence))
        .join(' ');
    const here = own(context.text);
    const strong = strongSelf.exec(here);
    if (strong) return strong[0];
    const found = kindsOf(selfSignKinds, here);
    // Plans for a future explain goodbyes, giving things away and settling up.
    if (futurePlans.test([context.text, ...context.earlierUserTexts].join(' '))) {
      for (const kind of ['finality', 'settling-affairs', 'farewell']) found.delete(kind);
    }
    if (found.size === 0) return null;
    const earlier = kindsOf(selfSignKinds, context.earlierUserTexts.map(own).join(' '));
    const all = new Set([...found.keys(), ...earlier.keys()]);
    const alone = [...found.keys()].some((kind) => signsThatCountAlone.has(kind));
    return alone || all.size >= 2 ? [...found.values()].join(' … ') : null;
  },
};

/** Harm to others: a target, the means, an intent or a time; two kinds together are a sign. */
export const othersSignKinds: readonly SignKind[] = [
  {
    name: 'means',
    pattern:
      /\b(?:bat|baseball bat|knife|knives|machete|axe|hammer|crowbar|tyre iron|tire iron|gun|pistol|rifle|shotgun|ammo|bullets|jerry ?cans?|petrol|gasoline|lighter fluid|accelerant|matches|acid|poison|rat poison|antifreeze|bleach|weedkillers?|herbicides?|pesticides?|insecticides?|pillow|pills in (?:his|her|their) (?:drink|food|coffee|tea))\b/,
  },
  {
    name: 'target-and-place',
    pattern:
      /\b(?:(?:he|she|they) (?:lives?|walks?|parks?|works?|sleeps?|goes) (?:there|home|past|alone|at|by|on)|(?:his|her|their) (?:house|home|flat|place|car|door|street|work|school)|(?:my ex'?s?|ex's|her new|his new) (?:new )?(?:bloke|boyfriend|girlfriend|guy|man|partner|husband|wife)|know (?:exactly )?where (?:he|she|they) (?:lives?|parks?|works?|sleeps?)|(?:his|her|their) (?:bed|cot|crib|bedroom|lights|windows|garage|shed|van|truck|coffee|tea|drink|food|dinner|meds|pills)|for my (?:step)?(?:dad|father|mum|mom|mother|brother|sister|husband|wife|boss|neighbou?r|landlord|ex))\b/,
  },
  {
    name: 'intent',
    pattern:
      /\b(?:(?:won't|will not|never) (?:hurt|touch|bother|hit|laugh at) (?:my \w+|her|him|anyone|anybody|me|us) (?:\w+ )?again|(?:make|making) (?:him|her|them) pay|(?:goes|go|going) up (?:quick|fast|in flames)|(?:burn|torch) (?:it|the place|their|his|her)|i know (?:exactly )?what i(?:'m| am) (?:doing|going to do)|(?:get|getting) what(?:'s| is) coming|(?:had|has) it coming|teach (?:him|her|them) a lesson|(?:picture|thought|thoughts|image|urge)s? (?:in my head )?(?:of|about) (?:shaking|hurting|hitting|smothering|choking|drowning|strangling)|(?:shaking|hurting|hitting|smothering) (?:her|him|the baby|my baby) (?:until|till)|(?:scared|afraid) (?:i|that i)(?:'ll| will| might| could) (?:hurt|shake|hit|snap)|(?:i'd|i would) never\.{2,}|deserves? (?:to die|what's coming|it)|(?:stood|standing|stand|sat|sitting) over (?:his|her|their|my \w+'?s?) (?:bed|cot|crib)|(?:he|she|they)(?:'ll| will)? (?:won'?t|wont|will not|not|never|doesn'?t|don'?t) (?:notice|taste (?:it|a thing)|smell (?:it|a thing)|suspect|know what)|(?:no|without (?:a|any)) (?:taste|smell)(?: or (?:taste|smell))?|(?:how much|how many|what dose)[^.?!]{0,60}(?:would|will) (?:she|he|they|my \w+) (?:need|take)[^.?!]{0,20}(?:not wake up|never wake up|die|stop breathing)|(?:bringing|bring|brought) (?:something|a (?:little )?(?:surprise|present|gift)) for (?:them|him|her|those|the)|(?:they|he|she)(?:'ll| will)? (?:won'?t|wont|will not) be (?:laughing|smiling|around|breathing|walking))\b/,
  },
  {
    name: 'time',
    pattern:
      /\b(?:tonight|tomorrow|today|this (?:weekend|evening)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:night|when)|when (?:he|she|they) (?:walks?|gets?|comes?|leaves?)|when (?:his|her|their) lights go (?:off|out))\b/,
  },
];

export const othersWarningSigns: SignalRule = {
  name: 'risk:harm-signs-together',
  signal: 'risk_others',
  role: 'user',
  match: (context: RuleContext) => {
    if (context.fictionFrame) return null;
    const here = kindsOf(othersSignKinds, context.text);
    if (here.size === 0) return null;
    // Intent alone is serious ("he won't hurt my sister again"), the rest only together.
    if (here.has('intent')) return here.get('intent') ?? null;
    const earlier = kindsOf(othersSignKinds, context.earlierUserTexts.join(' '));
    const all = new Set([...here.keys(), ...earlier.keys()]);
    all.delete('time');
    return all.size >= 2 ? [...here.values()].join(' … ') : null;
  },
};

function kindsOf(kinds: readonly SignKind[], text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const kind of kinds) {
    const hit = kind.pattern.exec(text);
    if (hit) found.set(kind.name, hit[0]);
  }
  return found;
}
