# rpdf.R - the R PDF peer of `make bench` (scripts/bench/bench.py).
#
#   Rscript scripts/bench/rpdf.R pdf|cairo STATS.csv CODEBOOK.csv OUTDIR [LOG]
#
# Renders, with R's pdf() or cairo_pdf() device, one one-page report per
# municipality plus one for the whole country (301 files for 300
# municipalities): a title, a table of every Likert item (label, n, mean, SD,
# median, 95 % CI of the mean) and a bar chart of the item means with their
# confidence intervals. STATS.csv is the data.table peer's output
# (municipality,item,n,mean,sd,median); CODEBOOK.csv gives the item labels.
# pdf() uses the standard Helvetica, which is not embedded; cairo_pdf() embeds
# a subset of the system sans font (DejaVu Sans), as digimittari does.
# Prints "rpdf.R: DEVICE files=N render_s=S" where S is the wall time of the
# rendering loop alone (no R start-up, no reading), and appends it to LOG.
args <- commandArgs(trailingOnly = TRUE)
if (!(length(args) %in% 4:5) || !(args[1] %in% c("pdf", "cairo")))
        stop("usage: rpdf.R pdf|cairo STATS.csv CODEBOOK.csv OUTDIR [LOG]")
mode <- args[1]
st <- read.csv(args[2], stringsAsFactors = FALSE, encoding = "UTF-8")
cb <- read.csv(args[3], colClasses = "character", encoding = "UTF-8")
lik <- cb[cb$kind == "likert", ]
labels <- setNames(lik$label, lik$id)
outdir <- args[4]
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
unlink(file.path(outdir, "*.pdf"))

# The whole country: exact pooled n, mean and SD from the municipal figures.
pool <- function(d) {
        N <- sum(d$n)
        M <- sum(d$n * d$mean) / N
        ss <- sum((d$n - 1) * d$sd^2 + d$n * (d$mean - M)^2)
        data.frame(item = d$item[1], n = N, mean = M, sd = sqrt(ss / (N - 1)), median = NA)
}
all <- do.call(rbind, lapply(split(st, st$item), pool))
groups <- c(list("Koko maa" = all), split(st, st$municipality))

page <- function(title, d) {
        d <- d[match(lik$id, d$item), ]
        half <- qt(0.975, pmax(d$n - 1, 1)) * d$sd / sqrt(d$n)
        lo <- d$mean - half
        hi <- d$mean + half
        k <- nrow(d)
        layout(matrix(1:2, 1), widths = c(1.25, 1))
        # Left: the table.
        par(mar = c(1, 0.5, 4, 0.5))
        plot.new()
        plot.window(xlim = c(0, 1), ylim = c(k + 1.5, 0))
        title(main = title, adj = 0, cex.main = 1.2, line = 2)
        mtext("Väliraportti 2024 - kaikki Likert-väittämät", side = 3, adj = 0, line = 0.8,
              cex = 0.7)
        x <- c(0, 0.58, 0.68, 0.78, 0.87, 0.95)
        hdr <- c("Väittämä", "n", "ka", "kh", "md", "95 % lv")
        text(x, 0, hdr, adj = 0, cex = 0.5, font = 2)
        y <- seq_len(k)
        text(x[1], y, substr(labels[d$item], 1, 48), adj = 0, cex = 0.45)
        text(x[2], y, d$n, adj = 0, cex = 0.45)
        text(x[3], y, formatC(d$mean, format = "f", digits = 2), adj = 0, cex = 0.45)
        text(x[4], y, formatC(d$sd, format = "f", digits = 2), adj = 0, cex = 0.45)
        text(x[5], y, ifelse(is.na(d$median), "-", formatC(d$median, format = "g")), adj = 0,
             cex = 0.45)
        text(x[6], y, sprintf("%.2f-%.2f", lo, hi), adj = 0, cex = 0.45)
        # Right: the bar chart with confidence intervals.
        par(mar = c(3, 3, 4, 1))
        b <- barplot(rev(d$mean), horiz = TRUE, xlim = c(1, 5), xpd = FALSE,
                     names.arg = rev(d$item), las = 1, cex.names = 0.4, cex.axis = 0.6,
                     col = "#8fb3d9", border = NA, main = "Keskiarvo ja 95 % lv",
                     cex.main = 0.8)
        arrows(rev(lo), b, rev(hi), b, angle = 90, code = 3, length = 0.02, lwd = 0.7)
        abline(v = 3, lty = 3, col = "grey40")
}

t0 <- proc.time()[["elapsed"]]
for (g in names(groups)) {
        f <- file.path(outdir, paste0(gsub("[^A-Za-z0-9]+", "-", g), ".pdf"))
        if (mode == "pdf") {
                pdf(f, width = 8.27, height = 11.69, title = g)
        } else {
                cairo_pdf(f, width = 8.27, height = 11.69, family = "DejaVu Sans")
        }
        page(g, groups[[g]])
        invisible(dev.off())
}
t1 <- proc.time()[["elapsed"]]
line <- sprintf("rpdf.R: %s files=%d render_s=%.4f\n",
                if (mode == "pdf") "pdf()" else "cairo_pdf()", length(groups), t1 - t0)
cat(line)
if (length(args) == 5)
        cat(line, file = args[5], append = TRUE)
