# Reference numbers for fixed-effect inference (issue 12): lmerTest 3.1-3 (Satterthwaite)
# and pbkrtest 0.5.2 (Kenward-Roger) on lme4 1.1-31 fits. Writes ddf_refs.json and
# maximal_60x40.csv (the simulated maximal design) next to this script.
# Run from the repository root:  Rscript test/reference/ddf/ddf_refs.R
suppressMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(jsonlite) })
out_dir <- "test/reference/ddf"
data_dir <- "data"
ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5))

# Satterthwaite: lmerTest's own summary/anova/contest. Kenward-Roger: pbkrtest's adjusted covariance
# (vcovAdj) computed once per model, then pbkrtest's Lb_ddf (t tests, as lmerTest's contest1D) and
# .KR_adjust (F tests, as KRmodcomp) on lmerTest's hypothesis matrices; checked against lmerTest's
# own Kenward-Roger output on sleepstudy below.
coef_rows <- function(fit) {
  s <- summary(fit, ddf = "Satterthwaite")$coefficients
  lapply(seq_len(nrow(s)), function(i) list(name = rownames(s)[i], estimate = s[i, "Estimate"],
    se = s[i, "Std. Error"], df = s[i, "df"], t = s[i, "t value"], p = s[i, "Pr(>|t|)"]))
}
kr_t <- function(fit, vA, L) {
  L <- matrix(L, nrow = 1)
  est <- drop(L %*% fixef(fit)); se <- sqrt(drop(L %*% as.matrix(vA) %*% t(L)))
  df <- pbkrtest::Lb_ddf(L, vcov(fit), vA)
  list(estimate = est, se = se, df = df, t = est / se, p = 2 * pt(-abs(est / se), df))
}
kr_F <- function(fit, vA, L) {
  x <- pbkrtest:::.KR_adjust(vA, vcov(fit), L, fixef(fit), rep(0, length(fixef(fit))))
  list(numDf = x$ndf, denDf = x$ddf, F = x$Fstat, p = x$p.value)
}
kr_coef_rows <- function(fit, vA) {
  p <- length(fixef(fit))
  lapply(seq_len(p), function(k) c(list(name = names(fixef(fit))[k]), kr_t(fit, vA, diag(p)[k, ])))
}
anova_rows <- function(fit, type) {
  a <- anova(fit, type = type, ddf = "Satterthwaite")
  lapply(seq_len(nrow(a)), function(i) list(term = rownames(a)[i], numDf = a[i, "NumDF"], denDf = a[i, "DenDF"],
    F = a[i, "F value"], p = a[i, "Pr(>F)"]))
}
kr_anova_rows <- function(fit, vA, type) {
  Ls <- switch(type, lmerTest:::get_contrasts_type1(fit), lmerTest:::get_contrasts_type2(fit), lmerTest:::get_contrasts_type3(fit))
  Ls <- Ls[vapply(Ls, function(L) length(L) > 0 && nrow(L) > 0, logical(1))]
  lapply(names(Ls), function(term) c(list(term = term), kr_F(fit, vA, Ls[[term]])))
}
contest_rows <- function(fit, L) {
  r <- contest(fit, L, ddf = "Satterthwaite", joint = FALSE)
  lapply(seq_len(nrow(r)), function(i) list(estimate = r$Estimate[i], se = r[["Std. Error"]][i], df = r$df[i], t = r[["t value"]][i], p = r[["Pr(>|t|)"]][i]))
}
contest_F <- function(fit, L) {
  r <- contest(fit, L, ddf = "Satterthwaite", joint = TRUE)
  list(numDf = r$NumDF, denDf = r$DenDF, F = r[["F value"]], p = r[["Pr(>F)"]])
}
refs <- list()
save_refs <- function() writeLines(toJSON(refs, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out_dir, "ddf_refs.json"))
one <- function(name, formula, data, contrasts = list(), types = c(1, 2, 3), reml = TRUE) {
  t0 <- proc.time()[["elapsed"]]
  fit <- lmer(as.formula(formula), data = data, REML = reml, control = ctrl)
  vA <- if (reml) vcovAdj(fit) else NULL
  res <- list(name = name, formula = formula, reml = reml, nobs = nrow(data),
    fe_params = as.list(fixef(fit)), sigma2 = sigma(fit)^2, theta = getME(fit, "theta"),
    vcov = unname(as.matrix(vcov(fit))), satterthwaite = coef_rows(fit))
  if (reml) {
    res$kenward_roger <- kr_coef_rows(fit, vA)
    res$vcov_kr <- unname(as.matrix(vA))
  }
  res$anova <- list()
  for (ty in types) {
    res$anova[[paste0("type", ty, "_satterthwaite")]] <- anova_rows(fit, ty)
    if (reml) res$anova[[paste0("type", ty, "_kenward_roger")]] <- kr_anova_rows(fit, vA, ty)
  }
  res$contrasts <- lapply(contrasts, function(L) {
    L <- matrix(unlist(L), nrow = length(L), byrow = TRUE)
    r <- list(L = lapply(seq_len(nrow(L)), function(i) L[i, ]),
      satterthwaite_t = contest_rows(fit, L), satterthwaite_F = contest_F(fit, L))
    if (reml) {
      r$kenward_roger_t <- lapply(seq_len(nrow(L)), function(i) kr_t(fit, vA, L[i, ]))
      r$kenward_roger_F <- kr_F(fit, vA, L)
    }
    r
  })
  res$r_seconds <- proc.time()[["elapsed"]] - t0
  cat(name, "done in", res$r_seconds, "s\n")
  refs[[name]] <<- res
  save_refs()
  invisible(fit)
}

