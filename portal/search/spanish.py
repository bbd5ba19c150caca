"""Spanish words readers type, and the English words the explainers use for them.

The explainers are in English, many readers ask in Spanish, and some FAQ entries are written in
Spanish. query.parse() drops the Spanish function words below, and a word of TO_ENGLISH is
searched as itself or its English word (Query.forms, as synonyms.py's alternatives are): a
Spanish entry is found by its own words, an English explainer by the English one. The results
page then says which English words it searched too. Every key is written the way query.words()
gives it: lower case, accents removed ("policía" -> "policia").

Keep this list small and clear: one Spanish word, one meaning, and an English word that finds
what the explainers say. A word with two meanings is better left out than sending readers to
the wrong explainer ("migra" is left out for that reason, "consejo" is also "advice").
"""

# Words that carry no meaning in a search. Left out because readers search them in English too
# (or they already are English stop words): son, sin, con, era, me, no, a, ante, come, once.
STOP_WORDS = frozenset(
    """como cual cuales cuando de debo desde donde ella ellos en entre es esta estan este estas
    esto estos hacer hago hasta hay las le les lo los mas mis muy necesita necesito ni nos
    nosotros o para pasa pero por porque puede pueden puedo que quien quiero se ser si sobre soy
    su sus tengo tiene tienen tu tus una unas unos usted ustedes y ya yo""".split()
)
# Also written in English searches ("UN refugee convention", "LA county jail", "MI voter ID",
# "Del Rio"): dropped only from a query that other words show to be Spanish.
ALSO_ENGLISH = frozenset("al del el la mi un".split())

# Spanish (folded) -> English search word. Keys of two or three words are phrases.
TO_ENGLISH = {
    "abogado": "lawyer",
    "abrir": "open",
    "abogada": "lawyer",
    "abogados": "lawyer",
    "agente": "agent",
    "agentes": "agent",
    "alcalde": "mayor",
    "alguacil": "sheriff",
    "arrestar": "arrest",
    "arrestado": "arrest",
    "arrestada": "arrest",
    "arresto": "arrest",
    "asilo": "asylum",
    "audiencia": "hearing",
    "carcel": "jail",
    "casa": "home",
    "ciudad": "city",
    "ciudadania": "citizenship",
    "ciudadano": "citizen",
    "ciudadana": "citizen",
    "ciudadanos": "citizen",
    "celular": "phone",
    "concejo": "council",
    "condado": "county",
    "corte": "court",
    "deportacion": "deportation",
    "deportar": "deportation",
    "derecho": "rights",
    "detener": "detained",
    "derechos": "rights",
    # "detained" shares its stem with "detainer", the word the explainers use most.
    "detencion": "detained",
    "detenido": "detained",
    "detenida": "detained",
    "detenidos": "detained",
    "detenidas": "detained",
    "entrar": "enter",
    "fianza": "bail",
    "filmar": "film",
    "grabar": "record",
    "inmigracion": "immigration",
    "inmigrante": "immigrant",
    "inmigrantes": "immigrant",
    "juez": "judge",
    "jueza": "judge",
    "jueces": "judge",
    "ley": "law",
    "leyes": "law",
    "manifestacion": "protest",
    "migratorio": "immigration",
    "migratoria": "immigration",
    "orden judicial": "warrant",
    "orden de arresto": "warrant",
    "permiso": "permit",
    "policia": "police",
    "policias": "police",
    "presupuesto": "budget",
    "protesta": "protest",
    "protestar": "protest",
    "protestas": "protest",
    "puerta": "door",
    "queja": "complaint",
    "redada": "raid",
    "redadas": "raid",
    "santuario": "sanctuary",
    "telefono": "phone",
    "votar": "vote",
    "voto": "vote",
}
LONGEST_KEY = max(len(key.split()) for key in TO_ENGLISH)

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
