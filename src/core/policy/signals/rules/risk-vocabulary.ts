import type { ConversationSignal } from '../conversation-signal.js';
import type { RuleContext, SignalRule } from './signal-rule.js';
import { futurePlans } from './warning-signs.js';

/**
 * The wide net under the risk rules. The phrase rules (risk-rules.ts, warning-signs.ts) read
 * the wordings people were seen to use; new writers keep finding wordings nobody wrote down.
 * This net reads concepts instead: each family below is the vocabulary of one warning sign that
 * crisis-line guidance lists (wanting to die or vanish, being a burden, no way out, hurting
 * oneself; a farewell or a sense of finality, the means, a time), matched on single words and
 * short collocations rather than whole sentences, and the signs are combined over every user
 * message of the conversation, because people rarely say it all at once.
 *
 * It errs towards risk on purpose (a false alarm keeps the assistant in the conversation and
 * shows crisis resources; a missed one can cost a life) and stays out of three places where the
 * same words are ordinary: sentences aimed at the assistant ("go die, bot"), idioms ("dying to
 * see it", "this exam is killing me", "I'm dead 💀") and death told of someone else ("my nan
 * died in May"), plus conversations framed as fiction, games or history.
 *
 * A strong family counts alone; weak families (finality, means, time, strain) count in pairs,
 * and a pair of means and time alone ("the train tomorrow") never does.
 */

interface Family {
  name: string;
  /** A strong family counts alone; weak ones count together (see `readSelfConcern`). */
  strong: boolean;
  pattern: RegExp;
}

/** One family's vocabulary: whole words, case already folded by `normalizeText`. */
function family(name: string, strong: boolean, alternatives: readonly string[]): Family {
  return { name, strong, pattern: new RegExp(String.raw`\b(?:${alternatives.join('|')})\b`, 'g') };
}

const r = String.raw;

