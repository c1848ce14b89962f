"""The closed vocabularies of the data format, each code with the label documents show."""

OMRADEN = {
    "finansiering": "Finansiering",
    "affarsutveckling": "Affärsutveckling",
    "administration": "Administration",
    "bokforing": "Bokföring",
    "hr": "HR och personalfrågor",
    "handledarstod": "Handledarstöd",
    "upphandling": "Upphandling",
    "investeringskalkyl": "Investeringskalkyler",
    "avknoppning": "Avknoppningar",
    "arbetsformagebedomning": "Arbetsförmågebedömning",
    "salj_marknadsforing": "Sälj och marknadsföring",
    "utbildning": "Utbildning",
    "myndighetskontakter": "Myndighetskontakter",
    "styrelsearbete": "Styrelsearbete",
    "natverk": "Nätverk",
}

BEHOV = {
    "radgivning": "Rådgivning",
    "utbildning": "Utbildning",
    "mentorer": "Mentorer",
    "salj_marknadsforing": "Sälj och marknadsföring",
    "styrelsekompetens": "Styrelsekompetens",
    "handledarutbildning": "Handledarutbildning",
    "natverk_foretag": "Nätverk med andra företag",
    "natverk_aktorer": "Nätverk med offentliga aktörer",
    "myndighetskontakter": "Myndighetskontakter",
    "asf_skola": "ASF-skola",
}

ASSOCIATIONSFORMER = {
    "ekonomisk_forening": "Ekonomisk förening",
    "ideell_forening": "Ideell förening",
    "aktiebolag": "Aktiebolag",
    "stiftelse": "Stiftelse",
    "annan": "Annan",
}

FORETAGSSTATUS = {
    "aktiv": "Aktiv",
    "under_etablering": "Under etablering",
    "vilande": "Vilande",
    "avvecklad": "Avvecklad",
}

MOTESTYPER = {
    "plattformsmote": "Plattformsmöte",
    "verksamhetsledartraff": "Verksamhetsledarträff",
    "styrgruppsmote": "Styrgruppsmöte",
    "fokusdag": "Fokusdag",
    "seminarium": "Seminarium",
    "studiebesok": "Studiebesök",
    "natverkstraff": "Nätverksträff",
    "utbildning": "Utbildning",
    "massa": "Mässa",
}

MOTESTYPER_PLURAL = {
    "plattformsmote": "plattformsmöten",
    "verksamhetsledartraff": "verksamhetsledarträffar",
    "styrgruppsmote": "styrgruppsmöten",
    "fokusdag": "fokusdagar",
    "seminarium": "seminarier",
    "studiebesok": "studiebesök",
    "natverkstraff": "nätverksträffar",
    "utbildning": "utbildningar",
    "massa": "mässor",
}

# Meeting types that take "ett" in the singular ("ett plattformsmöte", "en fokusdag").
MOTESTYPER_NEUTRUM = ("plattformsmote", "styrgruppsmote", "seminarium", "studiebesok")

MOTESSTATUS = {"genomfort": "Genomfört", "planerat": "Planerat", "installt": "Inställt"}

ATGARDSSTATUS = {"oppen": "Öppen", "klar": "Klar"}

MEDFINANSIERINGSTYPER = {"kontant": "Kontant", "tid": "Arbetstid", "lokal": "Lokal"}

MATT = {
    "moten": "Genomförda möten",
    "plattformsmoten": "Genomförda plattforms- och styrgruppsmöten",
    "stodtimmar": "Stödtimmar",
    "foretag_med_stod": "Företag som fått stöd",
    "deltagare": "Deltagare under året",
    "avslut_arbete_studier": "Deltagare som gått till arbete eller studier",
    "manuellt": "Anges av plattformen",
}

KON = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat"}

ALDERSGRUPPER = {
    "16-24": "16–24 år",
    "25-29": "25–29 år",
    "30-49": "30–49 år",
    "50-64": "50–64 år",
    "65+": "65 år och äldre",
}

FORSORJNING = {
    "forsorjningsstod": "Försörjningsstöd",
    "aktivitetsstod": "Aktivitetsstöd",
    "sjukersattning": "Sjukersättning",
    "a-kassa": "A-kassa",
    "ingen_offentlig": "Ingen offentlig försörjning",
    "annan": "Annan",
    "okand": "Okänd",
}

DELTAGARUTFALL = {
    "arbete": "Arbete",
    "studier": "Studier",
    "arbetssokande": "Arbetssökande",
    "fortsatt_annan_insats": "Fortsatt i annan insats",
    "ohalsa": "Ohälsa",
    "annat": "Annat",
    "okand": "Okänt",
}

# Report types (`rapporter[].typ`, SPEC §5) as documents show them; any other text as written.
RAPPORTTYPER = {
    "tertialrapport": "Tertialrapport",
    "delarsrapport": "Delårsrapport",
    "arsrapport": "Årsrapport",
    "slutrapport": "Slutrapport",
    "annan": "Annan rapport",
}

MOTESTYPER_PLATTFORM = ("plattformsmote", "styrgruppsmote")
UTFALL_ARBETE_STUDIER = ("arbete", "studier")

# Which support areas (OMRADEN) meet each need (BEHOV), for the report's needs inventory
# (behov.py). After the Norrbotten pre-study's description of each need; docs/dataformat.md.
BEHOV_OMRADEN = {
    "radgivning": (
        "finansiering", "affarsutveckling", "administration", "bokforing", "hr", "upphandling",
        "investeringskalkyl", "avknoppning", "arbetsformagebedomning",
    ),
    "utbildning": ("utbildning",),
    "mentorer": ("affarsutveckling", "styrelsearbete"),
    "salj_marknadsforing": ("salj_marknadsforing", "upphandling"),
    "styrelsekompetens": ("styrelsearbete",),
    "handledarutbildning": ("handledarstod", "utbildning"),
    "natverk_foretag": ("natverk",),
    "natverk_aktorer": ("natverk",),
    "myndighetskontakter": ("myndighetskontakter",),
    "asf_skola": ("utbildning",),
}  # fmt: skip
