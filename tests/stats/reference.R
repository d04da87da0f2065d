# Reference values for tests/core/test_stats.c, computed by R.
#   Rscript tests/stats/reference.R > tests/stats/reference.txt
# Needs the Debian packages r-base-core, r-cran-survival and r-cran-rms. The data sets
# are made by integer formulas that test_stats.c repeats, so that no data
# file is needed.
suppressPackageStartupMessages(library(survival))
out <- function(label, x) cat(label, paste(sprintf("%.17g", x), collapse = " "), "\n")

# 2x2 tables: a = exposed cases, b = exposed non-cases, c = unexposed
# cases, d = unexposed non-cases. Fisher's test by fisher.test; the odds
# ratio and Woolf's interval by their formula (0.5 added to every cell when
# one is 0), the relative risk by its own.
tables <- list(c(3, 1, 1, 3), c(0, 10, 5, 20), c(39, 413, 120, 3000),
               c(7, 2, 3, 12), c(2, 3, 3, 2), c(1, 0, 0, 1), c(12, 0, 30, 200))
for (t in tables) {
  a <- t[1]; b <- t[2]; c <- t[3]; d <- t[4]
  p <- fisher.test(matrix(c(a, c, b, d), 2))$p.value
  A <- a; B <- b; C <- c; D <- d
  if (min(t) == 0) { A <- a + .5; B <- b + .5; C <- c + .5; D <- d + .5 }
  or <- A * D / (B * C)
  se <- sqrt(1/A + 1/B + 1/C + 1/D)
  rr <- if (c > 0) (a / (a + b)) / (c / (c + d)) else NaN
  out(sprintf("table %g %g %g %g", a, b, c, d),
      c(or, exp(log(or) - qnorm(.975) * se), exp(log(or) + qnorm(.975) * se), rr, p))
}

out("bh", p.adjust(c(0.01, 0.04, 0.03, 0.005, NA, 0.2, 0.04), "BH"))

# Logistic data set L1 (120 rows) and L2 (40 rows, quasi-complete
# separation: x1 = 1 only with y = 1).
i <- 1:120
L1 <- data.frame(x1 = as.integer((i * 7) %% 10 < 4), x2 = as.integer((i * 11) %% 13 < 5),
                 x3 = as.integer((i * 5) %% 9 < 3))
L1$y <- as.integer((i * 17) %% 23 < 4 + 5 * L1$x1 + 3 * L1$x2)
j <- 1:40
L2 <- data.frame(x1 = as.integer(j %% 5 == 0), x2 = as.integer(j %% 3 == 0))
L2$y <- as.integer(L2$x1 == 1 | j %% 7 == 0)

tight <- glm.control(epsilon = 1e-15, maxit = 200)
m1 <- glm(y ~ x1 + x2 + x3, family = binomial, data = L1, control = tight)
s1 <- summary(m1)$coefficients
out("mle L1 beta", s1[, 1]); out("mle L1 se", s1[, 2]); out("mle L1 p", s1[, 4])
out("mle L1 loglik", logLik(m1))
m2 <- suppressWarnings(glm(y ~ x1 + x2, family = binomial, data = L2))
out("mle L2 fitted min/max", range(fitted(m2)))

