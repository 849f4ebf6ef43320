"""English stopwords for BM25 and question coverage, including question words ("how many", "what")."""

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can could did didn do does doesn doing don down during each either else ever
    few for from further had hadn has hasn have haven having he her here hers herself him himself his how
    however i if in into is isn it its itself just let ll many may me might more most much must my myself
    no nor not now of off on once one only or other ought our ours ourselves out over own rather re same
    shall she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up upon us ve very was wasn we were weren what whatever when where
    whether which while who whom whose why will with within without would you your yours yourself
    yourselves called kind type known name named anyone anybody someone somebody everyone everybody
    anything something everything""".split()
)
