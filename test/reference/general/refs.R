# lme4 references for the general random-effects class (issue 9). Run from this folder:
#   Rscript refs.R
# Writes the simulated data sets (*.csv) and general.json. Never run by the tests.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
set.seed(20261202)

# 60 subjects x 40 items, fully crossed, a two-level condition (maximal design)
sim_maximal <- function(ns, ni, sd_s = c(0.6, 0.25), sd_i = c(0.5, 0.2), rho_s = 0.3, rho_i = -0.4, sigma = 0.7, seed = 1) {
  set.seed(seed)
  mk <- function(n, sd, rho) { z <- matrix(rnorm(2 * n), n); cbind(sd[1] * z[, 1], sd[2] * (rho * z[, 1] + sqrt(1 - rho^2) * z[, 2])) }
  bs <- mk(ns, sd_s, rho_s); bi <- mk(ni, sd_i, rho_i)
  d <- expand.grid(item = seq_len(ni), subj = seq_len(ns))
  d$cond <- ifelse((d$subj + d$item) %% 2 == 0, -0.5, 0.5)
  d$rt <- 6 + 0.2 * d$cond + bs[d$subj, 1] + bs[d$subj, 2] * d$cond + bi[d$item, 1] + bi[d$item, 2] * d$cond + rnorm(nrow(d), 0, sigma)
  d$subj <- sprintf("s%02d", d$subj); d$item <- sprintf("i%02d", d$item)
  d[, c("subj", "item", "cond", "rt")]
}
maximal <- sim_maximal(60, 40, seed = 11)
write.csv(maximal, "maximal60x40.csv", row.names = FALSE)

# a singular maximal fit: item slope variance 0 in truth, few items
singular <- sim_maximal(30, 8, sd_i = c(0.5, 0.0), rho_i = 0, seed = 5)
write.csv(singular, "singular30x8.csv", row.names = FALSE)

# three correlated columns on g, crossed with a scalar term on h
set.seed(3)
ng <- 40; nh <- 25; n <- 1200
g <- sample(ng, n, TRUE); h <- sample(nh, n, TRUE)
x1 <- rnorm(n); x2 <- runif(n, -1, 1)
S <- matrix(c(1, 0.3, -0.2, 0.3, 0.5, 0.1, -0.2, 0.1, 0.4), 3)
bg <- t(t(chol(S)) %*% matrix(rnorm(3 * ng), 3)); bh <- rnorm(nh, 0, 0.7)
y <- 2 + 0.5 * x1 - 0.3 * x2 + bg[g, 1] + bg[g, 2] * x1 + bg[g, 3] * x2 + bh[h] + rnorm(n, 0, 0.8)
three <- data.frame(g = sprintf("g%02d", g), h = sprintf("h%02d", h), x1 = round(x1, 6), x2 = round(x2, 6), y = round(y, 6))
write.csv(three, "three.csv", row.names = FALSE)

# nested with slopes: b within a, (x | a/b)
set.seed(4)
na <- 12; nb <- 5; per <- 8
a <- rep(seq_len(na), each = nb * per); b <- rep(seq_len(nb), times = na, each = per)
x <- rnorm(length(a))
ba <- cbind(rnorm(na, 0, 1), rnorm(na, 0, 0.5)); bab <- cbind(rnorm(na * nb, 0, 0.6), rnorm(na * nb, 0, 0.3))
ab <- (a - 1) * nb + b
y <- 1 + 0.4 * x + ba[a, 1] + ba[a, 2] * x + bab[ab, 1] + bab[ab, 2] * x + rnorm(length(a), 0, 0.5)
nested <- data.frame(a = sprintf("A%02d", a), b = sprintf("b%d", b), x = round(x, 6), y = round(y, 6))
write.csv(nested, "nested.csv", row.names = FALSE)

# a factor-valued slope: (0 + f | subj) with a three-level factor, crossed with (1 | item)
set.seed(6)
ns <- 30; ni <- 15
d <- expand.grid(item = seq_len(ni), subj = seq_len(ns))
d$f <- factor(c("a", "b", "c")[(d$item %% 3) + 1])
S <- matrix(c(1, 0.5, 0.3, 0.5, 1.2, 0.4, 0.3, 0.4, 0.8), 3)
bs <- t(t(chol(S)) %*% matrix(rnorm(3 * ns), 3)); bi <- rnorm(ni, 0, 0.6)
d$y <- 3 + c(0, 0.5, -0.4)[as.integer(d$f)] + bs[cbind(d$subj, as.integer(d$f))] + bi[d$item] + rnorm(nrow(d), 0, 0.6)
factorslope <- data.frame(subj = sprintf("s%02d", d$subj), item = sprintf("i%02d", d$item), f = as.character(d$f), y = round(d$y, 6))
write.csv(factorslope, "factorslope.csv", row.names = FALSE)