# Firth's penalized likelihood (Firth 1993), by Newton-Raphson on the
# modified score U* = X'(y - pi + h (1/2 - pi)), h the hat values (Heinze
# and Schemper 2002): written here with R's matrix algebra, and checked on
# a single 2x2 table, where Firth's estimate is known in closed form: the
# log odds ratio with 0.5 added to each cell.
firth <- function(X, y) {
  beta <- rep(0, ncol(X))
  for (it in 1:200) {
    pi <- as.vector(1 / (1 + exp(-X %*% beta))); w <- pi * (1 - pi)
    I <- t(X) %*% (X * w); V <- solve(I)
    h <- rowSums((X %*% V) * X) * w
    U <- t(X) %*% (y - pi + h * (0.5 - pi))
    step <- as.vector(V %*% U); beta <- beta + step
    if (max(abs(step)) < 1e-14) break
  }
  pi <- as.vector(1 / (1 + exp(-X %*% beta))); w <- pi * (1 - pi)
  I <- t(X) %*% (X * w)
  ll <- sum(y * log(pi) + (1 - y) * log(1 - pi)) + 0.5 * determinant(I)$modulus
  list(beta = beta, se = sqrt(diag(solve(I))), var = solve(I), loglik = as.numeric(ll))
}
X1 <- cbind(1, L1$x1, L1$x2, L1$x3)
f1 <- firth(X1, L1$y)
out("firth L1 beta", f1$beta); out("firth L1 se", f1$se); out("firth L1 loglik", f1$loglik)
out("firth L1 p", 2 * pnorm(-abs(f1$beta / f1$se)))
f2 <- firth(cbind(1, L2$x1, L2$x2), L2$y)
out("firth L2 beta", f2$beta); out("firth L2 se", f2$se)
# One 2x2 table as rows: a = 0, b = 10, c = 5, d = 20.
T <- data.frame(x = c(rep(1, 10), rep(0, 25)), y = c(rep(0, 10), rep(1, 5), rep(0, 20)))
ft <- firth(cbind(1, T$x), T$y)
out("firth table beta", ft$beta)
out("firth table closed form", c(log(5.5 / 20.5), log((0.5 * 20.5) / (10.5 * 5.5))))

# Conditional logistic regression: 120 rows in 8 strata (athletes) of 5 to
# 30 rows; stratum 1 has a single event, stratum 7 none, stratum 8 only
# events. survival's clogit with the exact conditional likelihood.
sizes <- c(5, 12, 20, 30, 8, 25, 10, 10)
C1 <- data.frame(s = rep(1:8, sizes), x1 = as.integer((i * 7) %% 10 < 4),
                 x2 = as.integer((i * 11) %% 13 < 5))
C1$y <- as.integer((i * 17) %% 23 < 3 + 6 * C1$x1 + 4 * C1$x2)
C1$y[C1$s == 1] <- c(1, 0, 0, 0, 0)
C1$y[C1$s == 7] <- 0
C1$y[C1$s == 8] <- 1
ctl <- coxph.control(eps = 1e-14, toler.chol = 1e-15, iter.max = 200)
c1 <- clogit(y ~ x1 + x2 + strata(s), data = C1, method = "exact", control = ctl)
sc <- summary(c1)$coefficients
out("clogit C1 beta", sc[, 1]); out("clogit C1 se", sc[, 3]); out("clogit C1 p", sc[, 5])
out("clogit C1 loglik", c1$loglik[2])

# Firth's penalty on the conditional likelihood (Heinze and Puhr 2010): the
# penalized log-likelihood l(beta) + 1/2 log det I(beta), with l and I
# from survival's exact clogit evaluated at beta (no iterations), maximised
# by optim and polished by Newton steps on a numerical gradient.
pl <- function(beta) {
  f <- clogit(y ~ x1 + x2 + strata(s), data = C1, method = "exact", init = beta,
              control = coxph.control(iter.max = 0))
  f$loglik[1] + 0.5 * determinant(solve(f$var))$modulus[1]
}
o <- optim(c(0, 0), function(b) -pl(b), method = "BFGS",
           control = list(reltol = 1e-15, maxit = 1000))
beta <- o$par
for (k in 1:20) {
  h <- 1e-5
  g <- sapply(1:2, function(a) { e <- c(0, 0); e[a] <- h; (pl(beta + e) - pl(beta - e)) / (2 * h) })
  H <- matrix(0, 2, 2)
  for (a in 1:2) for (b in 1:2) {
    ea <- c(0, 0); ea[a] <- h; eb <- c(0, 0); eb[b] <- h
    H[a, b] <- (pl(beta + ea + eb) - pl(beta + ea - eb) - pl(beta - ea + eb) + pl(beta - ea - eb)) / (4 * h * h)
  }
  beta <- beta - solve(H, g)
}
fp <- clogit(y ~ x1 + x2 + strata(s), data = C1, method = "exact", init = beta,
             control = coxph.control(iter.max = 0))
