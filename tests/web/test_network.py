"""The entity network on a designation page (`web/network.py`): "Linked To" ties both ways and the UN ↔ SDN
links, drawn as SVG with a link to each neighbour."""

from __future__ import annotations

import re
from typing import Any

from rightsdesk.pipeline import load_path as load
from rightsdesk.store.links import links_of, list_links, save_proposals
from rightsdesk.web.network import MAX_NODES, neighbours, network_svg
from tests.web.conftest import FIXTURES, load_samples, make_client

ME = {"list_name": "ofac-sdn", "reference_number": "20130", "name": "KANG, Song Nam"}


def _profile(linked_to: int = 1, linked_from: int = 0, cross: bool = True) -> dict[str, Any]:
    return {"network": {
        "linked_to": [{"list_name": "ofac-sdn", "reference_number": f"9{i}", "name": f"ENTITY <{i}>"}
                      for i in range(linked_to)],
        "linked_from": [{"list_name": "ofac-sdn", "reference_number": f"8{i}", "name": f"PERSON {i}"}
                        for i in range(linked_from)]},
        "cross_list_links": [{"left_list": "un", "left_ref": "KPi.099", "right_list": "ofac-sdn",
                              "right_ref": "20130", "status": "accepted"}] if cross else []}


def test_neighbours_carry_direction_and_the_other_list() -> None:
    nodes = neighbours(ME, _profile(linked_to=1, linked_from=1))
    assert [(n["ref"], n["direction"]) for n in nodes] == [("90", "out"), ("80", "in"), ("KPi.099", "same")]
    assert nodes[2]["list"] == "un" and nodes[2]["tie"] == "same subject (accepted)"


def test_the_svg_links_each_neighbour_escapes_names_and_caps_the_drawing() -> None:
    svg = str(network_svg(ME, _profile(linked_to=1)))
    assert 'href="/designations/90?list=ofac-sdn"' in svg and 'href="/designations/KPi.099?list=un"' in svg
    assert "ENTITY &lt;0&gt;" in svg and "<0>" not in svg
    assert svg.count('class="sdn-un"') == 1 and svg.count('marker-end="url(#arrow)"') == 1
    big = str(network_svg(ME, _profile(linked_to=40, cross=False)))
    assert big.count("<circle") == MAX_NODES + 1 and "40 linked entries, the first 16 drawn" in big
    assert network_svg(ME, _profile(linked_to=0, cross=False)) is None


def test_the_designation_page_draws_the_linked_network(store: Any) -> None:
    load_samples(store)
    load(store, "ofac-sdn", FIXTURES / "ofac-sdn-linked")
    with store.writing() as conn:
        save_proposals(conn, [{"left_list": "un", "left_ref": "KPi.043", "right_list": "ofac-sdn",
                               "right_ref": "20129", "score": 0.9, "evidence": {}}])
        save_proposals(conn, [{"left_list": "un", "left_ref": "KPi.043", "right_list": "ofac-sdn",
                               "right_ref": "20129", "score": 0.9, "evidence": {}},
                              {"left_list": "un", "left_ref": "KPi.042", "right_list": "ofac-sdn",
                               "right_ref": "20130", "score": 0.5, "evidence": {}}])
        for side, ref in (("un", "KPi.043"), ("ofac-sdn", "20130"), ("un", "KPe.001")):
            assert links_of(conn, side, ref) == [
                x for x in list_links(conn) if (side, ref) in ((x["left_list"], x["left_ref"]),
                                                              (x["right_list"], x["right_ref"]))]
    with make_client(store, raise_errors=True) as client:
        mss = client.get("/designations/20129?list=ofac-sdn").text
        person = client.get("/designations/20130?list=ofac-sdn").text
        un = client.get("/designations/KPi.043?list=un").text
        plain = client.get("/designations/25436?list=ofac-sdn").text
    assert 'svg xmlns="http://www.w3.org/2000/svg" class="network"' in mss
    assert 'href="/designations/20130?list=ofac-sdn"' in mss and 'href="/designations/KPi.043?list=un"' in mss
    assert 'href="/designations/20129?list=ofac-sdn"' in person
    assert re.search(r'<a href="/designations/20129\?list=ofac-sdn"[^>]*><title>MINISTRY OF STATE SECURITY', un)
    assert 'class="network"' in plain  # BASOV names the ministry of another program: a tie all the same
