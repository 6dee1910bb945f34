"""The labeled corpus: ``parts/`` as written, ``train.tsv`` / ``test.tsv`` as split (see ``otklik.classify.split``)."""