out("clogit firth C1 beta", beta); out("clogit firth C1 se", sqrt(diag(fp$var)))
out("clogit firth C1 loglik", pl(beta))
out("pnorm", pnorm(c(-1.959963984540054, 0, -5)))

# Predicted probabilities with 95 % intervals (the risk report): Wald on
# the log-odds scale, back through plogis. MLE by predict.glm; Firth from
# its covariance. Rows: x1 = 1, x2 = 0, x3 at a share 0.35 (an unknown
# factor at the squad's share), and every factor on.
newx <- data.frame(x1 = c(1, 1), x2 = c(0, 1), x3 = c(0.35, 1))
pr <- predict(m1, newdata = newx, type = "link", se.fit = TRUE)
out("predict mle L1 prob", plogis(pr$fit))
out("predict mle L1 low", plogis(pr$fit - qnorm(.975) * pr$se.fit))
out("predict mle L1 high", plogis(pr$fit + qnorm(.975) * pr$se.fit))
Xn <- cbind(1, as.matrix(newx))
eta <- as.vector(Xn %*% f1$beta); se <- sqrt(rowSums((Xn %*% f1$var) * Xn))
out("predict firth L1 prob", plogis(eta))
out("predict firth L1 low", plogis(eta - qnorm(.975) * se))
out("predict firth L1 high", plogis(eta + qnorm(.975) * se))

# Continuous terms (cramplog analyze --terms continuous): data set K1, 200
# rows in 10 strata of 20, with a body-mass loss x1 (0 to 5 %), a morning
# USG x2 (1.000 to 1.030) and a sodium intake x3 (0 to 2300 mg), entered
# per their steps (1 %, 0.005, 500 mg). Needs r-cran-rms for the spline.
suppressPackageStartupMessages(library(rms))
k <- 1:200
ka <- (k * 37) %% 101; kb <- (k * 13) %% 31; kc <- (k * 29) %% 47
K1 <- data.frame(s = (k - 1) %/% 20 + 1, x1 = ka / 20, x2 = 1 + kb / 1000,
                 x3 = kc * 50)
K1$y <- as.integer((k * 17) %% 23 < 3 + ka %/% 20 + ifelse(kc < 15, 3, 0))
K1$u2 <- K1$x2 / 0.005; K1$u3 <- K1$x3 / 500
mk <- glm(y ~ x1 + u2 + u3, family = binomial, data = K1, control = tight)
sk <- summary(mk)$coefficients
out("cont mle K1 beta", sk[, 1]); out("cont mle K1 se", sk[, 2]); out("cont mle K1 p", sk[, 4])
fk <- firth(cbind(1, K1$x1, K1$u2, K1$u3), K1$y)
out("cont firth K1 beta", fk$beta); out("cont firth K1 se", fk$se)
ck <- clogit(y ~ x1 + u2 + u3 + strata(s), data = K1, method = "exact", control = ctl)
sck <- summary(ck)$coefficients
out("cont clogit K1 beta", sck[, 1]); out("cont clogit K1 se", sck[, 3]); out("cont clogit K1 p", sck[, 5])

# Knots where rms::rcs puts them: n >= 100 (quantiles), n < 100 (outer
# knots at the 5th smallest and largest), a value tied at the low end (5 %
# or more of the rows: the knot moves to the next value), few distinct
# values (the interior ones).
kn <- function(x, nk) attr(rcs(x, nk), "parms")
out("knots K1 3", kn(K1$x1, 3)); out("knots K1 4", kn(K1$x1, 4)); out("knots K1 5", kn(K1$x1, 5))
out("knots K1[1:60] 4", kn(K1$x1[1:60], 4))
out("knots tied 4", kn(c(rep(0, 30), 1:170) / 10, 4))
out("knots few 5", suppressWarnings(kn(rep(1:6, 20), 5)))
out("rcs basis", rcspline.eval(c(0.3, 1.7, 2.9, 4.8), kn(K1$x1, 4), inclx = TRUE))

