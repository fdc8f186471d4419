/*
 * Times CHOLMOD (SuiteSparse) on a symmetric matrix in Matrix Market format
 * (coordinate, lower triangle, "symmetric"): cholmod_analyze with default
 * settings (first call, then `reps` more: wall and CPU time), cholmod_amd alone
 * `reps` times, then cholmod_factorize `reps` times; prints one JSON object.
 * CPU times (CLOCK_PROCESS_CPUTIME_ID) are the fair comparison on a shared machine.
 * This program only CALLS the library; it is a benchmark, not part of mixedlm.
 *
 *   usage: cholmod_bench matrix.mtx [reps]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <suitesparse/cholmod.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s matrix.mtx [reps]\n", argv[0]);
    return 2;
  }
  int reps = argc > 2 ? atoi(argv[2]) : 7;
  if (reps < 1) reps = 1;
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  cholmod_common c;
  cholmod_start(&c);
  cholmod_sparse *A = cholmod_read_sparse(f, &c);
  fclose(f);
  if (!A) {
    fprintf(stderr, "could not read matrix\n");
    return 1;
  }
  double t0 = now_ms();
  cholmod_factor *L = cholmod_analyze(A, &c);
  double analyze = now_ms() - t0;
  double lnz0 = c.lnz, fl0 = c.fl;
  int ord0 = c.method[c.selected].ordering;
  /* warm analyses (wall and CPU), and AMD alone */
  double *aw = malloc(sizeof(double) * reps), *ac = malloc(sizeof(double) * reps);
  double *mw = malloc(sizeof(double) * reps), *mc = malloc(sizeof(double) * reps);
  int *perm = malloc(sizeof(int) * A->nrow);
  for (int r = 0; r < reps; r++) {
    double w0 = now_ms(), c0 = cpu_ms();
    cholmod_factor *L2 = cholmod_analyze(A, &c);
    aw[r] = now_ms() - w0;
    ac[r] = cpu_ms() - c0;
    cholmod_free_factor(&L2, &c);
    w0 = now_ms();
    c0 = cpu_ms();
    cholmod_amd(A, NULL, 0, perm, &c);
    mw[r] = now_ms() - w0;
    mc[r] = cpu_ms() - c0;
  }
  qsort(aw, reps, sizeof(double), cmp);
  qsort(ac, reps, sizeof(double), cmp);
  qsort(mw, reps, sizeof(double), cmp);
  qsort(mc, reps, sizeof(double), cmp);
  double *times = malloc(sizeof(double) * (reps + 1));
  /* one warm-up, then the timed repetitions */
  cholmod_factorize(A, L, &c);
  for (int r = 0; r < reps; r++) {
    double t = now_ms();
    cholmod_factorize(A, L, &c);
    times[r] = now_ms() - t;
  }
  if (c.status != CHOLMOD_OK) {
    fprintf(stderr, "cholmod status %d\n", c.status);
    return 1;
  }
  double *sorted = malloc(sizeof(double) * reps);
  for (int r = 0; r < reps; r++) sorted[r] = times[r];
  qsort(sorted, reps, sizeof(double), cmp);
  double med = reps % 2 ? sorted[reps / 2] : 0.5 * (sorted[reps / 2 - 1] + sorted[reps / 2]);
  printf("{\"n\": %d, \"nnzA\": %ld, \"lnz\": %.0f, \"flops\": %.0f, \"supernodal\": %d, "
         "\"ordering\": %d, \"analyze_ms\": %.3f, \"analyze_warm_ms\": %.3f, \"analyze_cpu_ms\": %.3f, "
         "\"amd_ms\": %.3f, \"amd_cpu_ms\": %.3f, \"factorize_ms\": %.3f, \"times_ms\": [",
         (int)A->nrow, (long)cholmod_nnz(A, &c), lnz0, fl0, (int)L->is_super,
         ord0, analyze, aw[reps / 2], ac[reps / 2], mw[reps / 2], mc[reps / 2], med);
  for (int r = 0; r < reps; r++) printf("%s%.3f", r ? ", " : "", times[r]);
  printf("]}\n");
  cholmod_free_factor(&L, &c);
  cholmod_free_sparse(&A, &c);
  cholmod_finish(&c);
  free(times);
  free(aw);
  free(ac);
  free(mw);
  free(mc);
  free(perm);
  free(sorted);
  return 0;
}
