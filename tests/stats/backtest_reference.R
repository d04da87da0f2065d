# Reference values for tests/core/test_backtest.c's metrics, computed by R:
#   Rscript tests/stats/backtest_reference.R
# Needs the Debian packages r-base-core, r-cran-proc and r-cran-rms. The data
# are made by integer formulas that test_backtest.c repeats: 300 sessions,
# two predictions a and b with many ties, and an outcome y.
suppressPackageStartupMessages({ library(pROC); library(rms) })
out <- function(label, x) cat(label, paste(sprintf("%.17g", x), collapse = " "), "\n")

i <- 1:300
a <- ((i * 37) %% 101 + 1) / 103
b <- ((i * 53) %% 23 + 1) / 25
y <- as.integer((i * 13) %% 17 < 1 + 7 * a)
out("events", sum(y))

ra <- roc(y, a, levels = c(0, 1), direction = "<", quiet = TRUE)
rb <- roc(y, b, levels = c(0, 1), direction = "<", quiet = TRUE)
out("auc a", as.numeric(ci.auc(ra, method = "delong"))[c(2, 1, 3)])
out("auc b", as.numeric(ci.auc(rb, method = "delong"))[c(2, 1, 3)])
t <- roc.test(ra, rb, paired = TRUE, method = "delong")
out("paired", c(as.numeric(auc(ra)) - as.numeric(auc(rb)), t$p.value))

for (name in c("a", "b")) {
  p <- get(name)
  v <- val.prob(p, y, pl = FALSE)
  o <- mean(y)
  out(paste("calibration", name),
      c(v["Brier"], 1 - v["Brier"] / (o * (1 - o)), v["Intercept"], v["Slope"],
        sum(y), sum(p)))
}
