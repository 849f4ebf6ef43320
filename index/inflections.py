"""Other forms of a question's verb: "what did trump write?" is answered by "Trump wrote".

A chat question puts its verb after "did" in the plain form ("what did trump write", "where did they go",
"how much did they pay"), and an article tells the past ("Trump wrote", "went", "paid"). The BM25 stemmer
reads regular endings alike ("injured", "injuring"), but not an irregular verb's forms, spelt out here.
"""

from __future__ import annotations

# base: past, past participle (when it differs), and other forms. Not the auxiliaries (be, have, do), nor
# verbs whose forms are more often other words: bear/born, bind/bound, bite/bit, grind/ground, lie/lay,
# ring, spring, tear, wind/wound ("wounded" is no wind), feed/fed (the Fed); nor the light verbs (come, get,
# give, go, keep, make, take), whose forms are idioms more than the question's verb: with them, on the SQuAD
# tuning half "take place" pulled "took" sentences first, and news_qa lost a right short answer.
_IRREGULAR = """
arise arose arisen; awake awoke awoken; beat beaten; become became; begin began begun; bend bent;
bleed bled; blow blew blown; break broke broken; breed bred; bring brought; build built; burn burnt;
buy bought; catch caught; choose chose chosen; cling clung; creep crept; deal dealt; dig dug;
draw drew drawn; dream dreamt; drink drank drunk; drive drove driven; eat ate eaten; fall fell fallen;
feel felt; fight fought; find found; flee fled; fling flung; fly flew flown flies;
forbid forbade forbidden; forget forgot forgotten; forgive forgave forgiven; freeze froze frozen;
grow grew grown; hang hung; hear heard;
hide hid hidden; hold held; kneel knelt; know knew known; lay laid; lead led; lean leant;
leap leapt; learn learnt; leave left; lend lent; light lit; lose lost; mean meant; meet met;
mislead misled; mistake mistook mistaken; overcome overcame; overtake overtook overtaken; pay paid;
prove proven; rebuild rebuilt; redo redid redone; ride rode ridden; rise rose risen; run ran;
say said says; see saw seen; seek sought; sell sold; send sent; sew sewn; shake shook shaken;
shine shone; shoot shot; show shown; shrink shrank shrunk; sing sang sung; sink sank sunk; sit sat;
sleep slept; slide slid; sling slung; speak spoke spoken; speed sped; spend spent; spin spun; spit spat;
stand stood; steal stole stolen; stick stuck; sting stung; stink stank stunk; stride strode stridden;
strike struck stricken; string strung; strive strove striven; swear swore sworn; sweep swept;
swell swollen; swim swam swum; swing swung; teach taught; tell told; think thought;
throw threw thrown; tread trod trodden; undergo underwent undergone; understand understood;
undertake undertook undertaken; undo undid undone; wake woke woken; wear wore worn; weave wove woven;
weep wept; win won; withdraw withdrew withdrawn; withhold withheld; withstand withstood; wring wrung;
write wrote written
"""
_FORMS: dict[str, frozenset[str]] = {}
for _entry in _IRREGULAR.replace("\n", " ").split(";"):
    _words = _entry.split()
    if _words:
        _group = frozenset(_words)
        for _word in _words:
            _FORMS[_word] = _FORMS.get(_word, frozenset()) | _group


def inflections(word: str) -> tuple[str, ...]:
    """The other forms of an irregular verb ("wrote" for "write"), in a stable order; () for any other
    word, whose endings the BM25 stemmer already reads alike ("injured", "injuring")."""
    return tuple(sorted(_FORMS.get(word, frozenset()) - {word}))


def regular_forms(word: str) -> set[str]:
    """The regular forms a word may share a root with ("killing" → kill, kills, killed, …), spelt out for
    matching words one by one: the tagger runs without its lemmatiser. Forms that are no words never
    match anything."""
    roots = {word} | {word[:-len(end)] for end in ("ing", "ed", "es", "s", "d")
                      if word.endswith(end) and len(word) - len(end) >= 3}
    return {root + end for root in roots for end in ("", "s", "es", "d", "ed", "ing", "e")}
