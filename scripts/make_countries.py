"""Regenerate src/rightsdesk/model/countries.csv from pycountry and the UPR Info regional groups.

Run by a developer when the country table must change; the product reads only the CSV it writes.
The UN regional group of each member state comes from the UPR Info export (to_regional_group),
checked by hand against the UN's list of regional groups; historic states are added below.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

UPR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/upr-info-2008-2014/upr_recommendations_sessions01-20.csv")
OUT = Path(__file__).resolve().parents[1] / "src/rightsdesk/model/countries.csv"
GROUPS = {"Africa": "African", "Asia": "Asia-Pacific", "EEG": "Eastern European", "GRULAC": "GRULAC", "WEOG": "WEOG"}

# Spellings in the UPR export whose pycountry lookup is not exact.
UPR_NAMES = {
    "Antigua & Barbuda": "ATG", "Bosnia & Herzegovina": "BIH", "Brunei Darussalam": "BRN", "Cape Verde": "CPV",
    "Cote d'Ivoire": "CIV", "Czech Republic": "CZE", "DPR Korea": "PRK", "Democratic Republic of Congo": "COD",
    "Guinea Bissau": "GNB", "Iran": "IRN", "Laos": "LAO", "Macedonia FYR": "MKD", "Micronesia": "FSM",
    "Moldova": "MDA", "Republic of Congo": "COG", "Republic of Korea": "KOR", "Russian Federation": "RUS",
    "Sao Tome & Principe": "STP", "St Kitts & Nevis": "KNA", "St Lucia": "LCA", "St Vincent & the Grenadines": "VCT",
    "Swaziland": "SWZ", "Syria": "SYR", "Tanzania": "TZA", "Trinidad & Tobago": "TTO", "Turkey": "TUR",
    "United Kingdom": "GBR", "United States": "USA", "Venezuela": "VEN", "Viet Nam": "VNM", "Bolivia": "BOL",
    "Palestine": "PSE", "Holy See": "VAT",
}
# The UN's own short names, where they differ from ISO's.
UN_NAMES = {"PRK":"Democratic People's Republic of Korea","KOR":"Republic of Korea","RUS":"Russian Federation","IRN":"Iran (Islamic Republic of)","SYR":"Syrian Arab Republic","VNM":"Viet Nam","LAO":"Lao People's Democratic Republic","BOL":"Bolivia (Plurinational State of)","VEN":"Venezuela (Bolivarian Republic of)","TZA":"United Republic of Tanzania","GBR":"United Kingdom","USA":"United States of America","MDA":"Republic of Moldova","COD":"Democratic Republic of the Congo","COG":"Congo","PSE":"State of Palestine","VAT":"Holy See","FSM":"Micronesia (Federated States of)","TUR":"Türkiye","CZE":"Czechia","CIV":"Côte d'Ivoire","SWZ":"Eswatini","MKD":"North Macedonia","TWN":"Taiwan","BRN":"Brunei Darussalam","CPV":"Cabo Verde"}
# Historic states (ISO 3166-3) that appear in the General Assembly votes, with their regional group.
HISTORIC = [
    ("SUN", "SU", "810", "Union of Soviet Socialist Republics", "Eastern European", "historic"),
    ("YUG", "YU", "891", "Yugoslavia", "Eastern European", "historic"),
    ("CSK", "CS", "200", "Czechoslovakia", "Eastern European", "historic"),
    # The Federal Republic of Yugoslavia (admitted 2000), Serbia and Montenegro from 2003, Serbia from June 2006.
    ("SCG", "CS", "891", "Serbia and Montenegro", "Eastern European", "historic"),
    ("DDR", "DD", "278", "German Democratic Republic", "Eastern European", "historic"),
    ("YMD", "YD", "720", "Yemen, Democratic (People's Democratic Republic of Yemen)", "Asia-Pacific", "historic"),
    ("ANT", "AN", "530", "Netherlands Antilles", "", "historic"),
    ("XKX", "XK", "", "Kosovo", "", "other"),
    # Zanzibar was a member from December 1963 until its union with Tanganyika in April 1964; ISO has no code.
    ("XZN", "", "", "Zanzibar", "African", "historic"),
]


def main() -> None:
    groups: dict[str, str] = {}
    with UPR.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for name, grp in ((row["to_state"], row["to_regional_group"]), (row["from_state"], row["from_regional_group"])):
                iso3 = UPR_NAMES.get(name) or _lookup(name)
                if iso3 and grp in GROUPS:
                    groups[iso3] = GROUPS[grp]
    rows = []
    for c in pycountry.countries:
        status = "member" if c.alpha_3 in groups else ("observer" if c.alpha_3 in ("PSE", "VAT") else "other")
        name = getattr(c, "common_name", None) or c.name
        name = UN_NAMES.get(c.alpha_3, name)
        rows.append((c.alpha_3, c.alpha_2, c.numeric, name, getattr(c, "official_name", ""), groups.get(c.alpha_3, ""), status))
    for iso3, iso2, m49, name, grp, status in HISTORIC:
        rows.append((iso3, iso2, m49, name, "", grp, status))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso3", "iso2", "m49", "name", "official_name", "regional_group", "un_status"])
        w.writerows(rows)
    members = sum(1 for r in rows if r[-1] == "member")
    print(f"wrote {len(rows)} countries ({members} UN members) to {OUT}")


def _lookup(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


if __name__ == "__main__":
    main()
