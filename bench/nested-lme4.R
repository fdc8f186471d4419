# lme4's timing of the partially nested study (bench/nested.js writes the CSV; never run from tests).
#   Rscript bench/nested-lme4.R data.csv [reps]
# Prints one JSON line: the wall seconds of each lmer fit (REML), their median, and the estimates.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- if (length(args) > 1) as.integer(args[2]) else 3L
d$id <- factor(d$id); d$tch <- factor(d$tch); d$sch <- factor(d$sch)
f <- y ~ x + (1 | id) + (1 | tch) + (1 | sch)
invisible(lmer(f, d, REML = TRUE)) # warm-up (loads and compiles what lmer needs)
secs <- numeric(reps)
for (r in seq_len(reps)) {
  t0 <- proc.time()[["elapsed"]]
  m <- lmer(f, d, REML = TRUE)
  secs[r] <- proc.time()[["elapsed"]] - t0
}
vc <- as.data.frame(VarCorr(m))
cat(toJSON(list(
  lme4 = as.character(packageVersion("lme4")),
  R = R.version.string,
  blas = La_library(),
  seconds = secs, median = median(secs),
  llf = as.numeric(logLik(m)), fixef = as.list(fixef(m)),
  varcomp = setNames(as.list(vc$vcov), vc$grp)
), auto_unbox = TRUE, digits = NA), "\n")
