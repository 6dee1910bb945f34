"""``python -m otklik.classify.corpus build``: combine the parts and write the train / test split."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m otklik.classify.corpus", description=__doc__)
    parser.add_argument("action", choices=["build"])
    parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
    import django

    django.setup()
    from otklik.classify import split
    from otklik.classify.dataset import DatasetError

    try:
        corpus = split.combine()
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    split.write(corpus)
    print("\n".join(split.summary(corpus)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
