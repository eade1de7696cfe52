"""spaCy's rule-based English pipeline (blank "en" + sentencizer, no model) over a text file,
on the same text tamga annotates: the text is loaded into memory first, then only
`nlp.pipe` over its paragraphs is timed, best of ROUNDS runs (the machine may be shared).
Prints MB/s and sentences/s of wall time, and of CPU time (the process's user + system
time over the same loop: steadier than wall time on a shared machine).

Usage: annotate_peer.py CORPUS.txt [ROUNDS]
"""

import sys
import time

import spacy


def main() -> None:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Paragraphs (blank-line separated) are spaCy's documents, as a pipeline would feed them.
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    mb = len(text.encode("utf-8")) / 1e6
    elapsed = float("inf")
    cpu = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        cpu_started = time.process_time()
        sentences = 0
        tokens = 0
        for doc in nlp.pipe(paragraphs, batch_size=256):
            tokens += len(doc)
            sentences += sum(1 for _ in doc.sents)
        elapsed = min(elapsed, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    print(
        f"spacy {spacy.__version__}: {mb:.2f} MB, {len(paragraphs)} paragraphs, {tokens} tokens, "
        f"{sentences} sentences in {elapsed:.2f}s (best of {rounds}): {mb / elapsed:.2f} MB/s, "
        f"{sentences / elapsed:.0f} sentences/s"
    )
    print(
        f"cpu {cpu:.2f}s (best of {rounds}): {mb / cpu:.2f} MB/cpu-s, "
        f"{sentences / cpu:.0f} sentences/cpu-s"
    )


if __name__ == "__main__":
    main()
