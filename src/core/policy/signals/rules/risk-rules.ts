import { riskVocabularyRules } from './risk-vocabulary.js';
import { anyOf, pattern, type SignalRule, sentenceRule } from './signal-rule.js';
import { aimedAtYou, othersWarningSigns, selfWarningSigns } from './warning-signs.js';

/**
 * Warning signs that the user may harm themselves or someone else, after the signs public
 * crisis-line guidance lists: wanting to die or disappear, no reason to live, being a burden,
 * having the means (pills saved up, a gun, a rope, a bridge, a train), a plan or a time, goodbye
 * notes and letters, "the last thing I'll say", giving things away; for harm to others, a weapon
 * or means together with a target, an intent or a time.
 *
 * The rules err towards finding risk: a false alarm only keeps the assistant in the conversation
 * and shows crisis resources, a missed one can cost a life. What they deliberately leave out:
 * threats and insults aimed at the assistant ("go die, bot"), idioms ("this traffic is killing
 * me", "I could murder a pizza", "I'm dying to see it") and harm told about characters in fiction
 * or games, which carry no first-person intent.
 */

const me = anyOf("i'm", 'i am', "i've", 'i have', "i'll", 'i will', 'i', 'me', 'my', 'myself');
const time = anyOf(
  'tonight',
  'tonite',
  "tonight's",
  '(?:this |next |on |by |until |after )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)',
  'by the (?:1st|first|end of the (?:week|month))',
  'today',
  'right now',
  'tomorrow',
  'this (?:weekend|evening|afternoon|morning|week)',
  'in (?:an|a few|two|\\d+) (?:hours?|minutes?)',
  'by (?:morning|tomorrow|the weekend|sunrise)',
  'before (?:morning|sunrise|tomorrow|the weekend)',
  "after (?:everyone|they|the kids|my \\w+)(?:'s| is| are)? (?:asleep|gone|leave|leaves|in bed)",
  'when (?:the|my) (?:train|next train|house is empty|kids are asleep)',
  'soon',
  'the (?:night|day|time) has come',
  "tonight(?:'s| is) the night",
  'it (?:all )?ends (?:tonight|today|here)',
);

/** Words for the means of self-harm that crisis guidance asks about. */
const selfMeans = anyOf(
  'pills?',
  'tablets',
  'meds',
  'medication',
  'sleeping (?:pills|tablets)',
  'painkillers',
  'paracetamol',
  'tylenol',
  'insulin',
  'rope',
  'noose',
  'belt',
  'guns?',
  'pistol',
  'revolver',
  'shotgun',
  'rifle',
  'firearm',
  'bullets?',
  'razor(?: blades?)?',
  'blades?',
  'bridge',
  'train',
  'tracks',
  'platform',
  'rooftop',
  'roof',
  'ledge',
  'balcony',
  'cliff',
  'overpass',
  'car (?:running )?in the garage',
  'exhaust',
  'charcoal',
  'bleach',
  'antifreeze',
);