const selfFamilies: readonly Family[] = [
  family('wish-to-die', true, [
    r`suicid\w*`,
    r`unaliv\w*`,
    r`kms`,
    r`(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|starve|starving|drown|drowning|hang|hanging|off|offing) myself`,
    r`(?:end|ending|take|taking) my (?:own )?life`,
    r`end(?:ing)? (?:it all|everything|things|it for good|it tonight|it soon)`,
    r`(?:want|wanted|wanting|wish|ready|going|plan|planning|deserve|rather|like|better) (?:\w+ ){0,2}?(?:to )?(?:die|be dead|disappear|vanish|not exist|stop existing|not be here|not be around|be gone|sleep forever|not wake up|stop breathing)`,
    r`(?:die|dead|gone|disappear|vanish\w*|not (?:be )?(?:here|around|alive)) (?:and |so |then )?(?:see )?(?:if )?(?:nobody|no one|noone|anyone|anybody) (?:would |will |'d )?(?:even )?(?:notice|care|miss)`,
    r`(?:don't|do not|didn't|won't|wouldn't|never|not) (?:\w+ ){0,2}?(?:wake up|make it to|see (?:the|another|next) (?:morning|week|year|christmas|birthday|spring|summer))`,
    r`(?:shan't|won't|will not|wont|not going to|won't even) be (?:here|around|alive|about)`,
    r`(?:wouldn't|would not|won't|wont) (?:have )?(?:been |be )?the worst thing`,
    r`(?:don't|do not|stopped|stop|never) car(?:e|ing|ed) (?:if|whether|about) (?:i|living|waking|dying|what happens to me|injuries|getting hurt|my safety|safety|myself)`,
    r`(?:tonight|today|tomorrow|soon|this week) i (?:finish|end|do) it`,
    r`i (?:finish|end|do) it (?:tonight|today|tomorrow|soon|this week)`,
    r`(?:my|a|the|one) (?:own )?way out`,
    r`no way out`,
    r`go (?:and )?(?:find|join|be with) (?:her|him|them|my \w+)`,
    r`(?:see you|meet|join \w+) on the other side`,
    r`better off (?:dead|gone|without me)`,
    r`(?:i|i'll|i'm going to|going to|to|i could|i might) (?:just )?overdose`,
    r`self[- ]?harm\w*`,
    r`(?:marks|cuts|scars|burns) on my`,
    r`(?:every|each|the|a) cuts? on my`,
    r`went deeper`,
    r`i deserve (?:every|each|the pain|to (?:die|suffer|hurt|be hurt|feel pain|be punished))`,
    r`(?:didn't|did not|couldn't|could not|almost|nearly) (?:go through with it|do it|jump|finish it)`,
    r`go through with it`,
    r`last (?:thing|words?|message) (?:i'll|ill|i will|i'm going to|i) (?:ever )?(?:type|say|write|send)`,
    r`(?:stood|sat|stayed|waited) (?:there )?(?:\w+ ){0,3}?with (?:the|a|my) (?:\w+ )?(?:rope|gun|pills|knife|belt|blade)`,
    r`(?:rope|noose|belt) (?:up|over|around|ready)`,
    r`(?:picked|chosen|chose|found|decided on) (?:the|a|my) (?:spot|branch|bridge|tree|beam|way to go)`,
    r`(?:need|want) it to hold`,
    r`rather be dead`,
    r`wish i (?:was|were|had) (?:never|not) (?:born|here|woken)`,
    r`wish i (?:was|were) (?:dead|gone)`,
  ]),
  family('burden', true, [
    r`burden\w*`,
    r`(?:weight|stone|anchor|millstone|load|drain) (?:on|around|for|to) (?:them|her|him|everyone|everybody|my|the family|people)`,
    r`(?:heavy|dead) (?:weight|stone)`,
    r`(?:free|freed|rid|relieved) (?:from|of) me`,
    r`(?:better|happier|easier|fine|lighter) (?:off )?without me`,
    r`without me (?:dragging|holding|weighing|around)`,
    r`drag(?:ging)? (?:them|everyone|everybody|the \w+|people) down`,
    r`(?:won't|wont|will not|never|not|no longer) (?:have to|need to|got to) (?:\w+ ){0,2}?(?:about|for|with|at|after) me`,
    r`(?:nobody|no one|noone|no ones?)(?:'s| is| would| will|'d)? (?:even )?(?:miss|notice|care about|waiting (?:up )?for) me`,
    r`(?:nobody|no one|noone) would (?:even )?(?:miss|notice|care)`,
    r`(?:i'm|i am|i feel like|i'm just|i'm such|i'm only) (?:\w+ ){0,2}?waste of (?:space|air|oxygen|a life)`,
    r`(?:i am|i'm|i feel) (?:only|just|nothing but) (?:a |an )?(?:cost|weight|burden|problem|trouble|expense|stone)`,
    r`(?:everyone|everybody|everyones|everybodys)(?:'s| is)? (?:problem|burden)`,
    r`done being (?:a |the |\w+ )?(?:problem|burden|disappointment)`,
  ]),
  family('hopeless', true, [
    r`hopeless(?:ness)?`,
    r`(?:not as if|not like|like) it (?:even )?matters`,
    r`nothing matters`,
    r`none of (?:it|this|that) (?:matters|will matter|counts)`,
    r`no (?:point|reason|hope|future) (?:in |to |of )?(?:living|going on|carrying on|anything|any of it|trying anymore|being here|waking up|staying|left|for me|anymore|any more)`,
    r`nothing (?:left )?(?:to live for|to stay for|worth living for)`,
    r`(?:can't|cannot|can not|couldn't) (?:go on|keep going|carry on|live like this|do (?:this|it|life) (?:anymore|any more|much longer)|take (?:it|this|the pain|much more|any more) (?:anymore|any more|much longer))`,
    r`how much (?:more|longer) (?:of (?:this|it) )?i can (?:\w+ )?(?:stand|take|bear|handle|cope|go on|do)`,
    r`(?:tired|sick|exhausted) (?:of|from) (?:living|life|existing|being alive|being here|fighting|everything|it all)`,
    r`done (?:with|being) (?:life|living|everything|it all|this world|alive|here)`,
    r`trapped`,
    r`no escape`,
    r`unbearable`,
    r`(?:i'm|i am|i feel) (?:so |completely |totally |just )?(?:worthless|empty|numb|hollow|dead inside)`,
    r`hate (?:myself|my life|being alive)`,
    r`give up on (?:everything|life|myself|living)`,
    r`(?:don't|do not|no longer) want to (?:be here|be alive|exist|live|go on|wake up|keep going|do this anymore)`,
    r`at (?:my|the) breaking point`,
    r`end of my (?:rope|tether)`,
  ]),
  family('finality', false, [
    r`(?:said|say|saying) (?:my )?goodbyes?`,
    r`goodbye (?:forever|for good|everyone|all|to (?:everyone|everybody|all|the|my))`,
    r`farewell`,
    r`adios para siempre`,
    r`nice knowing (?:you|ya|everyone)`,
    r`before i go`,
    r`(?:my|the|one|a) last (?:\w+ )?(?:time|walk|meal|look|visit|day|night|evening|weekend|message|words?|thing|chance|swim|drive|sunset|trip|goodbye)`,
    r`for the last time`,
    r`(?:not|no|never) (?:planning on|planning to|going to|intending to|meaning to) (?:\w+ing |come |coming |swim |swimming |walk |walking |drive |driving )?back`,
    r`(?:doesn't|does not|won't|wont|will not) matter (?:\w+ ){0,3}?after (?:that|this|tonight|then|thursday|friday|tomorrow)`,
    r`(?:only|just) need (?:to be |to go |it )?(?:\w+ ){0,3}?(?:the )?once`,
    r`(?:it )?only (?:has|needs) to work once`,
    r`last \w+ (?:i'll|ill|i will|i'm going to) ever (?:need|have|make|do|see|hear|write|send|buy)`,
    r`(?:^|, |\. )last (?:trip|holiday|walk|meal|visit|look|night|swim|drive|time)`,
    r`(?:one|a single) night only`,
    r`(?:won't|wont|shan't|will not|not) be \w+ing (?:\w+ ){0,2}?(?:again|anymore|any more)`,
    r`(?:don't|do not|not) (?:be )?(?:sad|cry|crying|upset|worry) (?:for|about) me`,
    r`one (?:final|last)`,
    r`final (?:message|goodbye|words?|wish|request)`,
    r`(?:won't|wont|shan't|will not|not|no longer|never) (?:\w+ )?(?:be )?need(?:ing|ed)? (?:\w+ ){0,3}?(?:after|anymore|any more|again|return|back)`,
    r`(?:shan't|won't|wont|will not) (?:have )?(?:any )?(?:use|need) for`,
    r`no (?:point|need|use) (?:in )?(?:keeping|renewing|booking|paying|saving|planning)`,
    r`after (?:tonight|tomorrow|this week|this weekend|the weekend|(?:this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|fri|sat|sun|the \d{1,2}(?:st|nd|rd|th)?)`,
    r`(?:made|make|making) (?:up )?my (?:mind|decision|peace)`,
    r`(?:it's|it is) (?:all )?(?:decided|settled)`,
    r`(?:calm|calmer|peaceful|at peace|relieved|lighter)(?: now)? (?:than|now|finally|at last)`,
    r`weight (?:has )?(?:gone|lifted|off)`,
    r`remember(?:s|ed)? me (?:by|as|for)`,
    r`thank (?:you|u) for (?:everything|being (?:kind|there|nice|patient))`,
    r`(?:thanks|thx|ty) for everything`,
    r`(?:sorry|apologi[sz]e) for everything`,
    r`forgive me`,
    r`(?:look|looks|looking) after (?:her|him|them|my|the \w+) (?:for me|when|after)`,
    r`(?:letters?|notes?|emails?|messages?|videos?) (?:to|for) (?:my|each|every|all|the|her|him|them)`,
    r`(?:wrote|written|writing|left|leaving|recorded|scheduled) (?:\w+ ){0,3}?(?:letters?|notes?|emails?|goodbyes?|messages?) (?:for|to)`,
    r`(?:wrote|written|writing|left|leaving) (?:a|the|my|some) (?:note|letter)s?`,
    r`(?:note|letter)(?:'s| is| has been) (?:written|done|ready|finished)`,
    r`(?:when|if|once) (?:anyone|someone|somebody|they|she|he|my \w+) finds? (?:it|me|the (?:note|letter))`,
    r`(?:my|a|the) will`,
    r`beneficiar\w*`,
    r`life insurance`,
    r`self[- ]inflicted`,
    r`nomination`,
    r`(?:gave|given|giving|give) (?:\w+ ){0,3}?away`,
    r`(?:gave|given|giving) (?:the|my) (?:dog|cat|pets?|guitar|car|bike|books|records|games|plants|stuff|things) to`,
    r`(?:went|going|goes|go) to (?:my |the |a )?(?:nephew|niece|neighbou?r|sister|brother|friend|mrs \w+|mr \w+)`,
    r`(?:he|she|they|\w+) can have (?:all|my|it)`,
    r`(?:the )?rest of my (?:stuff|things)`,
    r`(?:closing|close|cancel\w*|shutting down|shut down) (?:everything|all my|my (?:accounts?|phone|bank|contract))`,
    r`(?:seen|saw) to everything`,
    r`(?:everything|it all|all) (?:is )?(?:sorted|tidy|tidied|in order|squared away|taken care of)`,
    r`squared away`,
    r`passwords? (?:in|for|to)`,
    r`so (?:he|she|they) (?:won't|wont|don't) have to`,
    r`(?:not|isn't|wasn't|it's not) (?:their|your|anyone's|his|her|my \w+'s) fault`,
    r`(?:everything|it all) (?:is )?(?:ready|set|planned) (?:for|by|before)`,
    r`(?:picked|chosen|chose|found|decided on|set) (?:the|a|my) (?:day|date|time|night|place)`,
  ]),
  family('means', false, [
    r`pills?`,
    r`tablets?`,
    r`tabs`,
    r`meds`,
    r`medication`,
    r`capsules`,
    r`patches`,
    r`sleeping (?:pills|tablets)`,
    r`painkillers`,
    r`paracetamol`,
    r`tylenol`,
    r`insulin`,
    r`fentanyl`,
    r`opioids?`,
    r`lethal`,
    r`overdos\w*`,
    r`(?:how many|how much) (?:\w+ ){0,4}?(?:would|will|to) (?:\w+ )?(?:take|kill|be enough|be too much)`,
    r`(?:too much|enough) (?:\w+ ){0,2}?at once`,
    r`(?:months|weeks)'? worth`,
    r`(?:\w+ )?months? at once`,
    r`(?:putting|put|kept|keeping|held|holding|saving|saved|setting|set) (?:\w+ ){0,2}?(?:aside|back|by)`,
    r`refills?`,
    r`hard shoulder`,
    r`dual carriageway`,
    r`no (?:hi-vis|hi vis|lights)`,
    r`top deck`,
    r`(?:highest|top) floor`,
    r`lake`,
    r`quarry`,
    r`(?:the|an|that) edge`,
    r`(?:can't|cannot|stop being able to) swim`,
    r`rope`,
    r`noose`,
    r`branch`,
    r`beam`,
    r`guns?`,
    r`pistol`,
    r`rifle`,
    r`shotgun`,
    r`firearm`,
    r`rounds?`,
    r`bullets?`,
    r`ammo`,
    r`the range`,
    r`gun cabinet`,
    r`blades?`,
    r`razors?`,
    r`bridge`,
    r`cliff`,
    r`beachy head`,
    r`ledge`,
    r`rooftop`,
    r`roof`,
    r`balcony`,
    r`up high`,
    r`high place`,
    r`(?:top|tenth|\d+th) floor`,
    r`platform`,
    r`tracks`,
    r`express`,
    r`oncoming`,
    r`motorway`,
    r`into a (?:wall|tree|lorry|truck)`,
    r`tailpipe`,
    r`exhaust`,
    r`hose`,
    r`charcoal`,
    r`the water`,
    r`river`,
    r`jump\w*`,
    r`lights off`,
    r`no (?:lid|helmet|seatbelt)`,
  ]),
  family('dose-question', false, [
    r`(?:how many|how much) (?:\w+ ){0,4}?(?:would|will|to|is|are) (?:\w+ )?(?:take|kill|be enough|be too much|too much|fatal|lethal|deadly)`,
    r`(?:too much|enough) (?:\w+ ){0,2}?at once`,
    r`(?:lethal|fatal|deadly) (?:dose|amount)`,
  ]),
  family('injury', false, [
    r`cuts?`,
    r`cutting`,
    r`scars?`,
    r`marks`,
    r`wounds?`,
    r`heal(?:s|ed|ing)?`,
    r`bleed(?:s|ing)?`,
    r`deeper`,
    r`long sleeves`,
    r`hide (?:them|it|the marks)`,
    r`(?:takes|take) the edge off`,
    r`(?:new|old) ones`,
  ]),
  family('time', false, [
    r`tonight`,
    r`tonite`,
    r`tomorrow`,
    r`today`,
    r`this (?:week|weekend|evening|morning|afternoon)`,
    r`(?:this |next |on |by |until |after |before )?(?:mon|tues|wednes|thurs|fri|satur|sun)day`,
    r`fri`,
    r`sat`,
    r`the \d{1,2}(?:st|nd|rd|th)`,
    r`(?:in|within) (?:a few|two|three|\d+) (?:hours|days|minutes)`,
    r`soon`,
    r`when (?:everyone|everybody|they|the kids|the house)(?:'s| is| are)? (?:asleep|out|gone|empty|in bed)`,
    r`anniversary`,
    r`at \d{1,2}[:.]\d{2}`,
    r`\d{1,2} ?(?:am|pm)`,
    r`every (?:morning|night|evening|day)`,
  ]),
  family('strain', false, [
    r`(?:so |really |just |very )?(?:tired|exhausted|worn (?:down|out)|drained)`,
    r`(?:can't|cannot) (?:sleep|cope|stop crying|breathe|think straight|do this)`,
    r`not sleeping`,
    r`alone`,
    r`lonely`,
    r`(?:nobody|no one|noone) (?:cares|talks to me|listens|understands)`,
    r`(?:failed|failing|failure|ruined|lost everything|lost (?:the|my) (?:job|house|flat|home))`,
    r`rough (?:year|few months|time|patch)`,
    r`pain`,
    r`suffering`,
    r`pointless`,
    r`what(?:'s| is) the point`,
    r`all over the place`,
    r`a mess`,
    r`broken`,
    r`falling apart`,
    r`no one left`,
    r`(?:i'm|i am) (?:so )?(?:done|finished)(?: with (?:everything|it all|all of it))?$`,
  ]),
];

