# datatable.R - the R data.table peer of `make bench` (scripts/bench/bench.py).
#
#   Rscript scripts/bench/datatable.R SURVEY.csv CODEBOOK.csv OUT.csv [SEP]
#
# The job: per municipality, count, mean, SD and median of every Likert item,
# with "don't know" and empty answers as missing. The Likert columns and the
# don't-know codes come from the codebook (kind likert / dontknow), exactly as
# digimittari reads them. Written the way a data.table user would: fread with
# select=, then grouped lapply(.SD, ...) so that mean, sd and median use
# data.table's GForce. data.table's default thread count is kept.
# OUT.csv: municipality,item,n,mean,sd,median (one row per municipality x item).
# SEP: the export's field delimiter (default ";"; "," for the Forms-style file).
suppressPackageStartupMessages(library(data.table))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3 || length(args) > 4)
        stop("usage: datatable.R SURVEY.csv CODEBOOK.csv OUT.csv [SEP]")
sep <- if (length(args) == 4) args[4] else ";"

cb <- fread(args[2], colClasses = "character", encoding = "UTF-8", fill = TRUE)
muni_col <- cb[kind == "municipality", column][1]
lik <- cb[kind == "likert", .(id, column, scale)]
dk <- cb[kind == "dontknow", .(scale, code = as.integer(code))]

dt <- fread(args[1], select = c(muni_col, lik$column), encoding = "UTF-8", sep = sep)
setnames(dt, c("muni", lik$id))
for (k in seq_len(nrow(lik))) {
        codes <- dk[scale == lik$scale[k], code]
        j <- lik$id[k]
        x <- dt[[j]]
        if (!is.numeric(x)) # a column read as text: labels are not part of this job
                stop("Likert column ", lik$column[k], " is not numeric")
        set(dt, which(x %in% codes), j, NA)
}
items <- lik$id
n <- dt[, lapply(.SD, function(x) sum(!is.na(x))), by = muni, .SDcols = items]
m <- dt[, lapply(.SD, mean, na.rm = TRUE), by = muni, .SDcols = items]
s <- dt[, lapply(.SD, sd, na.rm = TRUE), by = muni, .SDcols = items]
md <- dt[, lapply(.SD, median, na.rm = TRUE), by = muni, .SDcols = items]

long <- function(x, name) melt(x, id.vars = "muni", variable.name = "item", value.name = name,
                               variable.factor = FALSE)
res <- long(n, "n")[long(m, "mean"), on = .(muni, item)]
res <- res[long(s, "sd"), on = .(muni, item)][long(md, "median"), on = .(muni, item)]
setnames(res, "muni", "municipality")
setorder(res, municipality, item)
fwrite(res, args[3])
cat(sprintf("datatable.R: %d rows, %d groups, %d items, %d thread(s)\n", nrow(dt),
            uniqueN(res$municipality), length(items), getDTthreads()))
