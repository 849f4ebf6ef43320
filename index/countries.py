"""Country names as news prose writes them, for "which country ...?": the tagger's GPE is as often a city
("Istanbul") as a country ("Russia"). General knowledge (the UN member states plus the short and informal
names news uses), never any article's words.
"""

from __future__ import annotations

import re

COUNTRIES = frozenset(name.strip() for name in """
afghanistan, albania, algeria, andorra, angola, antigua and barbuda, argentina, armenia, australia, austria,
azerbaijan, bahamas, bahrain, bangladesh, barbados, belarus, belgium, belize, benin, bhutan, bolivia,
bosnia, bosnia and herzegovina, botswana, brazil, brunei, bulgaria, burkina faso, burundi, cambodia,
cameroon, canada, cape verde, central african republic, chad, chile, china, colombia, comoros, congo,
costa rica, croatia, cuba, cyprus, czech republic, czechia, czechoslovakia, denmark, djibouti, dominica,
dominican republic, east timor, ecuador, egypt, el salvador, equatorial guinea, eritrea, estonia, eswatini,
ethiopia, fiji, finland, france, gabon, gambia, georgia, germany, ghana, greece, grenada, guatemala, guinea,
guinea-bissau, guyana, haiti, honduras, hungary, iceland, india, indonesia, iran, iraq, ireland, israel,
italy, ivory coast, jamaica, japan, jordan, kazakhstan, kenya, kiribati, kosovo, kuwait, kyrgyzstan, laos,
latvia, lebanon, lesotho, liberia, libya, liechtenstein, lithuania, luxembourg, madagascar, malawi,
malaysia, maldives, mali, malta, marshall islands, mauritania, mauritius, mexico, micronesia, moldova,
monaco, mongolia, montenegro, morocco, mozambique, myanmar, burma, namibia, nauru, nepal, netherlands,
holland, new zealand, nicaragua, niger, nigeria, north korea, north macedonia, macedonia, norway, oman,
pakistan, palau, palestine, panama, papua new guinea, paraguay, peru, philippines, poland, portugal, qatar,
romania, russia, rwanda, saint lucia, samoa, san marino, saudi arabia, senegal, serbia, seychelles,
sierra leone, singapore, slovakia, slovenia, solomon islands, somalia, south africa, south korea, korea,
south sudan, spain, sri lanka, sudan, suriname, sweden, switzerland, syria, taiwan, tajikistan, tanzania,
thailand, togo, tonga, trinidad and tobago, tunisia, turkey, turkmenistan, tuvalu, uganda, ukraine,
united arab emirates, uae, united kingdom, uk, britain, great britain, england, scotland, wales,
northern ireland, united states, united states of america, us, u.s, usa, u.s.a, america, uruguay,
uzbekistan, vanuatu, vatican, venezuela, vietnam, yemen, zambia, zimbabwe, soviet union, ussr
""".replace("\n", " ").split(","))


def is_country(text: str) -> bool:
    """Whether an entity's text is a country's name ("Russia", "the United States", "U.S.")."""
    name = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text.strip().lower()))
    return name.strip(" .,'’") in COUNTRIES