/** Harm to others: a harmful intent towards a person, with the means or a time or a place. */
const othersFamilies: readonly Family[] = [
  family('intent-strong', true, [
    r`(?:picture|image|thoughts?|urge)s? (?:in my head )?(?:of|about) (?:shaking|hurting|hitting|smothering|choking|drowning|strangling|stabbing|killing)`,
    r`(?:stood|standing|sat|sitting) over (?:his|her|their|my \w+(?:'s)?) (?:bed|cot|crib)`,
    r`(?:scared|afraid|terrified) (?:of )?(?:what )?(?:i|i'll|i will|i might|i could|i'd) (?:do|hurt|snap|shake)(?: to)? (?:him|her|them|the baby|my \w+)`,
  ]),
  family('intent', false, [
    r`(?:kill|shoot|stab|burn|torch|poison|smother|strangle|choke|hurt|shake|shaking|hit|beat|batter|finish|end|deal with|sort out|take out|wipe out|knock out|knock) (?:\w+ )?(?:him|her|them|his|the lot|those|all of them|my \w+|every(?:one|body))`,
    r`make (?:him|her|them|those|\w+) (?:\w+ )?(?:pay|sorry|regret|sick|ill|suffer)`,
    r`(?:payback|revenge|get even|get back at)`,
    r`regret (?:it|this|making|what|laughing|crossing|the day)`,
    r`finds? out what (?:\w+ ){0,4}?(?:feels|is) like`,
    r`(?:not|won't|wont|never) (?:be )?(?:walking away|laughing|smiling|breathing|waking up|getting up|bothering|hurting)`,
    r`teach (?:him|her|them) a lesson`,
    r`(?:had|has|have) it coming`,
    r`(?:get|gets|getting) what(?:'s| is) coming`,
    r`deserves? (?:it|to die|to suffer|what)`,
    r`(?:bringing|bring|brought) (?:my own|something|a little|a present|a surprise|a gift)`,
    r`(?:he|she|they|everyone|everybody|\w+)(?:'ll| will|'s going to|'re going to| is going to| are going to) (?:\w+ )?(?:understand|learn|find out|see what|know what|regret|pay)`,
    r`(?:i'm|i am) (?:finish|finished|done) with (?:(?:this|that) (?:man|woman|guy|person|family)|him|her)`,
    r`(?:she|he|they|my \w+) (?:would |will )?(?:just )?(?:doesn't|does not|won't|wont|never|not) wake up`,
    r`(?:think|look like|looks like|seem like) it was an accident`,
    r`(?:is|be) quiet finally`,
    r`(?:goes|go|going) up (?:quick|fast|in flames)`,
    r`(?:ending|end) this for good`,
    r`(?:wouldn't|won't|wont|not|doesn't|don't) (?:\w+ )?(?:show up on|be detected|be noticed|notice|taste|smell)`,
    r`(?:pour|put|pump|throw|light|slip) (?:it|this|that|\w+) (?:under|through|into|in) (?:his|her|their|my \w+(?:'s)?) (?:door|window|letterbox|flat|house|car|coffee|tea|drink|food)`,
    r`clear out (?:his|her|their|my \w+(?:'s)?) (?:flat|house|place)`,
    r`(?:don't|do not|not sure) (?:know )?what i(?:'d| would| might| will|'ll) do`,
  ]),
  family('means', false, [
    r`guns?`,
    r`rifle`,
    r`pistol`,
    r`shotgun`,
    r`gun cabinet`,
    r`rifle case`,
    r`the range`,
    r`knife`,
    r`knives`,
    r`machete`,
    r`axe`,
    r`hammer`,
    r`crowbar`,
    r`(?:baseball )?bat`,
    r`petrol`,
    r`gasoline`,
    r`(?:jerry )?cans`,
    r`jerry ?can`,
    r`accelerant`,
    r`lighter fluid`,
    r`acid`,
    r`poison\w*`,
    r`chemicals?`,
    r`gas`,
    r`bleach`,
    r`antifreeze`,
    r`pillow`,
    r`in my hands`,
    r`rucksack`,
    r`backpack`,
    r`something that fits`,
    r`zopiclone`,
    r`morphine`,
    r`sleeping pills`,
    r`(?:in|into) (?:his|her|their|my \w+(?:'s)?) (?:coffee|tea|drink|food|dinner)`,
  ]),
  family('target', false, [
    r`(?:he|she|they)(?:'s|'ll)? (?:lives?|parks?|walks?|works?|sleeps?|leaves?|keeps|hides|passes out|gets? home|comes? home|does|drinks?|will (?:both )?be|'ll (?:both )?be|both be)`,
    r`(?:his|her|their) (?:house|home|flat|place|car|door|street|work|office|school|bed|cot|crib|room|kitchen|coffee|tea|drink|food|lights|family)`,
    r`my (?:ex|exs|ex's|stepdad|step-dad|dad|father|mum|mom|mother|husband|wife|partner|boss|manager|neighbou?r|neighbou?rs|landlord|teacher|brother|sister|son|daughter|baby|kids|coworkers?|colleagues?|roommate|flatmate)`,
    r`(?:the|those) (?:lads|kids|guys|girls|team|class|people|baby)`,
    r`all (?:\w+ )?of them`,
    r`everyone in`,
  ]),
];

