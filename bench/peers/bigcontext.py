"""A build context of COUNT files of random bytes, TOTAL bytes in all, 100 files a directory.

Sizes vary (1 byte to about twice the mean) so the context looks like a source tree rather than a
grid; the seed is fixed, so every run copies the same bytes. Usage: bigcontext.py DIR COUNT TOTAL
"""
import os
import random
import sys

root, count, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20000)
weights = [rng.random() for _ in range(count)]
scale = total / sum(weights)
sizes = [max(1, int(w * scale)) for w in weights]
sizes[sizes.index(max(sizes))] += total - sum(sizes)  # exactly TOTAL: the largest absorbs rounding
for i, size in enumerate(sizes):
    directory = os.path.join(root, f"d{i // 100:03d}")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"f{i % 100:02d}.bin"), "wb") as f:
        f.write(rng.randbytes(size))
