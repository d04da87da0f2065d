# One week of `cramplog validate --model mle` refitted by R's glm on the
# sessions before its Monday, from `cramplog exposures`' table: the history
# flag (a cramp of the athlete in the 90 days before a session), the
# complete cases of the chosen factors, glm, and each athlete's risk at
# their latest week's flags (a flag unknown there: the share of the fit's
# sessions) with a cramp in the 90 days to the Monday; history alone by glm
# too, the base rate by counting. Prints the largest relative difference
# from the risks in the predictions file, and the sessions compared.
#   Rscript tests/stats/validate_refit.R EXPOSURES.csv PREDICTIONS.csv WEEK FACTORS
# (WEEK as 2026-W20; FACTORS comma-separated, as --factors.)
args <- commandArgs(trailingOnly = TRUE)
e <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = "")
pr <- read.csv(args[2], stringsAsFactors = FALSE)
week <- args[3]
factors <- strsplit(args[4], ",")[[1]]

e$day <- as.numeric(as.Date(e$date))
e <- e[order(e$athlete, e$day, e$start_time), ]
e$hist <- 0
for (a in unique(e$athlete)) {
  i <- which(e$athlete == a)
  cd <- e$day[i][e$cramp[i] == 1]
  e$hist[i] <- sapply(e$day[i], function(x) as.integer(any(cd >= x - 90 & cd < x)))
}
w <- pr[pr$week == week, ]
first <- as.numeric(as.Date(w$date[1]))
monday <- first - (as.integer(format(as.Date(w$date[1]), "%u")) - 1)
past <- e[e$day < monday, ]

fit <- function(terms) {
  cc <- past[complete.cases(past[, setdiff(terms, "hist"), drop = FALSE]), ]
  keep <- terms[sapply(terms, function(t) length(unique(cc[[t]])) > 1)]
  f <- if (length(keep)) reformulate(keep, "cramp") else cramp ~ 1
  m <- glm(f, family = binomial, data = cc,
           control = glm.control(epsilon = 1e-14, maxit = 100))
  list(m = m, keep = keep, share = colMeans(cc[, keep, drop = FALSE]))
}
risk_of <- function(f, a) {
  mine <- past[past$athlete == a, ]
  last <- max(mine$day)
  lastmon <- last - (as.integer(format(as.Date(last, origin = "1970-01-01"), "%u")) - 1)
  wk <- mine[mine$day >= lastmon, ]
  x <- c(1)
  for (t in f$keep) {
    if (t == "hist") {
      v <- as.integer(any(mine$cramp == 1 & mine$day >= monday - 90))
    } else {
      known <- wk[[t]][!is.na(wk[[t]])]
      v <- if (length(known)) known[length(known)] else f$share[[t]]
    }
    x <- c(x, v)
  }
  plogis(sum(coef(f$m) * x))
}
model <- fit(c(factors, "hist"))
history <- fit("hist")
base <- mean(past$cramp)
worst <- 0
for (k in seq_len(nrow(w))) {
  a <- w$athlete[k]
  want <- c(risk_of(model, a), risk_of(history, a), base)
  got <- c(w$risk[k], w$risk_history[k], w$risk_base[k])
  worst <- max(worst, abs(got - want) / abs(want))
}
cat(sprintf("%.3g %d\n", worst, nrow(w)))