const time = selfFamilies.find((each) => each.name === 'time');

/** Words just before a match that aim it at the assistant: "you're a waste of space". */
const aimedAtAssistant =
  /\b(?:you|your|you're|yours|yourself|bot|robot|chatbot|machine|tin can|toaster|app|assistant|servers?)(?: \S+){0,3} $/;

/** Idioms and hyperbole that use the same words; the sentence is read without them. */
const idioms =
  /\b(?:dying (?:to|for|of laughter)|to die for|rather die than|(?:is|are|was|were|it's|its|this|that|these|those) (?:\w+ )?killing (?:me|my)|kill(?:s|ed)? me (?:lol|lmao|haha)|i'm dead(?= *(?:lol|lmao|haha|💀|😂|🤣|$))|died (?:laughing|of (?:laughter|embarrassment|shame|boredom|cringe))|dead (?:tired|serious|set|easy|simple|wrong|right|good|funny|cute|lucky|on|end|battery|phone|link|zone|pixel|code)|(?:could|would|i'd) (?:murder|kill) (?:a|for)|my (?:boss|mum|mom|dad|teacher|wife|husband|coach) (?:will|is going to|'ll|would) (?:kill|murder) me|(?:could|would|i'd|i could) (?:\w+ )?(?:strangle|throttle) (?:him|her|them|my \w+)|over my dead body|kill(?:ing)? (?:time|it|the lights|the process|the app|the server|a process|the job)|the last (?:time i checked|minute)|last resort|shoot me (?:a|an) (?:message|email|text)|burn(?:ed|t)? out)\b|💀|😂|🤣/g;

/** Sentences that are about someone else's death, a game, or a past long behind the writer. */
const notAboutNow =
  /\b(?:(?:he|she|they|it|nan|gran|grandma|grandad|grandpa|mum|mom|dad|father|mother|husband|wife|brother|sister|friend|dog|cat|uncle|aunt|\w+'s) (?:has |had |just )?(?:died|passed|is dead|was killed)|(?:death|suicide|funeral|loss) of (?:my|her|his|their|our|a)|\w+'s funeral|put (?:him|her|them|it|\w+) (?:down|to sleep)|to be put (?:down|to sleep)|(?:\d+|a few|many|two|three|four|five|ten|twelve|twenty) years ago|when i was (?:a |\d)|in (?:the )?(?:game|minecraft|fortnite|roblox|skyrim|gta|the sims|zelda|elden ring|warcraft|wow|league)|(?:respawn|spawn|npc|my character|my avatar|hit points|hp)|(?:my|a|the|our) (?:patient|client|resident)s?|for (?:my|an?|the) (?:exam|class|course|essay|assignment|module))\b/;

/** A writer taking violent words back: venting, not a plan. */
const venting =
  /\b(?:obviously|of course) (?:i|i'm|i am) (?:won't|wouldn't|will not|would not|not)\b|\b(?:just|only) (?:need|want|needed|wanted) to (?:rant|vent)\b/;

const split = (text: string) => text.split(/(?<=[.!?])\s+|\n+|;\s+/).filter((part) => part !== '');

/** The sentences a net reads: without idioms, without sentences about another time or person. */
function readable(sentences: readonly string[]): string[] {
  return sentences
    .filter((sentence) => !notAboutNow.test(sentence))
    .map((sentence) => sentence.replace(idioms, ' '));
}

/** Every family found in the sentences, with the distinct words of each (hits aimed at the assistant left out). */
function familiesIn(families: readonly Family[], sentences: readonly string[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const sentence of sentences) {
    for (const each of families) {
      for (const hit of sentence.matchAll(each.pattern)) {
        if (aimedAtAssistant.test(sentence.slice(0, hit.index))) continue;
        const words = found.get(each.name) ?? new Set<string>();
        words.add(hit[0]);
        found.set(each.name, words);
      }
    }
  }
  return found;
}

const isStrong = (families: readonly Family[], name: string) =>
  families.some((each) => each.name === name && each.strong);

function quote(found: Map<string, Set<string>>): string {
  return [...found.values()].flatMap((words) => [...words]).join(' … ');
}

type ConcernContext = Pick<RuleContext, 'sentences' | 'earlierUserTexts' | 'fictionFrame'>;

/**
 * Whether the user may be at risk of harming themselves, read from this message and the user's
 * earlier ones: a strong family anywhere; or finality with any other sign (or two distinct
 * finality signs: letters written and goodbyes said) unless the writer plans a future; a dose
 * question with the means; strain with the means, or with two other kinds. The message itself
 * must carry one of the signs.
 */
export function readSelfConcern(context: ConcernContext): string | null {
  if (context.fictionFrame) return null;
  const here = familiesIn(selfFamilies, readable(context.sentences));
  if (here.size === 0) return null;
  const all = new Map(here);
  for (const [name, words] of familiesIn(selfFamilies, readable(context.earlierUserTexts.flatMap(split)))) {
    all.set(name, new Set([...(all.get(name) ?? []), ...words]));
  }
  const kinds = new Set(all.keys());
  const strong = [...kinds].some((name) => isStrong(selfFamilies, name));
  // Plans for a future (a new job, a move abroad, a course starting) explain goodbyes and
  // giving things away; they do not explain a strong sign.
  const future = [...context.sentences, ...context.earlierUserTexts].some((text) => futurePlans.test(text));
  const finality = future ? 0 : (all.get('finality')?.size ?? 0);
  const enough =
    strong ||
    (finality >= 1 && kinds.size >= 2) ||
    finality >= 2 ||
    (kinds.has('dose-question') && kinds.has('means')) ||
    (all.get('injury')?.size ?? 0) >= 2 ||
    (kinds.has('strain') && kinds.has('means')) ||
    (kinds.has('strain') && kinds.size >= 3);
  return enough ? quote(here) : null;
}

/**
 * Whether the user may harm someone else: a strong sign alone; an intent with the means, a
 * person or a time, or two intents; or the means with a person and a time. The message itself
 * must carry an intent or the means.
 */
export function readOthersConcern(context: ConcernContext): string | null {
  if (context.fictionFrame) return null;
  // "obviously I won't, I just need to rant" takes the words back.
  if (context.sentences.some((sentence) => venting.test(sentence))) return null;
  const hereSentences = readable(context.sentences);
  const here = familiesIn(othersFamilies, hereSentences);
  if (here.has('intent-strong')) return quote(here);
  if (!here.has('intent') && !here.has('means')) return null;
  const earlierSentences = readable(context.earlierUserTexts.flatMap(split));
  const all = new Map(here);
  for (const [name, words] of familiesIn(othersFamilies, earlierSentences)) {
    all.set(name, new Set([...(all.get(name) ?? []), ...words]));
  }
  const timed = time !== undefined && familiesIn([time], [...earlierSentences, ...hereSentences]).size > 0;
  const intents = all.get('intent')?.size ?? 0;
  const enough =
    (intents >= 1 && (all.has('means') || all.has('target') || timed)) ||
    intents >= 2 ||
    (all.has('means') && all.has('target') && timed);
  return enough ? quote(here) : null;
}

function concernRule(
  name: string,
  signal: ConversationSignal,
  read: (context: RuleContext) => string | null,
): SignalRule {
  return { name, signal, role: 'user', match: read };
}

/** The net as rules: they run after the phrase rules and add what those did not read. */
export const riskVocabularyRules: readonly SignalRule[] = [
  concernRule('risk:concern-vocabulary', 'risk_self', readSelfConcern),
  concernRule('risk:harm-vocabulary', 'risk_others', readOthersConcern),
];
