# Every figure of `cramplog validate --format json`, recomputed by pROC and
# rms from the file `--predictions` wrote, one "JSON-PATH VALUE" line each;
# tests/integration/validate.sh compares them with cramplog's to 1e-6.
#   Rscript tests/stats/validate_metrics.R PREDICTIONS.csv
# Needs the Debian packages r-base-core, r-cran-proc and r-cran-rms.
suppressPackageStartupMessages({ library(pROC); library(rms) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
out <- function(path, x) cat(path, sprintf("%.17g", x), "\n")

out("$.sessions", nrow(d))
out("$.cramps", sum(d$cramp))
out("$.weeks", length(unique(d$week)))
cols <- c("risk", "risk_history", "risk_base")
rocs <- list()
for (m in seq_along(cols)) {
  p <- d[[cols[m]]]
  at <- sprintf("$.models[%d].", m - 1)
  r <- roc(d$cramp, p, levels = c(0, 1), direction = "<", quiet = TRUE)
  rocs[[m]] <- r
  ci <- as.numeric(ci.auc(r, method = "delong"))
  out(paste0(at, "auc"), ci[2])
  out(paste0(at, "auc_low"), ci[1])
  out(paste0(at, "auc_high"), ci[3])
  v <- val.prob(p, d$cramp, pl = FALSE)
  # The calibration intercept and slope are val.prob's logistic fit of the
  # outcome on logit(risk), taken to its optimum: lrm stops at its own
  # looser tolerance, 7e-5 off on nearly separated risks (review 10b).
  lp <- qlogis(p)
  if (length(unique(lp)) > 1) {
    g <- glm(d$cramp ~ lp, family = binomial,
             control = glm.control(epsilon = 1e-15, maxit = 100))
    v["Intercept"] <- coef(g)[[1]]
    v["Slope"] <- coef(g)[[2]]
  }
  o <- mean(d$cramp)
  out(paste0(at, "brier"), v["Brier"])
  out(paste0(at, "scaled_brier"), 1 - v["Brier"] / (o * (1 - o)))
  out(paste0(at, "intercept"), v["Intercept"])
  out(paste0(at, "slope"), v["Slope"])
  out(paste0(at, "observed"), sum(d$cramp))
  out(paste0(at, "expected"), sum(p))
}
t <- roc.test(rocs[[1]], rocs[[2]], paired = TRUE, method = "delong")
out("$.auc_difference.estimate", as.numeric(auc(rocs[[1]])) - as.numeric(auc(rocs[[2]])))
out("$.auc_difference.p", t$p.value)
levels <- c("high", "moderate", "low")
for (k in seq_along(levels)) {
  s <- d[d$level == levels[k], ]
  at <- sprintf("$.levels[%d].", k - 1)
  out(paste0(at, "sessions"), nrow(s))
  out(paste0(at, "cramps"), sum(s$cramp))
  if (nrow(s) > 0) out(paste0(at, "rate"), mean(s$cramp))
}