sleep <- read.csv(file.path(data_dir, "sleepstudy.csv"), colClasses = c("numeric", "numeric", "character"))
sfit <- one("sleepstudy", "Reaction ~ Days + (Days | Subject)", sleep,
  contrasts = list(list(c(1, 0), c(0, 1)), list(c(1, 5)), list(c(1, 5), c(0, 1))), types = c(1, 3))
# our KR route equals lmerTest's own Kenward-Roger output
local({
  kr <- summary(sfit, ddf = "Kenward-Roger")$coefficients
  stopifnot(isTRUE(all.equal(unname(kr[, "df"]), vapply(refs$sleepstudy$kenward_roger, function(r) r$df, 0), tolerance = 1e-10)))
  a <- anova(sfit, type = 3, ddf = "Kenward-Roger")
  stopifnot(isTRUE(all.equal(a[1, "DenDF"], refs$sleepstudy$anova$type3_kenward_roger[[1]]$denDf, tolerance = 1e-10)))
  c2 <- contest(sfit, rbind(c(1, 0), c(0, 1)), ddf = "Kenward-Roger")
  stopifnot(isTRUE(all.equal(c2[["F value"]], refs$sleepstudy$contrasts[[1]]$kenward_roger_F$F, tolerance = 1e-10)))
})
one("sleepstudy_ml", "Reaction ~ Days + (Days | Subject)", sleep,
  contrasts = list(list(c(1, 0), c(0, 1))), types = c(3), reml = FALSE)

ie <- read.csv(file.path(data_dir, "InstEval.csv"), colClasses = "character", nrows = 2000)
ie$y <- as.numeric(ie$y)
one("insteval2000", "y ~ service + lectage + (1 | s) + (1 | d)", ie,
  contrasts = list(list(c(0, 1, 0, 0, 0, 0, 0), c(0, 0, 1, 0, 0, 0, 0)), list(c(0, 0, 1, -1, 0, 0, 0))))
one("insteval2000_interaction", "y ~ service * studage + (1 | s) + (1 | d)", ie)

pastes <- read.csv(file.path(data_dir, "Pastes.csv"), colClasses = c("numeric", "character", "character", "character"))
one("pastes", "strength ~ 1 + (1 | batch/cask)", pastes, types = c(3))

# a simulated nested design with a factor fixed effect: 12 schools x 4 classes x 6 pupils, treatment per class
set.seed(20261202)
nest <- expand.grid(pupil = 1:6, class = 1:4, school = 1:12)
nest$school <- sprintf("s%02d", nest$school)
nest$class <- paste0(nest$school, "c", nest$class)
nest$trt <- ifelse(as.integer(substr(nest$class, 5, 5)) %% 2 == 0, "b", "a")
nest$x <- round(rnorm(nrow(nest)), 3)
sch <- rnorm(12, sd = 2); names(sch) <- unique(nest$school)
cls <- rnorm(48, sd = 1); names(cls) <- unique(nest$class)
nest$y <- round(10 + 1.5 * (nest$trt == "b") + 0.4 * nest$x + sch[nest$school] + cls[nest$class] + rnorm(nrow(nest), sd = 1.5), 3)
nest <- nest[, c("y", "trt", "x", "school", "class")]
write.csv(nest, file.path(out_dir, "nested_12x4x6.csv"), row.names = FALSE)
one("nested", "y ~ trt + x + (1 | school/class)", nest)

# the maximal crossed design for the general model class: 60 subjects x 40 items, condition within both
set.seed(12)
ns <- 60; ni <- 40
d <- expand.grid(item = 1:ni, subj = 1:ns)
d$cond <- ifelse((d$item + d$subj) %% 2 == 0, "a", "b")
S <- MASS::mvrnorm(ns, c(0, 0), matrix(c(40^2, 0.3 * 40 * 20, 0.3 * 40 * 20, 20^2), 2))
I <- MASS::mvrnorm(ni, c(0, 0), matrix(c(30^2, -0.2 * 30 * 15, -0.2 * 30 * 15, 15^2), 2))
b <- as.integer(d$cond == "b")
d$rt <- round(600 + 25 * b + S[d$subj, 1] + S[d$subj, 2] * b + I[d$item, 1] + I[d$item, 2] * b + rnorm(nrow(d), sd = 60), 2)
d$subj <- sprintf("s%02d", d$subj); d$item <- sprintf("i%02d", d$item)
d <- d[, c("rt", "cond", "subj", "item")]
write.csv(d, file.path(out_dir, "maximal_60x40.csv"), row.names = FALSE)
one("crossed_60x40", "rt ~ cond + (1 | subj) + (1 | item)", d, types = c(3))
one("maximal", "rt ~ cond + (1 + cond | subj) + (1 + cond | item)", d, types = c(3))

refs$versions <- list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
  lmerTest = as.character(packageVersion("lmerTest")), pbkrtest = as.character(packageVersion("pbkrtest")))
save_refs()
cat("wrote", file.path(out_dir, "ddf_refs.json"), "\n")