# The dose-response curve (analyze --spline x1 --knots 4, adjusted for x2
# and x3): glm on rcs(x1, 4), odds ratios against the median at 20 values
# evenly from the 1st to the 99th percentile, Wald intervals, and the
# likelihood ratio against x1 as a straight line.
spline_curve <- function(beta, V) {
  kts <- kn(K1$x1, 4)
  g <- seq(quantile(K1$x1, .01), quantile(K1$x1, .99), length = 20)
  B <- rcspline.eval(g, kts, inclx = TRUE)
  B <- sweep(B, 2, rcspline.eval(median(K1$x1), kts, inclx = TRUE))
  eta <- as.vector(B %*% beta); se <- sqrt(rowSums((B %*% V) * B))
  list(g = g, or = exp(eta), lo = exp(eta - qnorm(.975) * se), hi = exp(eta + qnorm(.975) * se))
}
ms <- glm(y ~ rcs(x1, 4) + u2 + u3, family = binomial, data = K1, control = tight)
ml <- glm(y ~ x1 + u2 + u3, family = binomial, data = K1, control = tight)
cs <- spline_curve(coef(ms)[2:4], vcov(ms)[2:4, 2:4])
out("spline K1 median", median(K1$x1))
out("spline mle K1 beta", coef(ms)); out("spline mle K1 se", sqrt(diag(vcov(ms))))
out("spline K1 grid", cs$g); out("spline mle K1 or", cs$or)
out("spline mle K1 low", cs$lo); out("spline mle K1 high", cs$hi)
lr <- as.numeric(2 * (logLik(ms) - logLik(ml)))
out("spline mle K1 lr", c(lr, pchisq(lr, 2, lower.tail = FALSE)))
out("spline mle K1 anova", anova(ml, ms, test = "LRT")[2, 5])
XS <- cbind(1, rcspline.eval(K1$x1, kn(K1$x1, 4), inclx = TRUE), K1$u2, K1$u3)
fs <- firth(XS, K1$y)
cf <- spline_curve(fs$beta[2:4], fs$var[2:4, 2:4])
out("spline firth K1 beta", fs$beta); out("spline firth K1 or", cf$or)
out("spline firth K1 low", cf$lo); out("spline firth K1 high", cf$hi)
out("pchisq", c(pchisq(3.2, 1, lower.tail = FALSE), pchisq(3.2, 2, lower.tail = FALSE),
                pchisq(3.2, 3, lower.tail = FALSE), pchisq(11.7, 5, lower.tail = FALSE)))

# Firth's penalty on the conditional likelihood with continuous terms, as
# for C1 above: survival's exact clogit evaluated at beta, the penalized
# log-likelihood maximised by optim and polished by Newton steps.
plk <- function(beta) {
  f <- clogit(y ~ x1 + u2 + u3 + strata(s), data = K1, method = "exact", init = beta,
              control = coxph.control(iter.max = 0))
  f$loglik[1] + 0.5 * determinant(solve(f$var))$modulus[1]
}
o <- optim(coef(ck), function(b) -plk(b), method = "BFGS",
           control = list(reltol = 1e-15, maxit = 1000))
beta <- o$par
for (k in 1:20) {
  h <- 1e-5
  g <- sapply(1:3, function(a) { e <- rep(0, 3); e[a] <- h; (plk(beta + e) - plk(beta - e)) / (2 * h) })
  H <- matrix(0, 3, 3)
  for (a in 1:3) for (b in 1:3) {
    ea <- rep(0, 3); ea[a] <- h; eb <- rep(0, 3); eb[b] <- h
    H[a, b] <- (plk(beta + ea + eb) - plk(beta + ea - eb) - plk(beta - ea + eb) + plk(beta - ea - eb)) / (4 * h * h)
  }
  beta <- beta - solve(H, g)
}
fk <- clogit(y ~ x1 + u2 + u3 + strata(s), data = K1, method = "exact", init = beta,
             control = coxph.control(iter.max = 0))
out("cont clogit firth K1 beta", beta); out("cont clogit firth K1 se", sqrt(diag(fk$var)))
