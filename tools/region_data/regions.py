"""The 20 current regions of Kazakhstan: folder id, BNS code (the source repo's), English and local names.

The codes are those of ``shared: regions/README.md``. YKO (former South Kazakhstan, = TRK + SHM, 2017 and
earlier) and KZ (the national row) are not regions of their own here.
"""

from __future__ import annotations

#: code -> (folder id, English name, Russian name)
REGIONS: dict[str, tuple[str, str, str]] = {
    "ABY": ("abai", "Abai Region", "область Абай"),
    "AKM": ("akmola", "Akmola Region", "Акмолинская область"),
    "AKT": ("aktobe", "Aktobe Region", "Актюбинская область"),
    "ALA": ("almaty_city", "Almaty (city)", "город Алматы"),
    "ALM": ("almaty_region", "Almaty Region", "Алматинская область"),
    "AST": ("astana", "Astana (city)", "город Астана"),
    "ATY": ("atyrau", "Atyrau Region", "Атырауская область"),
    "KRG": ("karaganda", "Karaganda Region", "Карагандинская область"),
    "KST": ("kostanai", "Kostanai Region", "Костанайская область"),
    "KZL": ("kyzylorda", "Kyzylorda Region", "Кызылординская область"),
    "MNG": ("mangystau", "Mangystau Region", "Мангистауская область"),
    "PVL": ("pavlodar", "Pavlodar Region", "Павлодарская область"),
    "SHM": ("shymkent", "Shymkent (city)", "город Шымкент"),
    "SKO": ("north_kazakhstan", "North Kazakhstan Region", "Северо-Казахстанская область"),
    "TRK": ("turkistan", "Turkistan Region", "Туркестанская область"),
    "ULT": ("ulytau", "Ulytau Region", "область Ұлытау"),
    "VKO": ("east_kazakhstan", "East Kazakhstan Region", "Восточно-Казахстанская область"),
    "ZHM": ("zhambyl", "Zhambyl Region", "Жамбылская область"),
    "ZHT": ("zhetisu", "Zhetisu Region", "область Жетісу"),
    "ZKO": ("west_kazakhstan", "West Kazakhstan Region", "Западно-Казахстанская область"),
}

#: the regions created in 2022 (decree of 8 June 2022): their data start with GVA 2021 and the LFS 2022
NEW_2022 = ("ABY", "ZHT", "ULT")

#: regions whose boundaries changed when the 2022 regions were cut out of them -> the part they lost.
#: BNS GVA (5927) is on the new boundaries from 2021, the labour-force survey from 2022 (regions/README.md).
SPLIT_FROM = {"ALM": "ZHT", "VKO": "ABY", "KRG": "ULT"}
BOUNDARY_BREAK = {"gva": 2021, "labour": 2022}
