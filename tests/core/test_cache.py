from otklik.core.cache import TimedCache


def test_values_are_reused_until_they_expire():
    loads = []
    cache: TimedCache[int] = TimedCache(seconds=60)
    assert cache.get("a", lambda: loads.append(1) or 1) == 1
    assert cache.get("a", lambda: loads.append(2) or 2) == 1
    assert loads == [1]
    cache.seconds = 0
    assert cache.get("a", lambda: loads.append(3) or 3) == 3


def test_the_cache_is_bounded():
    cache: TimedCache[int] = TimedCache(seconds=60, max_entries=3)
    for key in range(10):
        cache.get(key, lambda key=key: key)
    assert len(cache._entries) <= 3
