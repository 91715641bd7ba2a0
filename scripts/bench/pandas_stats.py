"""pandas_stats.py - the pandas peer of `make bench` (scripts/bench/bench.py).

    /usr/bin/python3 scripts/bench/pandas_stats.py SURVEY.csv CODEBOOK.csv OUT.csv [SEP]

The job: per municipality, count, mean, SD and median of every Likert item,
with "don't know" and empty answers as missing. The Likert columns and the
don't-know codes come from the codebook (kind likert / dontknow), exactly as
digimittari reads them. Written the way a pandas user would: read_csv with
usecols=, then one groupby().agg(). Uses Debian's python3-pandas.
OUT.csv: municipality,item,n,mean,sd,median (one row per municipality x item).
SEP: the export's field delimiter (default ";"; "," for the Forms-style file).
"""
import sys

import numpy as np
import pandas as pd


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: pandas_stats.py SURVEY.csv CODEBOOK.csv OUT.csv [SEP]")
    survey, codebook, out = sys.argv[1:4]
    sep = sys.argv[4] if len(sys.argv) == 5 else ";"
    cb = pd.read_csv(codebook, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    muni_col = cb.loc[cb["kind"] == "municipality", "column"].iloc[0]
    lik = cb[cb["kind"] == "likert"]
    dk = cb[cb["kind"] == "dontknow"]
    dk_codes = {s: [float(c) for c in g["code"]] for s, g in dk.groupby("scale")}

    cols = [muni_col] + list(lik["column"])
    df = pd.read_csv(survey, sep=sep, encoding="utf-8-sig", usecols=cols,
                     dtype={c: np.float64 for c in lik["column"]})
    df = df[cols]
    df.columns = ["muni"] + list(lik["id"])
    for item, scale in zip(lik["id"], lik["scale"]):
        codes = dk_codes.get(scale)
        if codes:
            df.loc[df[item].isin(codes), item] = np.nan

    agg = df.groupby("muni", sort=True).agg(["count", "mean", "std", "median"])
    res = agg.stack(level=0)
    res.index.names = ["municipality", "item"]
    res = res.rename(columns={"count": "n", "std": "sd"})[["n", "mean", "sd", "median"]]
    res["n"] = res["n"].astype(np.int64)
    res.reset_index().to_csv(out, index=False, float_format="%.17g")
    print("pandas_stats.py: %d rows, %d groups, %d items, pandas %s"
          % (len(df), res.index.get_level_values(0).nunique(), len(lik), pd.__version__))


if __name__ == "__main__":
    main()
