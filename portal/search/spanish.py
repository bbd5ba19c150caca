"""Spanish words readers type, and the English words the explainers use for them.

The explainers are in English, many readers ask in Spanish, and some FAQ entries are written in
Spanish. query.parse() drops the Spanish function words below, and a word of TO_ENGLISH is
searched as itself or its English word (Query.forms, as synonyms.py's alternatives are): a
Spanish entry is found by its own words, an English explainer by the English one. The results
page then says which English words it searched too. Every key is written the way query.words()
gives it: lower case, accents removed ("policía" -> "policia").

Keep this list small and clear: one Spanish word, one meaning, and an English word that finds
what the explainers say. A word with two meanings is better left out than sending readers to
the wrong explainer ("consejo" is also "advice", "cortes" also "cuts"); a phrase may make it
clear ("la migra" is the immigration police, "migra" alone also a bird's migration).
"""

import unicodedata

# Words that carry no meaning in a search. Left out because readers search them in English too
# (or they already are English stop words): me, no, a, ante, come, once, and the four below.
STOP_WORDS = frozenset(
    """como cual cuales cuando de debo desde donde ella ellos en entre es esta estaba estan este
    estas esto estos estoy fue hacer hago hasta hay las le les lo los mas mis muy necesita
    necesito ni nos nosotros o para pasa pero por porque puede pueden puedo que quien quiero se
    ser si sobre soy su sus tengo tiene tienen tu tus una unas unos usted ustedes y ya yo""".split()
)
# Also written in English searches ("UN refugee convention", "LA county jail", "MI voter ID",
# "Del Rio"): dropped only from a query that other words show to be Spanish.
ALSO_ENGLISH = frozenset("al del el la mi un".split())
# Dropped the same way, but common English words ("con artist", "my son", "sin tax", "civil
# rights era"), so never a sign that a query is Spanish.
ENGLISH_TOO = frozenset("con era sin son".split())

# Signs that a query is Spanish when no word of it is in these lists ("mi niño desapareció"):
# Spanish question marks; and, with a word of ALSO_ENGLISH, letters English words don't have or
# the endings of "llevaron", "detuvieron" (few English words of seven letters or more end so:
# "macaron"). Accents alone are no sign: English searches carry names ("José Martí").
QUESTION_MARKS = frozenset("¿¡")
MARKS = frozenset("áéíóúñ")
VERB_ENDINGS = ("aron", "ieron")


def looks_spanish(text, tokens):
    """Whether `text` (as typed) or its folded `tokens` carry one of those signs."""
    text = unicodedata.normalize("NFC", text).casefold()  # "ñ" may come as "n" and a tilde
    if not QUESTION_MARKS.isdisjoint(text):
        return True
    if ALSO_ENGLISH.isdisjoint(tokens):
        return False
    if not MARKS.isdisjoint(text):
        return True
    return any(len(token) >= 7 and token.endswith(VERB_ENDINGS) for token in tokens)


# Spanish (folded) -> English search word. Keys of two or three words are phrases.
TO_ENGLISH = {
    "abogado": "lawyer",
    "abrir": "open",
    "abogada": "lawyer",
    "abogados": "lawyer",
    "abogadas": "lawyer",
    "agente": "agent",
    "agentes": "agent",
    "alcalde": "mayor",
    "alguacil": "sheriff",
    "arrestar": "arrest",
    "arrestado": "arrest",
    "arrestada": "arrest",
    "arresto": "arrest",
    "arrestos": "arrest",
    "arrestaron": "arrest",
    "asilo": "asylum",
    "audiencia": "hearing",
    "audiencias": "hearing",
    "carcel": "jail",
    "carceles": "jail",
    "casa": "home",
    "ciudad": "city",
    "ciudades": "city",
    "ciudadania": "citizenship",
    "ciudadano": "citizen",
    "ciudadana": "citizen",
    "ciudadanos": "citizen",
    "ciudadanas": "citizen",
    "celular": "phone",
    "celulares": "phone",
    "concejo": "council",
    "condado": "county",
    "condados": "county",
    "corte": "court",
    "deportacion": "deportation",
    "deportar": "deportation",
    "deportaciones": "deportation",
    "deportaron": "deportation",
    "deportado": "deportation",
    "deportada": "deportation",
    "deportados": "deportation",
    "denuncia": "complaint",
    "denunciar": "complaint",
    "derecho": "rights",
    "detener": "detained",
    "derechos": "rights",
    # "detained" shares its stem with "detainer", the word the explainers use most.
    "detencion": "detained",
    "detenido": "detained",
    "detenida": "detained",
    "detenidos": "detained",
    "detenidas": "detained",
    "detenciones": "detained",
    "detiene": "detained",
    "detienen": "detained",
    "detuvo": "detained",
    "detuvieron": "detained",
    "entrar": "enter",
    "escuela": "school",
    "escuelas": "school",
    "fianza": "bail",
    "fianzas": "bail",
    "filmar": "film",
    "grabar": "record",
    "gratis": "free",
    "inmigracion": "immigration",
    "inmigrante": "immigrant",
    "inmigrantes": "immigrant",
    "juez": "judge",
    "jueza": "judge",
    "jueces": "judge",
    "ley": "law",
    "leyes": "law",
    # "migra" alone is also a migration; with the article it is only the immigration police.
    "la migra": "immigration",
    "manifestacion": "protest",
    "manifestaciones": "protest",
    "marcha": "protest",
    "marchas": "protest",
    "marchar": "protest",
    "migracion": "immigration",
    "migratorio": "immigration",
    "migratoria": "immigration",
    "orden judicial": "warrant",
    "orden de arresto": "warrant",
    "orden de cateo": "warrant",
    "orden de retencion": "detainer",
    "permiso": "permit",
    "permisos": "permit",
    "policia": "police",
    "policias": "police",
    "presupuesto": "budget",
    "protesta": "protest",
    "protestar": "protest",
    "protestas": "protest",
    "puerta": "door",
    "puertas": "door",
    "queja": "complaint",
    "quejas": "complaint",
    "redada": "raid",
    "redadas": "raid",
    "santuario": "sanctuary",
    "telefono": "phone",
    "telefonos": "phone",
    "votar": "vote",
    "voto": "vote",
    "votos": "vote",
}
LONGEST_KEY = max(len(key.split()) for key in TO_ENGLISH)

# The words of the map by their English word: a Spanish entry is found by any of them, its
# "detenido" by the "detenida" typed, its "juez" by "jueces". Spanish entries are stemmed as
# English, which knows neither Spanish genders nor plurals like "jueces".
SAME_MEANING = {}
for _key, _english in TO_ENGLISH.items():
    SAME_MEANING.setdefault(_english, []).append(_key)

# Also English words ("registrar": the official who keeps the voter rolls), so given their
# English word only when another word of the query has one: "¿puede la policía registrar mi
# teléfono?".
IN_SPANISH_QUERIES = {"registrar": "search"}


def with_english(tokens):
    """[(word, its English word or "")] for `tokens`; a phrase of the map is one word, its
    words joined by a space ("orden judicial"), as a phrase among synonyms.py's alternatives."""
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(LONGEST_KEY, len(tokens) - i), 0, -1):
            key = " ".join(tokens[i : i + n])
            if english := TO_ENGLISH.get(key):
                out.append((key, english))
                i += n
                break
        else:
            out.append((tokens[i], ""))
            i += 1
    if any(english for _, english in out):
        out = [(w, english or IN_SPANISH_QUERIES.get(w, "")) for w, english in out]
    return out
