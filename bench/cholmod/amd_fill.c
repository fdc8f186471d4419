/*
 * Fill of CHOLMOD's AMD ordering on k × k 5-point grid Laplacians (the test
 * fixture test/sparse/fixtures/amd-grid-fill.json). cholmod_analyze with AMD as
 * the only method; lnz and fl are CHOLMOD's exact counts for that ordering
 * (diagonal included). This program only CALLS the library.
 *
 *   gcc -O2 -o amd_fill bench/cholmod/amd_fill.c -lcholmod -lm
 *   ./amd_fill 5 10 20 30 50 100 > test/sparse/fixtures/amd-grid-fill.json
 */
#include <stdio.h>
#include <stdlib.h>
#include <suitesparse/cholmod.h>

int main(int argc, char **argv) {
  cholmod_common c;
  cholmod_start(&c);
  c.nmethods = 1;
  c.method[0].ordering = CHOLMOD_AMD;
  c.postorder = 1;
  printf("{\n  \"source\": \"bench/cholmod/amd_fill.c (CHOLMOD %d.%d.%d, AMD only)\",\n  \"grids\": [",
         CHOLMOD_MAIN_VERSION, CHOLMOD_SUB_VERSION, CHOLMOD_SUBSUB_VERSION);
  for (int a = 1; a < argc; a++) {
    int k = atoi(argv[a]);
    int n = k * k;
    /* lower triangle, column j = x*k + y: rows j, j+1 (y+1 < k), j+k (x+1 < k) */
    cholmod_sparse *A = cholmod_allocate_sparse(n, n, 3 * n, 1, 1, -1, CHOLMOD_REAL, &c);
    int *Ap = A->p, *Ai = A->i;
    double *Ax = A->x;
    int nz = 0;
    for (int x = 0; x < k; x++) {
      for (int y = 0; y < k; y++) {
        int j = x * k + y;
        Ap[j] = nz;
        Ai[nz] = j; Ax[nz++] = 4;
        if (y + 1 < k) { Ai[nz] = j + 1; Ax[nz++] = -1; }
        if (x + 1 < k) { Ai[nz] = j + k; Ax[nz++] = -1; }
      }
    }
    Ap[n] = nz;
    cholmod_factor *L = cholmod_analyze(A, &c);
    printf("%s\n    {\"k\": %d, \"n\": %d, \"lnz\": %.0f, \"flops\": %.0f}", a > 1 ? "," : "", k, n, c.lnz, c.fl);
    cholmod_free_factor(&L, &c);
    cholmod_free_sparse(&A, &c);
  }
  printf("\n  ]\n}\n");
  cholmod_finish(&c);
  return 0;
}