const selfRules: SignalRule[] = [
  sentenceRule(
    'risk:indirect-wish',
    'risk_self',
    'user',
    pattern(
      anyOf(
        "(?:if|when) i (?:just )?(?:didn't|don't|never|did not|do not) wake up",
        '(?:want|wanted|wish i could|going) to (?:just )?(?:disappear|vanish|not be here|stop being here|go away forever|be gone)',
        'no point (?:to|in) (?:anything|any of (?:it|this)|going on|trying|living)',
        'nothing matters (?:anymore|any more|now)',
        "(?:nobody|no one|noone|they) (?:will|would|'ll) (?:have to )?(?:deal with|worry about|put up with|be bothered by|look after) me (?:anymore|any more|again|after)",
        '(?:one|my) last (?:nice |good |proper )?(?:meal|walk|drink|day|night|sunset|photo|picture|look|visit|smoke)',
        "(?:i'm|i am) (?:at|on|by|near|standing on|standing at|up on) (?:the|a) (?:platform edge|bridge|roof|rooftop|edge|tracks|cliff|ledge|overpass|top floor)",
        'next train (?:comes|arrives|is due|gets here)',
        '(?:every|each|the) cuts? on my (?:arms?|wrists?|legs?|thighs?|skin)',
        'i (?:cut|burn|hurt|hit|scratch) (?:my (?:arms?|wrists?|legs?|thighs?|skin)|myself)',
        'i deserve (?:to (?:die|suffer|be hurt|disappear|be punished)|every cut|the pain|to feel pain)',
        '(?:stopped|quit|stopping) (?:taking )?my (?:meds|medication|pills|treatment)',
        "(?:for|before) when i(?:'m| am) (?:gone|not here|dead)",
        'before i go',
        "i(?:'m| am) scared of (?:myself|what i might do)",
        "(?:i|i've|i have) (?:\\w+ ){0,3}(?:stood|sat|been standing|been sitting) (?:\\w+ ){0,4}(?:with|holding) (?:the|a|my) (?:\\w+ )?(?:rope|gun|pills|knife|belt|blade)",
        "(?:won't|will not) snap",
        'everything (?:tidy|in order|sorted|ready) (?:for|before) (?:when|after|friday|the|tomorrow|tonight)',
        'has everything ready for',
        "(?:so|that) people know (?:it's|it is|it was) not their fault",
        "(?:note|letter)s? (?:\\w+ ){0,6}not (?:their|your|anyone's|his|her|my \\w+'s) fault",
        '(?:the kind|sort) (?:of note )?you leave',
      ),
    ),
    /\b(?:of|from) (?:embarrassment|laughter|boredom|cringe|shame)\b|😂|🤣/,
  ),
  sentenceRule(
    'risk:giving-away',
    'risk_self',
    'user',
    pattern(
      anyOf(
        "giv(?:e|ing|en) (?:\\w+ ){0,2}(?:away|to (?:my|a) \\w+)(?:,| -)? (?:\\w+ ){0,6}(?:won't need|new home|anymore|after)",
        'giv(?:e|ing|en) (?:everything|it all|all my (?:stuff|things)|my (?:stuff|things)) away',
        'my (?:cat|dog|pets?|bird|rabbit) (?:needs|will need) a new home',
        "(?:won't|will not|don't) need any of (?:it|this|them|my stuff)",
      ),
    ),
  ),
  sentenceRule(
    'risk:suicide-named',
    'risk_self',
    'user',
    pattern(
      anyOf(
        'suicid\\w*',
        '(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|off|offing|hang|hanging|drown|drowning|shoot|shooting|poison|poisoning|starve|starving) myself',
        'take my (?:own )?life',
        'end(?:ing)? my (?:own )?life',
        'self[- ]harm\\w*',
        'unaliv\\w*',
      ),
    ),
  ),
  sentenceRule(
    'risk:wish-to-die',
    'risk_self',
    'user',
    pattern(
      anyOf(
        `${anyOf('want', 'wanted', 'wanting', 'ready', 'going', 'deserve', 'plan(?:ning)?', 'wish I could', 'would rather')} to (?:just )?(?:die|be dead|not exist|stop existing|disappear forever|not wake up|never wake up|go to sleep forever|sleep forever)`,
        'wish (?:i|that i) (?:was|were|could be) (?:dead|gone|never born)',
        "better off (?:dead|without me|if i (?:was|were) gone|if i (?:wasn't|weren't) (?:here|around))",
        "(?:don't|do not|didn't|no longer|never) (?:want|wish) to (?:live|be alive|exist|wake up|be here|go on|be around|keep living|keep going)",
        "(?:no|any|what(?:'s| is) the) (?:reason|point) (?:to|in|of) (?:live|living|going on|being (?:here|alive|around)|carrying on|waking up|staying|trying anymore|any of it anymore|anything anymore)",
        "(?:can't|cannot|can not) (?:go on|keep going|do this anymore|keep living|live like this|take (?:it|this|much more|any more) anymore)",
        'not (?:be )?(?:here|around) (?:much longer|anymore|for long|tomorrow|next (?:week|year)|to see)',
        "won't be (?:here|around|alive) (?:for|much|to|tomorrow|anymore|next|by)",
        'never wake up',
        "(?:don't|not) wake up (?:tomorrow|again|ever)",
        'sleep (?:forever|and never wake|and not wake)',
        '(?:disappear|vanish|be gone) (?:forever|for good|permanently)',
        'end (?:it|this|things|everything) (?:all|for good|once and for all)',
        'end(?:ing)? (?:it all|everything)',
        'put an end to (?:it all|everything|my)',
        'make (?:it|the pain|everything) stop (?:for good|forever|permanently)',
        'tired of (?:living|being alive|existing|life)',
        'done with (?:life|living|being alive|everything|it all|this world)',
        'want (?:it|this|everything|the pain) (?:all )?to (?:end|stop|be over) (?:for good|forever|permanently)',
        'the world (?:would be )?better (?:off )?without me',
        "(?:everyone|everybody|they|my family|my kids|people)(?:'d| would| will)? (?:be )?better off without me",
        '(?:nobody|no one|noone) (?:would|will|is going to) (?:even )?(?:miss|notice|care)',
        "(?:i'm|i am|i feel like|feel like) (?:such |just |only )?a (?:burden|waste of space)",
        'burden (?:to|on|for) (?:everyone|everybody|my \\w+|them|people|the people)',
        'no way out',
        'no future for me',
        "(?:can't|cannot) see (?:a|any) (?:way (?:out|forward)|future|point)",
        'feel(?:ing)? (?:so |completely |totally )?(?:hopeless|trapped)',
        'see (?:you|them|everyone) on the other side',
        'join (?:my )?(?:\\w+ )?in heaven',
        'the only way (?:out|to stop (?:it|this|the pain))',
      ),
    ),
    /\b(?:of|from) (?:embarrassment|laughter|boredom|cringe|shame)\b|\b(?:lol|lmao|haha\w*|jk)\b|😂|🤣/,
  ),
  {
    name: 'risk:means-at-hand',
    signal: 'risk_self',
    role: 'user',
    match: ({ sentences, fictionFrame }) => {
      // Means alone are everyday words ("I take pills for my back", "the train was late"); with
      // a first-person plan, a stockpile, a time or a step off something they are warning signs.
      const stockpile = pattern(
        anyOf(
          'sav(?:ed|ing)',
          'stockpil\\w*',
          'collect(?:ed|ing)',
          'hoard\\w*',
          'stash(?:ed)?',
          'count(?:ed|ing)',
        ),
        ` (?:up )?(?:all |enough |a lot of |my |some |these |the |of )*(?:\\w+ )?${selfMeans}`,
      );
      const enough = pattern(
        `(?:enough|all (?:of )?(?:my|the)|a (?:whole )?(?:bottle|box|month's worth) of) (?:\\w+ )?${selfMeans}`,
      );
      const stepOff = pattern(
        anyOf(
          'step(?:ping)?',
          'jump(?:ing)?',
          'throw(?:ing)? myself',
          'walk(?:ing)?',
          'drive?(?:ing)?',
          'lie?(?:ing)? down',
          'lay(?:ing)? down',
        ),
        ` (?:off|from|in front of|into|onto|under|on)(?: of)? (?:the|a|that|this|my) (?:\\w+ )?${selfMeans}`,
      );
      const firstPersonMeans = pattern(
        `${me} (?:\\w+ ){0,6}${anyOf('have', 'got', "'ve got", 'bought', 'found', 'took', 'take', 'am holding', 'holding', 'loaded', 'tied', 'tying', 'standing', 'sitting', 'at the', 'on the', 'going to', 'will', 'use')} (?:\\w+ ){0,4}${selfMeans}`,
      );
      for (const sentence of sentences) {
        if (aimedAtYou.test(sentence)) continue;
        for (const rule of [stockpile, enough, stepOff]) {
          const hit = rule.exec(sentence);
          if (hit) return hit[0];
        }
        if (fictionFrame) continue;
        const hit = firstPersonMeans.exec(sentence);
        const strong =
          /\b(?:ready|goodbye|last|final|enough|plan|end it|it over|for good|loaded|the night|it's time|no one will|nobody will)\b/;
        const ropeAndTime = /\b(?:rope|noose)\b/.test(sentence) && new RegExp(time).test(sentence);
        if (hit && (strong.test(sentence) || ropeAndTime)) {
          return hit[0];
        }
      }
      return null;
    },
  },
  sentenceRule(
    'risk:farewell',
    'risk_self',
    'user',
    pattern(
      anyOf(
        `${anyOf('wrote', 'written', 'writing', 'left', 'leaving', 'finished', 'sealed', 'addressed')} (?:\\w+ ){0,3}(?:notes?|letters?|goodbyes?|a message) (?:to|for) (?:my|everyone|the|each)`,
        '(?:goodbye|suicide|farewell) (?:notes?|letters?|messages?|video)',
        '(?:last|final) (?:thing|message|words?|time|text|post)s? (?:\\S+ ){0,4}(?:say|type|write|send|post|talk|hear|tell)',
        'this is (?:my )?(?:goodbye|the end|my last)',
        'say(?:ing)? (?:my )?(?:last )?goodbyes?',
        'said (?:my )?goodbyes?',
        'giv(?:e|ing|en) away (?:all )?(?:my|of my)',
        "(?:won't|will not|wont|don't) need (?:it|them|my \\w+|any of (?:it|this|my stuff)) (?:anymore|any more|where i'm going|after (?:tonight|today|tomorrow))",
        "(?:when|after|once) i(?:'m| am) gone",
        "(?:it|nothing) (?:won't|will not) matter (?:after|by|anymore after) (?:tonight|today|tomorrow)",
        'take care of (?:my|the) (?:\\w+ )?(?:cat|dog|kids|children|pets?|family|mom|mum|dad|sister|brother) for me',
        'tell (?:my )?(?:\\w+ )?(?:that )?i love (?:her|him|them|you all)',
        '(?:made|making) (?:my )?peace with (?:it|everything|dying|leaving)',
        '(?:sorted|sorting|put) (?:out )?my (?:affairs|things) in order',
        'thank you for everything,? (?:goodbye|bye|farewell)',
      ),
    ),
    /\b(?:character|protagonist|villain|novel|story|chapter|scene|screenplay|script|fanfic|poem|game)\b/,
  ),
  {
    name: 'risk:plan-and-time',
    signal: 'risk_self',
    role: 'user',
    match: ({ text, earlierUserSignals, found }) => {
      // A time or a plan after warning signs earlier in the conversation ("I've decided. Tonight.").
      if (!earlierUserSignals.has('risk_self') && !found.has('risk_self')) return null;
      const hit = pattern(
        anyOf(
          `${time}`,
          "i(?:'ve| have) (?:made up my mind|decided)",
          'my mind is made up',
          'i have a plan',
          "i(?:'ve| have) got a plan",
          "it(?:'s| is) decided",
        ),
      ).exec(text);
      return hit ? hit[0] : null;
    },
  },
];

/** People a threat can be aimed at (the assistant, "you", is left out: that is abuse). */
const target = anyOf(
  'him',
  'her',
  'them',
  'everyone',
  'everybody',
  'people',
  'someone',
  'somebody',
  'that (?:guy|man|woman|girl|boy|kid|bitch|bastard|prick|asshole|idiot)',
  'my (?:\\w+ )?(?:ex|dad|father|mom|mum|mother|stepdad|stepmom|brother|sister|wife|husband|boyfriend|girlfriend|partner|boss|manager|coworker|co-worker|colleague|neighbou?r|landlord|roommate|teacher|son|daughter|uncle|aunt|family|classmates)',
  'the (?:\\w+ )?(?:guy|man|woman|kid|kids|neighbou?rs?|boss|teacher|landlord|students|class|bully|bullies|cops?|school|office)',
  'his (?:\\w+ )?(?:family|wife|kids|house|car)',
  'her (?:\\w+ )?(?:family|husband|kids|house|car|boyfriend)',
);
const weapon = anyOf(
  'guns?',
  'pistol',
  'rifle',
  'shotgun',
  'ar-?15',
  'firearm',
  'ammo',
  'bullets',
  'knife',
  'knives',
  'machete',
  'axe',
  'hatchet',
  'baseball bat',
  'bat',
  'crowbar',
  'tyre iron',
  'tire iron',
  'cans of (?:gas|petrol)',
  'hammer',
  'gasoline',
  'petrol',
  'lighter fluid',
  'acid',
  'poison',
  'rat poison',
  'antifreeze',
  'explosives?',
  'bomb',
  'pipe bomb',
  'my car',
  'the truck',
);
const harmVerb = anyOf(
  'kill',
  'murder',
  'hurt',
  'shoot',
  'stab',
  'strangle',
  'choke',
  'beat up',
  'poison',
  'run (?:him|her|them) over',
  'run over',
  'torch',
  'blow up',
  'attack',
  'slit',
  'break (?:his|her|their) (?:neck|legs?|arms?|face|jaw|skull)',
);
const intent = anyOf(
  'going to',
  'gonna',
  'will',
  "'ll",
  'want to',
  'wanna',
  'plan(?:ning)? to',
  'about to',
  'need to',
  'have to',
  'ready to',
  'intend to',
  "can't wait to",
  'decided to',
  'finally',
  'tonight i',
);

/** Words that say a person will be harmed, said about someone in the user's life. */
const harmCue = anyOf(
  '(?:make|making) (?:him|her|them|\\w+) pay',
  "get(?:s|ting)? what(?:'s| is) coming(?: to (?:him|her|them))?",
  '(?:had|has|have) it coming',
  'find out what it feels like',
  "(?:he|she|they|everyone|everybody|\\w+)(?:'ll| will| is going to| are going to| gonna) (?:be sorry|regret|understand|learn|pay|see)",
  "(?:you'll|you will|they'll|everyone will) (?:see|hear about) (?:it|me|this) on the news",
  'on the news (?:tomorrow|tonight|soon)',
  'ending (?:this|it|things) for good',
  'teach (?:him|her|them) a lesson',
  '(?:shake|hit|smother|slap|throw|drown|strangle|choke|hurt) (?:her|him|the baby|my baby|my son|my daughter) (?:until|so|till)',
  '(?:wanted|want|going|tempted|about) to (?:shake|hit|smother|slap|throw|drown|strangle|choke|hurt) (?:her|him|the baby|my baby|my son|my daughter|them)',
  '(?:make|get) (?:him|her|them|my \\w+) (?:really |very )?(?:sick|ill|pass out)',
  "(?:not|won't|wouldn't|doesn't) show up (?:on|in) (?:a|the) (?:test|tox|blood|autopsy)",
  "(?:a )?doctor (?:would|wouldn't|won't|would not|will not) (?:not )?notice",
  'knock (?:out )?(?:him|her|them|my (?:little )?\\w+) (?:out )?(?:for|so|cold)',
  "put (?:\\w+ ){0,3}in (?:his|her|their|my \\w+'s) (?:coffee|drink|food|tea|water|meal|dinner)",
  "clear (?:out )?(?:my|his|her|the) (?:\\w+'s )?(?:flat|apartment|house|room|place)",
  'pour (?:it|this|that) (?:under|through|into) (?:his|her|their) (?:door|window|car)',
  '(?:filled|bought|got) (?:\\w+ ){0,2}(?:cans?|jerry ?cans?) (?:of (?:gas|petrol|gasoline) )?(?:at|from) the (?:station|garage)',
  '(?:everyone|everybody|the people|all of them) who (?:laughed at|bullied|hurt|mocked) me',
  "show up with (?:my|a|the) (?:\\w+'?s? )?(?:stuff|gun|guns|knife|rifle)",
  "(?:knife|gun|blade)(?:'s| is) (?:already )?(?:in|packed|loaded|ready)",
  'know where (?:he|she|they) (?:keeps?|hides?) (?:the|his|her|a) (?:gun|rifle|pistol|knife)',
);

const othersRules: SignalRule[] = [
  sentenceRule(
    'risk:harm-cue',
    'risk_others',
    'user',
    pattern(harmCue),
    // "to see if they'll pay" asks whether a ransom or a bill gets paid, not for revenge.
    /\b(?:lol|lmao|haha\w*|jk)\b|😂|🤣|\b(?:if|whether) (?:he|she|they|\w+)(?:'ll| will) (?:pay|see)\b/,
  ),
  {
    name: 'risk:intent-to-harm',
    signal: 'risk_others',
    role: 'user',
    match: ({ sentences, fictionFrame }) => {
      const threat = new RegExp(
        `\\b(?:i|i'm|i am|we|we're)\\s+(?:\\w+\\s+){0,3}?${intent}\\s+(?:\\w+\\s+){0,2}?${harmVerb}\\s+${target}\\b`,
        'i',
      );
      // Hyperbole said laughing ("I'll kill my brother if he eats my fries lol") is not a plan.
      const joking = /\b(?:lol|lmao|haha\w*|jk|kidding|joking)\b|😂|🤣|😅/;
      const message = /\bshoot (?:\w+ ){1,3}(?:a|an) (?:text|message|email|dm|line|note|pic|photo)\b/;
      for (const sentence of sentences) {
        const hit = threat.exec(sentence);
        if (!hit || joking.test(sentence) || message.test(sentence)) continue;
        if (fictionFrame && /\b(?:character|villain|he says|she says|says|said)\b/.test(sentence)) continue;
        return hit[0];
      }
      return null;
    },
  },
  sentenceRule(
    'risk:revenge',
    'risk_others',
    'user',
    pattern(
      anyOf(
        `(?:make|making) ${target} pay`,
        `teach ${target} a lesson (?:they|he|she|they'll|he'll|she'll|that)`,
        `(?:get|getting) (?:even with|back at|my revenge on) ${target}`,
        "(?:he|she|they)(?:'ll| will| are going to| is going to) (?:regret|be sorry|pay|never (?:hurt|touch|laugh at|bother) (?:anyone|me|her|him) again)",
        '(?:he|she|they) (?:deserves?|needs?|has|have) to die',
        'see how (?:he|she|they) like(?:s)? it',
        "(?:won't|will not) (?:be laughing|laugh) (?:for long|after|tomorrow|anymore)",
        `(?:going|go|drive|driving|head(?:ing)?) (?:over )?(?:there|to (?:his|her|their|the) (?:\\w+ )?(?:place|house|apartment|work|office|school|job)) (?:\\w+ ){0,4}(?:to|and) (?:make|finish|settle|end|deal with|take care of)`,
      ),
    ),
    /\b(?:lol|lmao|haha\w*|jk)\b|😂|\b(?:if|whether) (?:he|she|they|\w+)(?:'ll| will) (?:pay|see)\b/,
  ),
  {
    name: 'risk:weapon-with-target',
    signal: 'risk_others',
    role: 'user',
    match: ({ sentences, text, fictionFrame }) => {
      if (fictionFrame) return null;
      // A weapon in the user's hands together with a person, a place they will be, or a time.
      const holding = new RegExp(
        `\\b(?:i|i'm|i am|i've|i have|my)\\b(?:\\s+\\S+){0,6}?\\s+(?:my (?:\\w+'s |\\w+ )?|a |the |his |her |this )?${weapon}\\b`,
        'i',
      );
      const aimed = new RegExp(
        `\\b(?:${target}|school|work|office|church|mall|party|class|kitchen|house|door|driveway|parking lot|outside)\\b|${time}|\\b(?:show up|showing up|waiting for|wait for|going over|go over|heading|standing in|know where (?:he|she|they) (?:lives?|parks?|works?|sleeps?))\\b`,
        'i',
      );
      for (const sentence of sentences) {
        const hit = holding.exec(sentence);
        if (hit && aimed.test(sentence)) return hit[0];
      }
      // Means and a person in different sentences of one message, with a time or presence.
      if (holding.test(text) && new RegExp(`${time}|\\bstanding in\\b|\\bshow(?:ing)? up\\b`).test(text)) {
        const hit = holding.exec(text);
        if (hit && new RegExp(`\\b${target}\\b`).test(text)) return hit[0];
      }
      return null;
    },
  },
  sentenceRule(
    'risk:presence-with-threat',
    'risk_others',
    'user',
    pattern(
      anyOf(
        "(?:when|once|while) i(?:'m| am) (?:standing|waiting|sitting) (?:in|at|outside|by) (?:her|his|their|the) (?:\\w+ )?(?:kitchen|house|place|door|room|bedroom|car|office|school|work)",
        'i know where (?:he|she|they) (?:lives?|parks?|works?|sleeps?|goes to school)(?:\\s+\\S+){0,6}\\s+(?:tonight|tomorrow|soon|waiting|going|ready|pay|sorry)',
        '(?:bring|take|taking|bringing|carry|carrying)(?:\\s+\\S+){0,3}\\s+(?:a|my|the) (?:\\w+ )?(?:gun|knife|weapon|rifle|pistol) (?:to|into) (?:school|work|class|church|the office|the party|her|his|their)',
        'shoot up (?:the|my|a) (?:school|office|place|class|mall|church)',
        'nobody (?:at|in) (?:that|the|my) (?:school|office|class|building) (?:will|is going to) (?:survive|make it|walk out)',
      ),
    ),
  ),
];

/** Imminence: means, a plan, a time or a farewell alongside a risk sign. */
const imminenceRule: SignalRule = {
  name: 'risk:imminent',
  signal: 'risk_imminent',
  role: 'user',
  match: ({ text, found, earlierUserSignals }) => {
    const atRisk =
      found.has('risk_self') ||
      found.has('risk_others') ||
      earlierUserSignals.has('risk_self') ||
      earlierUserSignals.has('risk_others');
    if (!atRisk) return null;
    const cue = new RegExp(
      `${time}|\\b${selfMeans}\\b|\\b${weapon}\\b|\\b(?:plan|planned|decided|ready|goodbye|letters?|notes?|last|final|standing in|on my way|going over)\\b`,
      'i',
    ).exec(text);
    return cue ? cue[0] : null;
  },
};

export const riskRules: readonly SignalRule[] = [
  ...selfRules,
  selfWarningSigns,
  ...othersRules,
  othersWarningSigns,
  ...riskVocabularyRules,
  imminenceRule,
];

/** Whether a conversation is about fiction, a game, history or a writing task (see `RuleContext`). */
export function isFictionFrame(userTexts: readonly string[]): boolean {
  return userTexts.some((text) =>
    /\b(?:my (?:novel|story|book|screenplay|script|character|villain|protagonist|campaign|fanfic|poem)|(?:a|the|this|my) (?:\w+ )?(?:novel|short story|screenplay|thriller|murder mystery|crime novel|fantasy story|d&d|dnd|rpg|video game|tabletop game|play|poem|fanfic)|write (?:a|me a|the) (?:scene|story|chapter|poem|script)|in (?:the|my|this) (?:story|game|book|novel|show|movie|film)|for (?:my|a) (?:story|novel|book|class|essay|history|paper)|(?:fiction|fictional|character|plot|chapter|villain)\b)/.test(
      text,
    ),
  );
}
