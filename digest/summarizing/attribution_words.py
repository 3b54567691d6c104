"""The words that mark an attribution: speech verbs, titles, pronouns, and the small words
around a speaker's name. Data only; digest.summarizing.speakers reads it."""

from __future__ import annotations

# Verbs that attribute speech. The first group also comes before its speaker ("said
# Trump", "asked the mayor"); the others' following noun is the listener or the target
# ("told reporters", "called Clinton").
INVERTIBLE_CUES = (
    "said says say added adds wrote writes asked asks continued continues explained explains "
    "noted notes recalled recalls replied replies tweeted tweets argued argues reported reports "
    "insisted insists observed warned warns declared declares remarked quipped joked exclaimed "
    "responded responds stated wondered countered conceded cautioned predicted "
    "boasted complained acknowledged admitted confirmed announced "
    # the commonest in German, French, Spanish, Italian and Portuguese news ("sagte Weber")
    "sagte sagt erklärte betonte dit déclaré affirmé expliqué dijo afirmó explicó declaró "
    "disse detto"
).split()

OTHER_CUES = (
    "told tells tell telling saying adding writing wrote asking arguing noting explaining "
    "insisting warning claiming claimed claims tweeting stressed stresses urged urges vowed "
    "vows promised promises charged suggested suggests called calls calling described "
    "describes dubbed labeled branded emphasized testified posted lamented mused shouted "
    "yelled cried blasted slammed accused accusing pointed agreed agrees went goes recounted "
    "recalling sings sang declaring announcing demanded demands questioned reads read "
    "alleged maintained asserted bragged pleaded scoffed echoed concluded cited quoted "
    "recalling accusing tweeting describing dismissing mocking commented comments yells "
    "attacked scolded"
).split()

# Speech verbs of more than one word ("as a spokesman put it").
PHRASE_CUES = ["put it"]

# Words that open a clause of its own: "“…” but he said that …" is not the quote's
# attribution, it leads into the next quote.
CLAUSE_OPENERS = frozenset(
    "but and or while though although because whereas yet so if when unless until".split()
)

# Words between a speaker and the verb: "Trump also said", "she has repeatedly said".
BETWEEN_WORDS = (
    "also later then once previously recently simply just has had have would will did does "
    "is was reportedly repeatedly often frequently quickly flatly bluntly further again "
    "earlier first finally subsequently herself himself themselves itself privately publicly "
    "openly angrily still even never"
    # the auxiliary of "a déclaré", "ha detto", "hat gesagt"
    " a ont ha hat"
).split()

PRONOUNS = frozenset("he she they i we it".split())

DETERMINERS = frozenset(
    "the a an one another two three several some his her its their my our your".split()
)

# A noun after these inside a speaker's description is not the speaker ("a spokeswoman for
# the Ministry", "officials at Immigration and Customs Enforcement").
PREPOSITIONS = frozenset("of for at from with in on".split())

STOP_WORDS = frozenset(
    (
        "that and but because when while if so as which who whom whose where after before "
        "since than then though although whether what how why even yet or nor to by during "
        "about this last yesterday today tonight earlier later over through into upon "
        "monday tuesday wednesday thursday friday saturday sunday "
        "january february march april may june july august september october november december "
        "not no it's there here following meanwhile however instead still now speaking "
        "asked like unlike"
    ).split()
)

# Words a speaker's name starts with that are not the name ("Sen. Ada Brook").
TITLES = frozenset(
    (
        "president vice sen senator rep representative gov governor mr mrs ms miss dr gen "
        "secretary speaker judge justice mayor chairman chairwoman chair former candidate "
        "nominee attorney general lt col sgt rev prof professor sheriff chief pastor king "
        "queen prince pope ambassador commissioner democratic republican gop u.s democrat "
        "first lady sir lord dame director the leader minister prime rival"
    ).split()
)

COURTESY_TITLES = frozenset("mr mrs ms miss dr sir dame".split())

# Who a description without "the" or "a" can be ("officials at the agency said").
SPEAKER_NOUNS = frozenset(
    (
        "officials official aides aide advisers adviser sources source analysts experts lawyers "
        "critics supporters voters residents prosecutors lawmakers members democrats "
        "republicans researchers economists officers police spokesman spokeswoman "
        "spokesperson representatives organizers protesters witnesses investigators"
    ).split()
)
