"""``otklik classify "text"`` · ``otklik classify eval FILE.tsv [--json] [--baseline]`` ·
``otklik classify train [--no-corrections] [--out PATH | --shipped]`` · ``otklik classify split``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from otklik.classify import split
from otklik.classify.corrections import collected_corrections
from otklik.classify.dataset import DatasetError, read_labeled
from otklik.classify.engine import SHIPPED_MODEL, classify, forget_model, var_model_path
from otklik.classify.evaluation import (
    baseline_predictor,
    format_desk_catch,
    format_report,
    score,
    score_model,
)
from otklik.classify.text import LANGS
from otklik.classify.train import Example, train


class Command(BaseCommand):
    help = (
        "Classify an appeal (prints JSON), score the classifier on a labeled TSV file (eval), retrain it "
        "from the corpus and the agents' corrections (train), or rebuild the corpus split (split)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("words", nargs="+", metavar="TEXT | eval FILE [FILE …] | train | split")
        parser.add_argument("--lang", choices=LANGS, help="language hint for the text")
        parser.add_argument("--json", action="store_true", help="eval: print one JSON object")
        parser.add_argument("--baseline", action="store_true", help="eval: score the keyword baseline instead")
        parser.add_argument("--no-corrections", action="store_true", help="train: ignore the agents' corrections")
        parser.add_argument("--out", help="train: where to write the model")
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="train: rebuild the model shipped in the package, from the corpus alone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        words: list[str] = options["words"]
        if words[0] == "eval":
            if len(words) < 2:
                raise CommandError(_("Usage: otklik classify eval FILE.tsv [FILE.tsv …] [--json] [--baseline]"))
            self._eval([Path(w) for w in words[1:]], as_json=options["json"], baseline=options["baseline"])
        elif words == ["train"]:
            self._train(options)
        elif words == ["split"]:
            corpus = split.combine()
            split.write(corpus)
            self.stdout.write("\n".join(split.summary(corpus)))
        else:
            result = classify(" ".join(words), lang_hint=options["lang"])
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))

    def _eval(self, paths: list[Path], *, as_json: bool, baseline: bool) -> None:
        """Score the rows of all the files together (a held-out set kept as one file per language)."""
        rows = []
        for path in paths:
            try:
                found = read_labeled(path)
            except DatasetError as exc:
                raise CommandError(str(exc)) from None
            if not found:
                raise CommandError(_("%(file)s has no rows to score.") % {"file": path})
            rows += found
        if baseline:
            report, catch = score(rows, baseline_predictor), None
        else:
            report, catch = score_model(rows)
        if as_json:
            data = report.to_json()
            if catch is not None:
                data["desk"] = catch.to_json()
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(format_report(report))
            if catch is not None:
                self.stdout.write("\n" + format_desk_catch(catch))

    def _train(self, options: dict[str, Any]) -> None:
        use_corrections = not (options["no_corrections"] or options["shipped"])
        out = SHIPPED_MODEL if options["shipped"] else Path(options["out"]) if options["out"] else var_model_path()
        if out is None:
            raise CommandError(_("No output path: give --out."))
        examples = [Example(r.text, r.kind, r.lang) for r in read_labeled(split.TRAIN_PATH)]
        self.stdout.write(_("Corpus train split: %(n)d texts.") % {"n": len(examples)})
        if use_corrections:
            corrections = collected_corrections()
            examples += [Example(text, kind) for text, kind in corrections]
            self.stdout.write(_("Agents' corrections: %(n)d texts.") % {"n": len(corrections)})
        # The test split is not scored here: every choice in training is made out of fold, and the test
        # split is read once, by ``eval``, with the final model.
        model = train(examples, progress=self.stdout.write)
        self.stdout.write(_cv_summary(model.meta.get("cv")))
        model.save(out)
        forget_model()
        self.stdout.write(_("Model %(version)s written to %(path)s.") % {"version": model.version, "path": out})


def _cv_summary(cv: dict[str, Any] | None) -> str:
    if cv is None:
        return _("Too few texts for cross-validation: trained without tuning.")
    line = _(
        "Out of fold (%(folds)d folds on the training texts): macro-F1 %(f1).3f · claim recall %(recall).3f · "
        "claim precision %(precision).3f."
    ) % {"folds": cv["folds"], "f1": cv["macro_f1"], "recall": cv["claim_recall"], "precision": cv["claim_precision"]}
    if not cv["goal_reached"]:
        line += " " + _("The claim recall goal %(goal).2f was not reached at precision %(floor).2f.") % {
            "goal": cv["claim_recall_goal"],
            "floor": cv["claim_precision_floor"],
        }
    return line
