def test_create_and_get(api_agent):
    r = api_agent.post("/tickets", {"customer": {"email": "Ivan@Example.ru", "name": "Иван"}, "body": "Где мой заказ 123?"})
    assert r.status_code == 201, r.content
    t = r.json()
    r2 = api_agent.get(f"/tickets/{t['id']}")
    assert r2.status_code == 200
    assert r2.json()["subject"] == "Где мой заказ 123?"
