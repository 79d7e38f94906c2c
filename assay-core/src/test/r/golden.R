#!/usr/bin/env Rscript
# Golden values for dev.assay.core.stats, computed by R's own stats package.
# Regenerate from the repository root with:
#   Rscript assay-core/src/test/r/golden.R > assay-core/src/test/resources/stats/golden.json
# Inputs are written next to the outputs (17 significant digits, so Java reads the same doubles).

num <- function(v) {
  vapply(v, function(e) {
    if (is.na(e)) "null"
    else if (is.infinite(e)) if (e > 0) "\"Infinity\"" else "\"-Infinity\""
    else sprintf("%.17g", e)
  }, character(1))
}
arr <- function(v) paste0("[", paste(num(v), collapse = ", "), "]")
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
obj <- function(fields) {
  paste0("{", paste(sprintf("\"%s\": %s", names(fields), unlist(fields)), collapse = ", "), "}")
}

wilcox_case <- function(name, x, y, alternative, conf.level) {
  r <- suppressWarnings(wilcox.test(x, y, alternative = alternative, conf.int = TRUE,
                                    conf.level = conf.level))
  obj(list(name = str(name), x = arr(x), y = arr(y), alternative = str(alternative),
           conf_level = num(conf.level), method = str(r$method), W = num(unname(r$statistic)),
           p_value = num(r$p.value), estimate = num(unname(r$estimate)),
           conf_int = arr(as.numeric(r$conf.int))))
}

ks_case <- function(name, x, y, alternative) {
  r <- suppressWarnings(ks.test(x, y, alternative = alternative))
  obj(list(name = str(name), x = arr(x), y = arr(y), alternative = str(alternative),
           method = str(r$method), D = num(unname(r$statistic)), p_value = num(r$p.value)))
}

holm_case <- function(name, p) {
  obj(list(name = str(name), p = arr(p), adjusted = arr(p.adjust(p, method = "holm"))))
}

set.seed(20240611)
ex_x <- round(rnorm(8), 6)
ex_y <- round(rnorm(11, mean = 0.8), 6)
dep_x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
dep_y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
big_x <- rnorm(60)
big_y <- rnorm(70, mean = 0.3)
tied_x <- round(rnorm(55, mean = 0.2), 1)
tied_y <- round(rnorm(52), 1)
int_x <- sample(1:5, 30, replace = TRUE)
int_y <- sample(2:6, 25, replace = TRUE)

wilcox <- c(
  wilcox_case("exact two-sided", ex_x, ex_y, "two.sided", 0.95),
  wilcox_case("exact greater", ex_x, ex_y, "greater", 0.90),
  wilcox_case("exact less", ex_x, ex_y, "less", 0.99),
  wilcox_case("exact tiny, quantile 0 clamped to 1", c(0.3, 1.7, 2.2), c(0.1, 0.5, 0.9, 1.1), "two.sided", 0.95),
  wilcox_case("exact separated samples", c(5.1, 6.2, 7.3, 8.4, 9.5), c(0.5, 1.5, 2.5, 3.5, 4.5, 1.25), "two.sided", 0.95),
  wilcox_case("ties force normal approximation", dep_x, dep_y, "two.sided", 0.95),
  wilcox_case("ties, greater", dep_x, dep_y, "greater", 0.95),
  wilcox_case("large samples, normal approximation", big_x, big_y, "two.sided", 0.95),
  wilcox_case("large samples, greater", big_x, big_y, "greater", 0.90),
  wilcox_case("large samples, less", big_x, big_y, "less", 0.95),
  wilcox_case("large samples with ties, less", tied_x, tied_y, "less", 0.95),
  wilcox_case("heavy integer ties", int_x, int_y, "two.sided", 0.95)
)

ks_x <- rnorm(20)
ks_y <- rnorm(25, mean = 0.5)
kt_x <- round(rnorm(30), 1)
kt_y <- round(rnorm(40, mean = 0.3), 1)
ka_x <- rnorm(120)
ka_y <- rnorm(100, mean = 0.2, sd = 1.3)
kat_x <- round(ka_x, 1)
kat_y <- round(ka_y, 1)

ks <- c(
  ks_case("exact two-sided", ks_x, ks_y, "two.sided"),
  ks_case("exact greater", ks_x, ks_y, "greater"),
  ks_case("exact less", ks_x, ks_y, "less"),
  ks_case("exact with ties", kt_x, kt_y, "two.sided"),
  ks_case("exact with ties, greater", kt_x, kt_y, "greater"),
  ks_case("disjoint samples", c(1, 2, 3), c(4, 5, 6, 7), "two.sided"),
  ks_case("asymptotic two-sided", ka_x, ka_y, "two.sided"),
  ks_case("asymptotic greater", ka_x, ka_y, "greater"),
  ks_case("asymptotic less", ka_x, ka_y, "less"),
  ks_case("asymptotic with ties", kat_x, kat_y, "two.sided")
)

holm <- c(
  holm_case("textbook", c(0.01, 0.04, 0.03, 0.005, 0.2)),
  holm_case("ties", c(0.02, 0.02, 0.5, 0.001)),
  holm_case("all large", c(1, 0.9, 0.8)),
  holm_case("single", c(0.03)),
  holm_case("random", runif(20)^3)
)

cat("{\n")
cat(sprintf("  \"generator\": %s,\n", str("assay-core/src/test/r/golden.R")))
cat(sprintf("  \"r_version\": %s,\n", str(R.version.string)))
cat("  \"wilcox\": [\n    ", paste(wilcox, collapse = ",\n    "), "\n  ],\n", sep = "")
cat("  \"ks\": [\n    ", paste(ks, collapse = ",\n    "), "\n  ],\n", sep = "")
cat("  \"holm\": [\n    ", paste(holm, collapse = ",\n    "), "\n  ]\n", sep = "")
cat("}\n")
