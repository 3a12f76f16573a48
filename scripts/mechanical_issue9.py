"""ONE-OFF, MECHANICAL conversion of knowledge/*.yaml to the issue 9 schema (lead: drop in favour
of kmiss/kpart's data). Source kinds by host; weak copies labelled; sources on the never-cite list
removed with every record citing them; records stating a section 8 item removed; old free-text
as_of turned into YYYY-MM; time-varying records without a date get the newest year their text or
source title names (else 2024); missions get status_as_of. Comments are lost (yaml round trip)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot import dates  # noqa: E402
from bot.knowledge import TIME_VARYING_FACTS  # noqa: E402
from bot.policy import Policy, host, listed_domain  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLICY = Policy.for_root(ROOT)
SECTION8 = [s.lower() for s in yaml.safe_load((ROOT / "tests/fixtures/section8.yaml").read_text())["section8"]]
EU = ("europa.eu", "europa.ba", "europa.rs", "eu.me", "webalkans.eu", "eulex-kosovo.eu", "euic.me")
OTHER = ("gov.me", "gov.al", "gov.mk", "gov.rs", "vs.rs", "mil.gr", "defensie.nl", "difesa.it", "bmvg.de",
         "forsvarsmakten.se", "nato.int", "parliament.uk", "skupstina.me", "admin.ch", "viennaoffices.at")
SECONDARY = ("web.archive.org", "dlib.si")


def kind_of(url: str) -> str:
    h = host(url)
    if listed_domain(url, POLICY.weak) or any(h == d or h.endswith("." + d) for d in SECONDARY):
        return "secondary"
    if any(h == d or h.endswith("." + d) for d in EU):
        return "official-eu"
    if any(h == d or h.endswith("." + d) for d in OTHER):
        return "official-other"
    return "media"


def as_of_date(text: str) -> str:
    text = str(text).strip()
    if dates.parse(text):
        return text
    m = re.match(r"^(?:(\d{1,2}) )?([A-Z][a-z]+) (\d{4})$", text)
    if m and m.group(2) in dates.MONTHS:
        month = dates.MONTHS.index(m.group(2)) + 1
        return f"{m.group(3)}-{month:02d}" + (f"-{int(m.group(1)):02d}" if m.group(1) else "")
    raise SystemExit(f"cannot convert as_of {text!r}")


def newest_year(*texts: str) -> str:
    years = [int(y) for t in texts for y in re.findall(r"\b(19\d\d|20[0-2]\d)\b", t or "") if int(y) <= 2026]
    return str(max(years)) if years else "2024"


def main() -> None:
    files = {p: yaml.safe_load(p.read_text()) for p in sorted((ROOT / "knowledge").glob("*.yaml"))
             if "glossary" not in p.name}
    banned: set[str] = set()
    titles: dict[str, str] = {}
    for data in files.values():
        kept = []
        for source in data.get("sources") or []:
            if listed_domain(source["url"], POLICY.never_cite):
                banned.add(source["id"])
                continue
            source["kind"] = kind_of(source["url"])
            if source["kind"] == "secondary" and not re.search(r"\((copy|secondary)\)", source["title"], re.I):
                source["title"] += " (secondary)"
            titles[source["id"]] = source["title"]
            kept.append(source)
        if "sources" in data:
            data["sources"] = kept
    for data in files.values():
        for section, type_ in (("missions", "mission"), ("partners", "partner"), ("topics", "topic")):
            for entity in data.get(section) or []:
                default_banned = entity["source"] in banned
                if type_ == "mission":
                    entity["status_as_of"] = "2025" if entity["status"] == "active" else \
                        newest_year(str(entity.get("end", "")))
                    keys = list(entity)
                    keys.insert(keys.index("status") + 1, keys.pop(keys.index("status_as_of")))
                    entity_copy = {k: entity[k] for k in keys}
                    entity.clear()
                    entity.update(entity_copy)
                varying = set(TIME_VARYING_FACTS.get(type_, ()))
                if entity.get("status") == "active":
                    varying |= set(TIME_VARYING_FACTS.get(f"{type_}:active", ()))
                facts = entity["facts"]
                for name in list(facts):
                    value = facts[name]
                    records = value if isinstance(value, list) else [value]
                    out = []
                    for record in records:
                        if isinstance(record, str):
                            record = {"text": record}
                        if record.get("source") in banned or (default_banned and not record.get("source")):
                            continue
                        if any(s in record["text"].lower() for s in SECTION8):
                            continue
                        if "as_of" in record:
                            record["as_of"] = as_of_date(record["as_of"])
                        elif name in varying:
                            record["as_of"] = newest_year(record["text"],
                                                          titles.get(record.get("source") or entity["source"], ""))
                        out.append(record)
                    if not out:
                        del facts[name]
                    else:
                        facts[name] = out if isinstance(value, list) else out[0]
                if default_banned:
                    entity["source"] = next(r["source"] for v in facts.values()
                                            for r in (v if isinstance(v, list) else [v]) if r.get("source"))
    for path, data in files.items():
        path.write_text(yaml.dump(data, sort_keys=False, allow_unicode=True, width=100000,
                                  default_flow_style=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
