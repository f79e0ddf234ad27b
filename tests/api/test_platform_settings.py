"""The platforms' deadlines, status mappings and holidays over the API (S11, S12), as on
the Platform deadlines page."""


def test_a_deadline_a_mapping_and_a_holiday_are_kept_and_reset(api_for, world):
    alpha, _ = world
    api = api_for(alpha.main)
    before = api.get("/platform-settings").get_json()
    default = next(d for d in before["deadlines"]
                   if d["channel"] == "Lazada" and d["step"] == "respond")
    assert default["own"] is False and default["id"] is None
    mine = {"channel": "Lazada", "country": default["country"], "step": "respond",
            "amount": default["amount"] + 1, "unit": default["unit"],
            "missed": default["missed"], "source": "Our contract with Lazada"}
    saved = api.post("/platform-settings/deadlines", mine)
    assert saved.status_code == 200, saved.get_json()
    row = next(d for d in saved.get_json()["deadlines"]
               if d["channel"] == "Lazada" and d["step"] == "respond"
               and d["country"] == default["country"])
    assert (row["own"], row["amount"], row["source"]) == (
        True, default["amount"] + 1, "Our contract with Lazada")
    assert api.post("/platform-settings/deadlines", {**mine, "channel": "eBay"}) \
        .status_code == 422
    holiday = api.post("/platform-settings/holidays", {"day": "2026-12-30",
                                                       "name": "Rizal Day"})
    assert holiday.status_code == 200
    assert "Rizal Day" in [h["name"] for h in holiday.get_json()["holidays"]]
    assert api.post("/platform-settings/holidays", {"day": "2026-12-30", "name": "Again"}) \
        .status_code == 422
    reset = api.post("/platform-settings/reset", {"kind": "deadline", "id": row["id"]})
    back = next(d for d in reset.get_json()["deadlines"]
                if d["channel"] == "Lazada" and d["step"] == "respond"
                and d["country"] == default["country"])
    assert back == default
    mapped = api.post("/platform-settings/statuses", {
        "channel": "Shopee", "platform_status": "SELLER_DISPUTE", "state": "to_confirm"})
    assert mapped.status_code == 200, mapped.get_json()
    assert any(m["platform_status"] == "SELLER_DISPUTE" and m["own"]
               for m in mapped.get_json()["statuses"])
    # changed again in one call's transaction: the answer shows the change, not a copy
    remapped = api.post("/platform-settings/statuses", {
        "channel": "Shopee", "platform_status": "SELLER_DISPUTE", "state": "completed"})
    assert [m["state"] for m in remapped.get_json()["statuses"]
            if m["platform_status"] == "SELLER_DISPUTE"] == ["completed"]
    assert api_for(alpha.nobody).get("/platform-settings").status_code == 403


def test_a_deadline_in_an_unknown_unit_names_the_unit_and_the_units_allowed(api_for, world):
    alpha, _ = world
    api = api_for(alpha.main)
    before = api.get("/platform-settings").get_json()["deadlines"]
    bad = api.post("/platform-settings/deadlines", {
        "channel": "Lazada", "country": "", "step": "respond", "amount": 2,
        "unit": "weeks", "missed": "", "source": ""})
    problem = bad.get_json()
    assert bad.status_code == 422 and problem["code"] == "platform.deadline_unit_one_of"
    assert problem["field"] == "unit"
    assert "hours, calendar days, working days" in problem["detail"]
    assert api.get("/platform-settings").get_json()["deadlines"] == before
