# The spline's test of non-linearity by R, from `cramplog exposures`' CSV:
# the knots where rms::rcs puts them (Hmisc::rcspline.eval), then the
# likelihood ratio of the maximum likelihood fits with and without the
# spline's non-linear columns, pooled (glm, as anova(..., test = "LRT"))
# and within athletes (survival::clogit, method = "exact"). Prints the
# knots, then "pooled CHISQ P" and "within CHISQ P" on lines of their own.
#   Rscript tests/stats/spline_lrt.R EXPOSURES.csv COLUMN KNOTS
suppressMessages({
  library(Hmisc)
  library(survival)
})
args <- commandArgs(trailingOnly = TRUE)
e <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = "")
x <- e[[args[2]]]
nk <- as.integer(args[3])
d <- e[!is.na(x), ]
x <- x[!is.na(x)]
k <- rcspline.eval(x, nk = nk, knots.only = TRUE)
s <- rcspline.eval(x, knots = k, inclx = TRUE)
cat("knots", format(k, digits = 17), "\n")
tight <- glm.control(epsilon = 1e-14, maxit = 100)
full <- glm(d$cramp ~ s, family = binomial, control = tight)
line <- glm(d$cramp ~ s[, 1], family = binomial, control = tight)
lr <- 2 * (as.numeric(logLik(full)) - as.numeric(logLik(line)))
cat("pooled", format(lr, digits = 17),
    format(pchisq(lr, nk - 2, lower.tail = FALSE), digits = 17), "\n")
colnames(s) <- paste0("s", seq_len(ncol(s)))
d <- cbind(d, s)
ctl <- coxph.control(eps = 1e-11, iter.max = 100)
cf <- clogit(reformulate(c(colnames(s), "strata(athlete)"), "cramp"), data = d,
             method = "exact", control = ctl)
cl <- clogit(cramp ~ s1 + strata(athlete), data = d, method = "exact",
             control = ctl)
lr <- 2 * (cf$loglik[2] - cl$loglik[2])
cat("within", format(lr, digits = 17),
    format(pchisq(lr, nk - 2, lower.tail = FALSE), digits = 17), "\n")
