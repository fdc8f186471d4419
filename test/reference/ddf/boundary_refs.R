# A crossed fit on the boundary (a variance estimated as 0): lmerTest 3.1-3 Satterthwaite and
# pbkrtest 0.5.2 Kenward-Roger coefficient tables. Writes boundary_refs.json next to this script.
# Run from the repository root:  Rscript test/reference/ddf/boundary_refs.R
suppressMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(jsonlite) })
ie <- read.csv("data/InstEval.csv", colClasses = "character", nrows = 300)
ie$y <- as.numeric(ie$y)
fit <- lmer(y ~ service + (1 | s) + (1 | d) + (1 | dept), ie, control = lmerControl(optimizer = "bobyqa"))
rows <- function(s) lapply(seq_len(nrow(s)), function(i) list(name = rownames(s)[i], estimate = s[i, "Estimate"],
  se = s[i, "Std. Error"], df = s[i, "df"], t = s[i, "t value"], p = s[i, "Pr(>|t|)"]))
out <- list(insteval300_boundary = list(formula = "y ~ service + (1 | s) + (1 | d) + (1 | dept)", nrows = 300,
  theta = getME(fit, "theta"), singular = isSingular(fit),
  satterthwaite = rows(summary(fit, ddf = "Satterthwaite")$coefficients),
  kenward_roger = rows(summary(fit, ddf = "Kenward-Roger")$coefficients)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "test/reference/ddf/boundary_refs.json")
