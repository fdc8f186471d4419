# lme4 reference for the benchmark registry's maximal60x40 entry (bench/simulate.js simulateMaximal seed 5,
# dumped to bench-maximal60x40.csv). Run from this folder: Rscript bench-maximal.R
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
d <- read.csv("bench-maximal60x40.csv")
t0 <- proc.time()[["elapsed"]]
fit <- lmer(rt ~ cond + (1 + cond | subj) + (1 + cond | item), data = d, REML = TRUE)
secs <- proc.time()[["elapsed"]] - t0
vc <- as.data.frame(VarCorr(fit))
out <- list(source = "lme4 1.1-31", llf = as.numeric(logLik(fit)), feParams = unname(fixef(fit)),
            vcomp = c(vc$vcov[1], vc$vcov[3], vc$vcov[2], vc$vcov[4], vc$vcov[6], vc$vcov[5]), scale = sigma(fit)^2, seconds = secs)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "bench-maximal.json")
print(out)