sleep <- read.csv("../../../data/sleepstudy.csv")

ref <- function(id, formula, data, reml, note = "") {
  fit <- lmer(as.formula(formula), data = data, REML = reml, control = lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
  vc <- as.data.frame(VarCorr(fit))
  re <- ranef(fit, condVar = TRUE)
  rr <- lapply(names(re), function(nm) {
    r <- re[[nm]]; pv <- attr(r, "postVar")
    if (is.list(pv)) pv <- { k <- ncol(r); a <- array(0, c(k, k, nrow(r))); o <- 0; for (p in pv) { kk <- dim(p)[1]; a[o + seq_len(kk), o + seq_len(kk), ] <- p; o <- o + kk }; a }
    list(levels = rownames(r), terms = colnames(r), mean = unname(as.matrix(r)),
         condvar = t(sapply(seq_len(nrow(r)), function(i) { v <- pv[, , i]; if (is.matrix(v)) diag(v) else v })))
  })
  names(rr) <- names(re)
  list(id = id, formula = formula, reml = reml, note = note, nobs = nobs(fit),
       fixef = as.list(fixef(fit)), vcov_fixef = unname(as.matrix(vcov(fit))),
       varcorr = lapply(seq_len(nrow(vc)), function(i) list(grp = vc$grp[i], var1 = if (is.na(vc$var1[i])) NULL else vc$var1[i], var2 = if (is.na(vc$var2[i])) NULL else vc$var2[i], vcov = vc$vcov[i], sdcor = vc$sdcor[i])),
       sigma2 = sigma(fit)^2, loglik = as.numeric(logLik(fit)), theta = unname(getME(fit, "theta")),
       singular = isSingular(fit), messages = fit@optinfo$conv$lme4$messages, ranef = rr)
}

out <- list(
  ref("maximal_reml", "rt ~ cond + (1 + cond | subj) + (1 + cond | item)", maximal, TRUE, "two correlated crossed terms, 60 x 40"),
  ref("maximal_ml", "rt ~ cond + (1 + cond | subj) + (1 + cond | item)", maximal, FALSE),
  ref("corr_scalar_reml", "rt ~ cond + (1 + cond | subj) + (1 | item)", maximal, TRUE, "a correlated term crossed with a scalar term"),
  ref("three_reml", "y ~ x1 + x2 + (1 + x1 + x2 | g) + (1 | h)", three, TRUE, "a three-column correlated term"),
  ref("three_ml", "y ~ x1 + x2 + (1 + x1 + x2 | g) + (1 | h)", three, FALSE),
  ref("nested_slopes_reml", "y ~ x + (x | a/b)", nested, TRUE, "nested with slopes"),
  ref("same_factor_twice_reml", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", sleep, TRUE, "(1|g) + (0+x|g)"),
  ref("factor_slope_reml", "y ~ f + (0 + f | subj) + (1 | item)", factorslope, TRUE, "a factor-valued slope"),
  ref("singular_reml", "rt ~ cond + (1 + cond | subj) + (1 + cond | item)", singular, TRUE, "singular maximal fit")
)
names(out) <- sapply(out, function(o) o$id)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), "general.json")
cat("wrote general.json\n")

# profile-likelihood intervals of a correlated crossed model (lme4 profiles sd and cor; variances are sd²)
fit <- lmer(rt ~ cond + (1 + cond | subj) + (1 | item), data = maximal, REML = TRUE)
ci <- confint(fit, method = "profile", oldNames = FALSE)
writeLines(toJSON(list(formula = "rt ~ cond + (1 + cond | subj) + (1 | item)", reml = TRUE, rows = rownames(ci), lower = unname(ci[, 1]), upper = unname(ci[, 2])), auto_unbox = TRUE, digits = NA, pretty = TRUE), "profile-ci.json")
cat("wrote profile-ci.json\n")
