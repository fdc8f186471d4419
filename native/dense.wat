;; Dense kernels for mixedlm on column-major f64 matrices in linear memory,
;; with WebAssembly SIMD (f64x2). Hand-written; assembled by native/build.mjs
;; into src/sparse/dense/wasm-binary.ts (see src/sparse/dense/wasm.ts).
;;
;; Conventions: every matrix argument is a BYTE address plus a leading
;; dimension in ELEMENTS; packing buffers (`pa`, `pb`) are byte addresses of
;; caller-provided scratch. The imported global `scratch` is the byte address of
;; this instance's 128-byte edge-tile spill area (one per thread).
;;
;; Everything reduces to one micro-kernel on packed operands,
;;   C += alpha · Ap · Bpᵀ   (Ap: m × k, Bp: n × k, both in 4-row strips:
;;                            strip s holds rows 4s..4s+3, 4 contiguous doubles
;;                            per step p, zero-padded),
;; computed on 4 × 4 tiles of C held in eight f64x2 accumulators.
;;
;; Exports
;;   gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, c, ldc, lower, pa, pb)
;;       C += alpha·op(A)·op(B) (C m × n); lower ≠ 0: only entries row ≥ col (gemmt)
;;   syrk(trans, m, n, k, alpha, a, lda, c, ldc, pa)
;;       tril(C) += alpha·op(A)·op(A)ᵀ, op(A) m × k, C m × n (n ≤ m: a trapezoid)
;;   potrf(m, n, a, lda, nb, pa) -> info
;;       blocked right-looking Cholesky of the lower trapezoid (m ≥ n):
;;       A11 = L11·L11ᵀ, A21 ← A21·L11⁻ᵀ; info = 0 or failing column + 1
;;   trtri(n, l, ldl, x, ldx, nb, d, t, pa, pb)
;;       X = L⁻¹ (X written in full, zeros above the diagonal);
;;       scratch d: nb² doubles, t: nb·n doubles
;;   lauum(n, x, ldx, z, ldz, nb, pa)
;;       tril(Z) = tril(XᵀX) for X lower triangular (explicit zeros above)
;;   trtri_diag(n, l, ldl, nb, d)
;;       D_K = L(K,K)⁻¹ for every diagonal block K (block K at d + 8·K·nb², ld kb)
;;   chunk(job, c, tid)
;;       runs chunk c of the job record at byte `job` (layout below) with thread
;;       tid's packing scratch: one column block (or row block) of the output of a
;;       syrk, gemm, trtri or lauum. The chunks of a job write disjoint outputs and
;;       each output entry is the same sum, in the same order (same k-chunks), as
;;       in the whole call, so any split over threads gives the same bits.
(module
  ;; Linear memory comes from the host (src/sparse/dense/wasm.ts), so one memory can
  ;; serve several instances on several threads: native/build.mjs also emits the
  ;; `shared` variant of this import (the only byte that differs is recorded).
  (import "env" "memory" (memory 1 65536))
  ;; Byte address of this instance's 128-byte edge-tile scratch (one per thread).
  (import "env" "scratch" (global $scratch i32))

  ;; k is processed in chunks of KC = 128 so a packed B strip (4·KC doubles)
  ;; stays in L1 and a packed A panel (m·KC doubles) in L2.
  (global $KC i32 (i32.const 128))

  ;; buf[s·4k + 4p + r] = X[4s + r, p]  (X m × k, column-major), zero-padded rows
  (func $pack_n (param $buf i32) (param $m i32) (param $k i32) (param $x i32) (param $ldx i32)
    (local $s i32) (local $rows i32) (local $p i32) (local $r i32)
    (local $src i32) (local $dst i32) (local $ldb i32)
    (local.set $ldb (i32.shl (local.get $ldx) (i32.const 3)))
    (local.set $dst (local.get $buf))
    (block $done
      (loop $strips
        (br_if $done (i32.ge_s (local.get $s) (local.get $m)))
        (local.set $rows (i32.sub (local.get $m) (local.get $s)))
        (local.set $src (i32.add (local.get $x) (i32.shl (local.get $s) (i32.const 3))))
        (local.set $p (i32.const 0))
        (if (i32.ge_s (local.get $rows) (i32.const 4))
          (then
            (block $e1
              (loop $l1
                (br_if $e1 (i32.ge_s (local.get $p) (local.get $k)))
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $ldb)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $l1))))
          (else
            (block $e2
              (loop $l2
                (br_if $e2 (i32.ge_s (local.get $p) (local.get $k)))
                (local.set $r (i32.const 0))
                (block $e3
                  (loop $l3
                    (br_if $e3 (i32.ge_s (local.get $r) (i32.const 4)))
                    (f64.store
                      (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3)))
                      (if (result f64) (i32.lt_s (local.get $r) (local.get $rows))
                        (then (f64.load (i32.add (local.get $src) (i32.shl (local.get $r) (i32.const 3)))))
                        (else (f64.const 0))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $l3)))
                (local.set $src (i32.add (local.get $src) (local.get $ldb)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $l2)))))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br $strips))))

  ;; buf[s·4k + 4p + r] = X[p, 4s + r]  (X k × m: packs Xᵀ), zero-padded rows
  (func $pack_t (param $buf i32) (param $m i32) (param $k i32) (param $x i32) (param $ldx i32)
    (local $s i32) (local $r i32) (local $p i32)
    (local $src i32) (local $dst i32) (local $strip i32) (local $ldb i32)
    (local.set $ldb (i32.shl (local.get $ldx) (i32.const 3)))
    (local.set $strip (local.get $buf))
    (block $done
      (loop $strips
        (br_if $done (i32.ge_s (local.get $s) (local.get $m)))
        (local.set $r (i32.const 0))
        (block $er
          (loop $lr
            (br_if $er (i32.ge_s (local.get $r) (i32.const 4)))
            (local.set $dst (i32.add (local.get $strip) (i32.shl (local.get $r) (i32.const 3))))
            (local.set $p (i32.const 0))
            (if (i32.lt_s (i32.add (local.get $s) (local.get $r)) (local.get $m))
              (then
                (local.set $src
                  (i32.add (local.get $x)
                    (i32.mul (i32.add (local.get $s) (local.get $r)) (local.get $ldb))))
                (block $e1
                  (loop $l1
                    (br_if $e1 (i32.ge_s (local.get $p) (local.get $k)))
                    (f64.store (local.get $dst) (f64.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 8)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $l1))))
              (else
                (block $e2
                  (loop $l2
                    (br_if $e2 (i32.ge_s (local.get $p) (local.get $k)))
                    (f64.store (local.get $dst) (f64.const 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $l2)))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $lr)))
        (local.set $strip (i32.add (local.get $strip) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br $strips))))

  ;; C += alpha · Ap · Bpᵀ on packed operands (k ≥ 1); lower ≠ 0: only row ≥ col.
  ;; triA ≠ 0: Ap is lower triangular (Ap[i, p] = 0 for p > i), so the row strip
  ;; at i stops after step min(k, i + 4).
  ;; Tile (i..i+3) × (j..j+3): accumulator cJa holds rows i, i+1 of column j+J,
  ;; cJb rows i+2, i+3.
  (func $kernel (param $m i32) (param $n i32) (param $k i32) (param $alpha f64)
                (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32) (param $lower i32)
                (param $triA i32)
    (local $kEff i32) (local $i i32) (local $j i32) (local $a i32) (local $b i32) (local $aEnd i32)
    (local $k32 i32) (local $aStrip i32) (local $bStrip i32) (local $o i32) (local $ldcb i32)
    (local $ri i32) (local $cj i32) (local $idx i32)
    (local $va v128) (local $a0 v128) (local $a1 v128) (local $bv v128)
    (local $c0a v128) (local $c0b v128) (local $c1a v128) (local $c1b v128)
    (local $c2a v128) (local $c2b v128) (local $c3a v128) (local $c3b v128)
    (local.set $k32 (i32.shl (local.get $k) (i32.const 5)))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $va (f64x2.splat (local.get $alpha)))
    (local.set $bStrip (local.get $bp))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $i (select (local.get $j) (i32.const 0) (local.get $lower)))
        (local.set $aStrip
          (i32.add (local.get $ap) (i32.mul (i32.shr_s (local.get $i) (i32.const 2)) (local.get $k32))))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $a (local.get $aStrip))
            (local.set $b (local.get $bStrip))
            (local.set $kEff (local.get $k))
            (if (i32.and (local.get $triA) (i32.lt_s (i32.add (local.get $i) (i32.const 4)) (local.get $k)))
              (then (local.set $kEff (i32.add (local.get $i) (i32.const 4)))))
            (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $kEff) (i32.const 5))))
            (local.set $c0a (v128.const f64x2 0 0)) (local.set $c0b (v128.const f64x2 0 0))
            (local.set $c1a (v128.const f64x2 0 0)) (local.set $c1b (v128.const f64x2 0 0))
            (local.set $c2a (v128.const f64x2 0 0)) (local.set $c2b (v128.const f64x2 0 0))
            (local.set $c3a (v128.const f64x2 0 0)) (local.set $c3b (v128.const f64x2 0 0))
            ;; odd k: one step first, then two steps per iteration
            (if (i32.and (local.get $kEff) (i32.const 1))
              (then
                (local.set $a0 (v128.load (local.get $a)))
                (local.set $a1 (v128.load offset=16 (local.get $a)))
                (local.set $bv (v128.load64_splat (local.get $b)))
                (local.set $c0a (f64x2.add (local.get $c0a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c0b (f64x2.add (local.get $c0b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=8 (local.get $b)))
                (local.set $c1a (f64x2.add (local.get $c1a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c1b (f64x2.add (local.get $c1b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=16 (local.get $b)))
                (local.set $c2a (f64x2.add (local.get $c2a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c2b (f64x2.add (local.get $c2b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=24 (local.get $b)))
                (local.set $c3a (f64x2.add (local.get $c3a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c3b (f64x2.add (local.get $c3b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $a (i32.add (local.get $a) (i32.const 32)))
                (local.set $b (i32.add (local.get $b) (i32.const 32)))))
            (block $kdone
              (loop $kloop
                (br_if $kdone (i32.ge_u (local.get $a) (local.get $aEnd)))
                (local.set $a0 (v128.load (local.get $a)))
                (local.set $a1 (v128.load offset=16 (local.get $a)))
                (local.set $bv (v128.load64_splat (local.get $b)))
                (local.set $c0a (f64x2.add (local.get $c0a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c0b (f64x2.add (local.get $c0b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=8 (local.get $b)))
                (local.set $c1a (f64x2.add (local.get $c1a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c1b (f64x2.add (local.get $c1b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=16 (local.get $b)))
                (local.set $c2a (f64x2.add (local.get $c2a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c2b (f64x2.add (local.get $c2b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=24 (local.get $b)))
                (local.set $c3a (f64x2.add (local.get $c3a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c3b (f64x2.add (local.get $c3b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $a0 (v128.load offset=32 (local.get $a)))
                (local.set $a1 (v128.load offset=48 (local.get $a)))
                (local.set $bv (v128.load64_splat offset=32 (local.get $b)))
                (local.set $c0a (f64x2.add (local.get $c0a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c0b (f64x2.add (local.get $c0b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=40 (local.get $b)))
                (local.set $c1a (f64x2.add (local.get $c1a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c1b (f64x2.add (local.get $c1b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=48 (local.get $b)))
                (local.set $c2a (f64x2.add (local.get $c2a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c2b (f64x2.add (local.get $c2b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $bv (v128.load64_splat offset=56 (local.get $b)))
                (local.set $c3a (f64x2.add (local.get $c3a) (f64x2.mul (local.get $a0) (local.get $bv))))
                (local.set $c3b (f64x2.add (local.get $c3b) (f64x2.mul (local.get $a1) (local.get $bv))))
                (local.set $a (i32.add (local.get $a) (i32.const 64)))
                (local.set $b (i32.add (local.get $b) (i32.const 64)))
                (br $kloop)))
            (if (i32.and
                  (i32.and
                    (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))
                    (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
                  (i32.eqz (i32.and (local.get $lower) (i32.eq (local.get $i) (local.get $j)))))
              (then
                ;; full tile: C(i:i+3, j:j+3) += alpha · acc
                (local.set $o
                  (i32.add (local.get $c)
                    (i32.add (i32.shl (local.get $i) (i32.const 3))
                      (i32.mul (local.get $j) (local.get $ldcb)))))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o)) (f64x2.mul (local.get $va) (local.get $c0a))))
                (v128.store offset=16 (local.get $o)
                  (f64x2.add (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $va) (local.get $c0b))))
                (local.set $o (i32.add (local.get $o) (local.get $ldcb)))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o)) (f64x2.mul (local.get $va) (local.get $c1a))))
                (v128.store offset=16 (local.get $o)
                  (f64x2.add (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $va) (local.get $c1b))))
                (local.set $o (i32.add (local.get $o) (local.get $ldcb)))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o)) (f64x2.mul (local.get $va) (local.get $c2a))))
                (v128.store offset=16 (local.get $o)
                  (f64x2.add (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $va) (local.get $c2b))))
                (local.set $o (i32.add (local.get $o) (local.get $ldcb)))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o)) (f64x2.mul (local.get $va) (local.get $c3a))))
                (v128.store offset=16 (local.get $o)
                  (f64x2.add (v128.load offset=16 (local.get $o)) (f64x2.mul (local.get $va) (local.get $c3b)))))
              (else
                ;; edge or diagonal tile: spill acc to scratch (acc[ri + 4cj] at byte 8(ri + 4cj))
                (v128.store (global.get $scratch) (local.get $c0a))
                (v128.store offset=16 (global.get $scratch) (local.get $c0b))
                (v128.store offset=32 (global.get $scratch) (local.get $c1a))
                (v128.store offset=48 (global.get $scratch) (local.get $c1b))
                (v128.store offset=64 (global.get $scratch) (local.get $c2a))
                (v128.store offset=80 (global.get $scratch) (local.get $c2b))
                (v128.store offset=96 (global.get $scratch) (local.get $c3a))
                (v128.store offset=112 (global.get $scratch) (local.get $c3b))
                (local.set $cj (i32.const 0))
                (block $cjdone
                  (loop $cjloop
                    (br_if $cjdone (i32.ge_s (local.get $cj) (i32.const 4)))
                    (br_if $cjdone (i32.ge_s (i32.add (local.get $j) (local.get $cj)) (local.get $n)))
                    (local.set $ri (i32.const 0))
                    (block $ridone
                      (loop $riloop
                        (br_if $ridone (i32.ge_s (local.get $ri) (i32.const 4)))
                        (br_if $ridone (i32.ge_s (i32.add (local.get $i) (local.get $ri)) (local.get $m)))
                        (if (i32.eqz
                              (i32.and (local.get $lower)
                                (i32.lt_s (i32.add (local.get $i) (local.get $ri))
                                          (i32.add (local.get $j) (local.get $cj)))))
                          (then
                            (local.set $idx
                              (i32.add (local.get $c)
                                (i32.shl
                                  (i32.add (i32.add (local.get $i) (local.get $ri))
                                    (i32.mul (i32.add (local.get $j) (local.get $cj)) (local.get $ldc)))
                                  (i32.const 3))))
                            (f64.store (local.get $idx)
                              (f64.add (f64.load (local.get $idx))
                                (f64.mul (local.get $alpha)
                                  (f64.load
                                    (i32.add (global.get $scratch)
                                      (i32.shl (i32.add (local.get $ri) (i32.shl (local.get $cj) (i32.const 2)))
                                        (i32.const 3)))))))))
                        (local.set $ri (i32.add (local.get $ri) (i32.const 1)))
                        (br $riloop)))
                    (local.set $cj (i32.add (local.get $cj) (i32.const 1)))
                    (br $cjloop)))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (local.set $aStrip (i32.add (local.get $aStrip) (local.get $k32)))
            (br $iloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (local.set $bStrip (i32.add (local.get $bStrip) (local.get $k32)))
        (br $jloop))))

  ;; C += alpha·op(A)·op(B), op(A) m × k, op(B) k × n; lower ≠ 0: row ≥ col only.
  (func $gemm (export "gemm")
    (param $ta i32) (param $tb i32) (param $m i32) (param $n i32) (param $k i32) (param $alpha f64)
    (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (param $lower i32) (param $pa i32) (param $pb i32)
    (local $p0 i32) (local $kc i32)
    (if (i32.or (i32.le_s (local.get $m) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 0)))
      (then (return)))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_s (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_s (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        ;; Ap = op(A)(:, p0:p0+kc)
        (if (local.get $ta)
          (then (call $pack_t (local.get $pa) (local.get $m) (local.get $kc)
                  (i32.add (local.get $a) (i32.shl (local.get $p0) (i32.const 3))) (local.get $lda)))
          (else (call $pack_n (local.get $pa) (local.get $m) (local.get $kc)
                  (i32.add (local.get $a) (i32.shl (i32.mul (local.get $p0) (local.get $lda)) (i32.const 3)))
                  (local.get $lda))))
        ;; Bp = op(B)(p0:p0+kc, :)ᵀ
        (if (local.get $tb)
          (then (call $pack_n (local.get $pb) (local.get $n) (local.get $kc)
                  (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p0) (local.get $ldb)) (i32.const 3)))
                  (local.get $ldb)))
          (else (call $pack_t (local.get $pb) (local.get $n) (local.get $kc)
                  (i32.add (local.get $b) (i32.shl (local.get $p0) (i32.const 3))) (local.get $ldb))))
        (call $kernel (local.get $m) (local.get $n) (local.get $kc) (local.get $alpha)
          (local.get $pa) (local.get $pb) (local.get $c) (local.get $ldc) (local.get $lower) (i32.const 0))
        (local.set $p0 (i32.add (local.get $p0) (global.get $KC)))
        (br $chunks))))

  ;; tril(C) += alpha·op(A)·op(A)ᵀ; op(A) m × k (trans: A is k × m); C m × n, n ≤ m.
  (func $syrk (export "syrk")
    (param $trans i32) (param $m i32) (param $n i32) (param $k i32) (param $alpha f64)
    (param $a i32) (param $lda i32) (param $c i32) (param $ldc i32) (param $pa i32)
    (local $p0 i32) (local $kc i32)
    (if (i32.or (i32.le_s (local.get $m) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 0)))
      (then (return)))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_s (local.get $p0) (local.get $k)))
        (local.set $kc (i32.sub (local.get $k) (local.get $p0)))
        (if (i32.gt_s (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        (if (local.get $trans)
          (then (call $pack_t (local.get $pa) (local.get $m) (local.get $kc)
                  (i32.add (local.get $a) (i32.shl (local.get $p0) (i32.const 3))) (local.get $lda)))
          (else (call $pack_n (local.get $pa) (local.get $m) (local.get $kc)
                  (i32.add (local.get $a) (i32.shl (i32.mul (local.get $p0) (local.get $lda)) (i32.const 3)))
                  (local.get $lda))))
        ;; rows 0..n-1 of op(A) are the first strips of the same packing
        (call $kernel (local.get $m) (local.get $n) (local.get $kc) (local.get $alpha)
          (local.get $pa) (local.get $pa) (local.get $c) (local.get $ldc) (i32.const 1) (i32.const 0))
        (local.set $p0 (i32.add (local.get $p0) (global.get $KC)))
        (br $chunks))))

  ;; Unblocked panel: A (m × n) ← [L11; A21·L11⁻ᵀ]; 0 or failing column + 1.
  (func $panel (param $m i32) (param $n i32) (param $a i32) (param $lda i32) (result i32)
    (local $j i32) (local $c i32) (local $cj i32) (local $cc i32) (local $ldb i32)
    (local $d f64) (local $l f64) (local $inv f64) (local $f f64) (local $vf v128)
    (local $p i32) (local $q i32) (local $end i32)
    (local.set $ldb (i32.shl (local.get $lda) (i32.const 3)))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $cj (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $ldb))))
        (local.set $d (f64.load (i32.add (local.get $cj) (i32.shl (local.get $j) (i32.const 3)))))
        ;; not (0 < d < ∞), NaN included: fail at column j
        (if (i32.eqz (i32.and (f64.gt (local.get $d) (f64.const 0)) (f64.lt (local.get $d) (f64.const inf))))
          (then (return (i32.add (local.get $j) (i32.const 1)))))
        (local.set $l (f64.sqrt (local.get $d)))
        (f64.store (i32.add (local.get $cj) (i32.shl (local.get $j) (i32.const 3))) (local.get $l))
        (local.set $inv (f64.div (f64.const 1) (local.get $l)))
        ;; L(j+1:m, j) = A(j+1:m, j) / l
        (local.set $p (i32.add (local.get $cj) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))))
        (local.set $end (i32.add (local.get $cj) (i32.shl (local.get $m) (i32.const 3))))
        (block $sdone
          (loop $sloop
            (br_if $sdone (i32.ge_u (local.get $p) (local.get $end)))
            (f64.store (local.get $p) (f64.mul (f64.load (local.get $p)) (local.get $inv)))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $sloop)))
        ;; A(c:m, c) -= L(c, j) · L(c:m, j) for the remaining panel columns
        (local.set $c (i32.add (local.get $j) (i32.const 1)))
        (block $cdone
          (loop $cloop
            (br_if $cdone (i32.ge_s (local.get $c) (local.get $n)))
            (local.set $f (f64.load (i32.add (local.get $cj) (i32.shl (local.get $c) (i32.const 3)))))
            (if (f64.ne (local.get $f) (f64.const 0))
              (then
                (local.set $cc (i32.add (local.get $a) (i32.mul (local.get $c) (local.get $ldb))))
                (local.set $p (i32.add (local.get $cc) (i32.shl (local.get $c) (i32.const 3))))
                (local.set $q (i32.add (local.get $cj) (i32.shl (local.get $c) (i32.const 3))))
                (local.set $end (i32.add (local.get $cc) (i32.shl (local.get $m) (i32.const 3))))
                (local.set $vf (f64x2.splat (local.get $f)))
                (block $vdone
                  (loop $vloop
                    (br_if $vdone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
                    (v128.store (local.get $p)
                      (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (local.get $vf) (v128.load (local.get $q)))))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (local.set $q (i32.add (local.get $q) (i32.const 16)))
                    (br $vloop)))
                (if (i32.lt_u (local.get $p) (local.get $end))
                  (then
                    (f64.store (local.get $p)
                      (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $f) (f64.load (local.get $q)))))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jloop)))
    (i32.const 0))

  ;; Right-looking blocked Cholesky of the m × n lower trapezoid with block size nb
  ;; (inner level: blocks of 16 on the unblocked panel).
  (func $blocked (param $m i32) (param $n i32) (param $a i32) (param $lda i32) (param $nb i32) (param $pa i32)
    (result i32)
    (local $k0 i32) (local $kb i32) (local $info i32) (local $rest i32) (local $po i32)
    (if (i32.le_s (local.get $n) (i32.const 16))
      (then (return (call $panel (local.get $m) (local.get $n) (local.get $a) (local.get $lda)))))
    (block $done
      (loop $kloop
        (br_if $done (i32.ge_s (local.get $k0) (local.get $n)))
        (local.set $kb (i32.sub (local.get $n) (local.get $k0)))
        (if (i32.gt_s (local.get $kb) (local.get $nb)) (then (local.set $kb (local.get $nb))))
        (local.set $po
          (i32.add (local.get $a)
            (i32.shl (i32.add (local.get $k0) (i32.mul (local.get $k0) (local.get $lda))) (i32.const 3))))
        (local.set $info
          (if (result i32) (i32.gt_s (local.get $nb) (i32.const 16))
            (then (call $blocked (i32.sub (local.get $m) (local.get $k0)) (local.get $kb) (local.get $po)
                    (local.get $lda) (i32.const 16) (local.get $pa)))
            (else (call $panel (i32.sub (local.get $m) (local.get $k0)) (local.get $kb) (local.get $po)
                    (local.get $lda)))))
        (if (local.get $info) (then (return (i32.add (local.get $k0) (local.get $info)))))
        (local.set $rest (i32.sub (i32.sub (local.get $n) (local.get $k0)) (local.get $kb)))
        ;; A22 -= A21·A21ᵀ (rows k0+kb..m, columns k0+kb..n)
        (if (i32.gt_s (local.get $rest) (i32.const 0))
          (then
            (call $syrk (i32.const 0)
              (i32.sub (i32.sub (local.get $m) (local.get $k0)) (local.get $kb))
              (local.get $rest) (local.get $kb) (f64.const -1)
              (i32.add (local.get $po) (i32.shl (local.get $kb) (i32.const 3))) (local.get $lda)
              (i32.add (local.get $a)
                (i32.shl
                  (i32.mul (i32.add (local.get $k0) (local.get $kb)) (i32.add (local.get $lda) (i32.const 1)))
                  (i32.const 3)))
              (local.get $lda) (local.get $pa))))
        (local.set $k0 (i32.add (local.get $k0) (local.get $nb)))
        (br $kloop)))
    (i32.const 0))

  (func (export "potrf") (param $m i32) (param $n i32) (param $a i32) (param $lda i32) (param $nb i32) (param $pa i32)
    (result i32)
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return (i32.const 0))))
    (call $blocked (local.get $m) (local.get $n) (local.get $a) (local.get $lda) (local.get $nb) (local.get $pa)))

  ;; D = L⁻¹ (kb × kb, leading dimension kb, zeros above the diagonal) by
  ;; column forward substitution: D(:, c) = L \ e_c.
  (func $invLower (param $kb i32) (param $l i32) (param $ldl i32) (param $d i32)
    (local $c i32) (local $j i32) (local $dc i32) (local $lj i32) (local $ldb i32)
    (local $x f64) (local $vx v128) (local $p i32) (local $q i32) (local $end i32)
    (local.set $ldb (i32.shl (local.get $ldl) (i32.const 3)))
    (local.set $p (local.get $d))
    (local.set $end (i32.add (local.get $d) (i32.shl (i32.mul (local.get $kb) (local.get $kb)) (i32.const 3))))
    (block $zdone
      (loop $zloop
        (br_if $zdone (i32.ge_u (local.get $p) (local.get $end)))
        (f64.store (local.get $p) (f64.const 0))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $zloop)))
    (block $cdone
      (loop $cloop
        (br_if $cdone (i32.ge_s (local.get $c) (local.get $kb)))
        (local.set $dc (i32.add (local.get $d) (i32.shl (i32.mul (local.get $c) (local.get $kb)) (i32.const 3))))
        (f64.store (i32.add (local.get $dc) (i32.shl (local.get $c) (i32.const 3))) (f64.const 1))
        (local.set $end (i32.add (local.get $dc) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $j (local.get $c))
        (block $jdone
          (loop $jloop
            (br_if $jdone (i32.ge_s (local.get $j) (local.get $kb)))
            (local.set $lj (i32.add (local.get $l) (i32.mul (local.get $j) (local.get $ldb))))
            ;; x_j = x_j / L_jj; x(j+1:) -= L(j+1:, j)·x_j
            (local.set $x
              (f64.div (f64.load (i32.add (local.get $dc) (i32.shl (local.get $j) (i32.const 3))))
                       (f64.load (i32.add (local.get $lj) (i32.shl (local.get $j) (i32.const 3))))))
            (f64.store (i32.add (local.get $dc) (i32.shl (local.get $j) (i32.const 3))) (local.get $x))
            (if (f64.ne (local.get $x) (f64.const 0))
              (then
                (local.set $p (i32.add (local.get $dc) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))))
                (local.set $q (i32.add (local.get $lj) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3))))
                (local.set $vx (f64x2.splat (local.get $x)))
                (block $vdone
                  (loop $vloop
                    (br_if $vdone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
                    (v128.store (local.get $p)
                      (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (local.get $vx) (v128.load (local.get $q)))))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (local.set $q (i32.add (local.get $q) (i32.const 16)))
                    (br $vloop)))
                (if (i32.lt_u (local.get $p) (local.get $end))
                  (then
                    (f64.store (local.get $p)
                      (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $x) (f64.load (local.get $q)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jloop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cloop))))

  ;; Y (rows × cols, ldy) = X (rows × cols, ldx); when zero ≠ 0 also X = 0.
  (func $copy (param $rows i32) (param $cols i32) (param $x i32) (param $ldx i32) (param $y i32) (param $ldy i32)
    (param $zero i32)
    (local $j i32) (local $p i32) (local $q i32) (local $end i32)
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $cols)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $j) (local.get $ldx)) (i32.const 3))))
        (local.set $q (i32.add (local.get $y) (i32.shl (i32.mul (local.get $j) (local.get $ldy)) (i32.const 3))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $rows) (i32.const 3))))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $p) (local.get $end)))
            (f64.store (local.get $q) (f64.load (local.get $p)))
            (if (local.get $zero) (then (f64.store (local.get $p) (f64.const 0))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $iloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jloop))))

  ;; X = 0 on an m × n block
  (func $zero (param $m i32) (param $n i32) (param $x i32) (param $ldx i32)
    (local $j i32) (local $p i32) (local $end i32)
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $j) (local.get $ldx)) (i32.const 3))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $m) (i32.const 3))))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $p) (local.get $end)))
            (f64.store (local.get $p) (f64.const 0))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $iloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jloop))))

  ;; X = L⁻¹ by row blocks K (right-looking forward substitution on the identity):
  ;;   X(K, 0:K) = D_K · [I − Σ_{P<K} L(K,P)·X(P, :)](K, 0:K),  X(K,K) = D_K = L(K,K)⁻¹,
  ;; the bracket accumulated in place by X(K+, 0:K+) -= L(K+, K)·X(K, 0:K+).
  (func (export "trtri")
    (param $n i32) (param $l i32) (param $ldl i32) (param $x i32) (param $ldx i32) (param $nb i32)
    (param $d i32) (param $t i32) (param $pa i32) (param $pb i32)
    (local $k0 i32) (local $kb i32) (local $below i32) (local $xk i32)
    (call $zero (local.get $n) (local.get $n) (local.get $x) (local.get $ldx))
    (block $done
      (loop $kloop
        (br_if $done (i32.ge_s (local.get $k0) (local.get $n)))
        (local.set $kb (i32.sub (local.get $n) (local.get $k0)))
        (if (i32.gt_s (local.get $kb) (local.get $nb)) (then (local.set $kb (local.get $nb))))
        (call $invLower (local.get $kb)
          (i32.add (local.get $l)
            (i32.shl (i32.add (local.get $k0) (i32.mul (local.get $k0) (local.get $ldl))) (i32.const 3)))
          (local.get $ldl) (local.get $d))
        ;; xk = &X(k0, 0)
        (local.set $xk (i32.add (local.get $x) (i32.shl (local.get $k0) (i32.const 3))))
        ;; X(K,K) = D_K
        (call $copy (local.get $kb) (local.get $kb) (local.get $d) (local.get $kb)
          (i32.add (local.get $xk) (i32.shl (i32.mul (local.get $k0) (local.get $ldx)) (i32.const 3)))
          (local.get $ldx) (i32.const 0))
        ;; X(K, 0:k0) = D_K · X(K, 0:k0) via T = X(K, 0:k0), X(K, 0:k0) = 0
        (if (i32.gt_s (local.get $k0) (i32.const 0))
          (then
            (call $copy (local.get $kb) (local.get $k0) (local.get $xk) (local.get $ldx)
              (local.get $t) (local.get $kb) (i32.const 1))
            ;; (kb ≤ nb ≤ KC: one chunk; D_K triangular: each row strip stops at its diagonal)
            (call $pack_n (local.get $pa) (local.get $kb) (local.get $kb) (local.get $d) (local.get $kb))
            (call $pack_t (local.get $pb) (local.get $k0) (local.get $kb) (local.get $t) (local.get $kb))
            (call $kernel (local.get $kb) (local.get $k0) (local.get $kb) (f64.const 1)
              (local.get $pa) (local.get $pb) (local.get $xk) (local.get $ldx) (i32.const 0) (i32.const 1))))
        ;; X(K+, 0:k0+kb) -= L(K+, K) · X(K, 0:k0+kb)
        (local.set $below (i32.sub (i32.sub (local.get $n) (local.get $k0)) (local.get $kb)))
        (if (i32.gt_s (local.get $below) (i32.const 0))
          (then
            (call $gemm (i32.const 0) (i32.const 0) (local.get $below) (i32.add (local.get $k0) (local.get $kb))
              (local.get $kb) (f64.const -1)
              (i32.add (local.get $l)
                (i32.shl
                  (i32.add (i32.add (local.get $k0) (local.get $kb)) (i32.mul (local.get $k0) (local.get $ldl)))
                  (i32.const 3)))
              (local.get $ldl)
              (local.get $xk) (local.get $ldx)
              (i32.add (local.get $xk) (i32.shl (local.get $kb) (i32.const 3))) (local.get $ldx)
              (i32.const 0) (local.get $pa) (local.get $pb))))
        (local.set $k0 (i32.add (local.get $k0) (local.get $nb)))
        (br $kloop))))

  ;; tril(Z) = tril(XᵀX) = Σ_P X(P, 0:P+)ᵀ X(P, 0:P+) over row blocks P.
  (func (export "lauum")
    (param $n i32) (param $x i32) (param $ldx i32) (param $z i32) (param $ldz i32) (param $nb i32) (param $pa i32)
    (local $j i32) (local $p0 i32) (local $pb i32) (local $w i32)
    ;; zero the lower triangle of Z
    (block $zdone
      (loop $zloop
        (br_if $zdone (i32.ge_s (local.get $j) (local.get $n)))
        (call $zero (i32.sub (local.get $n) (local.get $j)) (i32.const 1)
          (i32.add (local.get $z)
            (i32.shl (i32.add (local.get $j) (i32.mul (local.get $j) (local.get $ldz))) (i32.const 3)))
          (local.get $ldz))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $zloop)))
    (block $done
      (loop $ploop
        (br_if $done (i32.ge_s (local.get $p0) (local.get $n)))
        (local.set $pb (i32.sub (local.get $n) (local.get $p0)))
        (if (i32.gt_s (local.get $pb) (local.get $nb)) (then (local.set $pb (local.get $nb))))
        (local.set $w (i32.add (local.get $p0) (local.get $pb)))
        (call $syrk (i32.const 1) (local.get $w) (local.get $w) (local.get $pb) (f64.const 1)
          (i32.add (local.get $x) (i32.shl (local.get $p0) (i32.const 3))) (local.get $ldx)
          (local.get $z) (local.get $ldz) (local.get $pa))
        (local.set $p0 (i32.add (local.get $p0) (local.get $nb)))
        (br $ploop))))

  ;; D_K = L(K,K)⁻¹ for every diagonal block K of an n × n lower L (nb-blocks;
  ;; block K at d + 8·K·nb², leading dimension kb).
  (func (export "trtri_diag") (param $n i32) (param $l i32) (param $ldl i32) (param $nb i32) (param $d i32)
    (local $k0 i32) (local $kb i32) (local $dk i32)
    (local.set $dk (local.get $d))
    (block $done
      (loop $kloop
        (br_if $done (i32.ge_s (local.get $k0) (local.get $n)))
        (local.set $kb (i32.sub (local.get $n) (local.get $k0)))
        (if (i32.gt_s (local.get $kb) (local.get $nb)) (then (local.set $kb (local.get $nb))))
        (call $invLower (local.get $kb)
          (i32.add (local.get $l)
            (i32.shl (i32.add (local.get $k0) (i32.mul (local.get $k0) (local.get $ldl))) (i32.const 3)))
          (local.get $ldl) (local.get $dk))
        (local.set $dk (i32.add (local.get $dk) (i32.shl (i32.mul (local.get $nb) (local.get $nb)) (i32.const 3))))
        (local.set $k0 (i32.add (local.get $k0) (local.get $nb)))
        (br $kloop))))

  ;; Columns j0..j1-1 of X = L⁻¹: the steps of `trtri`
  ;; restricted to those columns, in the same order, from the D_K of trtri_diag
  ;; (t: scratch of nb·(j1 − j0) doubles).
  (func $trtri_cols
    (param $n i32) (param $l i32) (param $ldl i32) (param $x i32) (param $ldx i32) (param $nb i32)
    (param $d i32) (param $t i32) (param $pa i32) (param $pb i32) (param $j0 i32) (param $j1 i32)
    (local $k0 i32) (local $kb i32) (local $dk i32) (local $xk i32) (local $a1 i32) (local $b0 i32) (local $b1 i32)
    (local $below i32)
    (call $zero (local.get $n) (i32.sub (local.get $j1) (local.get $j0))
      (i32.add (local.get $x) (i32.shl (i32.mul (local.get $j0) (local.get $ldx)) (i32.const 3))) (local.get $ldx))
    (local.set $dk (local.get $d))
    (block $done
      (loop $kloop
        (br_if $done (i32.ge_s (local.get $k0) (local.get $n)))
        (local.set $kb (i32.sub (local.get $n) (local.get $k0)))
        (if (i32.gt_s (local.get $kb) (local.get $nb)) (then (local.set $kb (local.get $nb))))
        (if (i32.gt_s (i32.add (local.get $k0) (local.get $kb)) (local.get $j0))
          (then
            (local.set $xk (i32.add (local.get $x) (i32.shl (local.get $k0) (i32.const 3))))
            ;; X(K, j0:a1) = D_K · X(K, j0:a1), a1 = min(j1, k0), via T
            (local.set $a1 (select (local.get $j1) (local.get $k0) (i32.lt_s (local.get $j1) (local.get $k0))))
            (if (i32.gt_s (local.get $a1) (local.get $j0))
              (then
                (call $copy (local.get $kb) (i32.sub (local.get $a1) (local.get $j0))
                  (i32.add (local.get $xk) (i32.shl (i32.mul (local.get $j0) (local.get $ldx)) (i32.const 3)))
                  (local.get $ldx) (local.get $t) (local.get $kb) (i32.const 1))
                (call $pack_n (local.get $pa) (local.get $kb) (local.get $kb) (local.get $dk) (local.get $kb))
                (call $pack_t (local.get $pb) (i32.sub (local.get $a1) (local.get $j0)) (local.get $kb)
                  (local.get $t) (local.get $kb))
                (call $kernel (local.get $kb) (i32.sub (local.get $a1) (local.get $j0)) (local.get $kb) (f64.const 1)
                  (local.get $pa) (local.get $pb)
                  (i32.add (local.get $xk) (i32.shl (i32.mul (local.get $j0) (local.get $ldx)) (i32.const 3)))
                  (local.get $ldx) (i32.const 0) (i32.const 1))))
            ;; X(K, b0:b1) = D_K(:, b0−k0 : b1−k0) on the diagonal block's columns
            (local.set $b0 (select (local.get $j0) (local.get $k0) (i32.gt_s (local.get $j0) (local.get $k0))))
            (local.set $b1 (i32.add (local.get $k0) (local.get $kb)))
            (if (i32.lt_s (local.get $j1) (local.get $b1)) (then (local.set $b1 (local.get $j1))))
            (if (i32.gt_s (local.get $b1) (local.get $b0))
              (then
                (call $copy (local.get $kb) (i32.sub (local.get $b1) (local.get $b0))
                  (i32.add (local.get $dk)
                    (i32.shl (i32.mul (i32.sub (local.get $b0) (local.get $k0)) (local.get $kb)) (i32.const 3)))
                  (local.get $kb)
                  (i32.add (local.get $xk) (i32.shl (i32.mul (local.get $b0) (local.get $ldx)) (i32.const 3)))
                  (local.get $ldx) (i32.const 0))))
            ;; X(K+, j0:b1) -= L(K+, K) · X(K, j0:b1)
            (local.set $below (i32.sub (i32.sub (local.get $n) (local.get $k0)) (local.get $kb)))
            (if (i32.and (i32.gt_s (local.get $below) (i32.const 0)) (i32.gt_s (local.get $b1) (local.get $j0)))
              (then
                (call $gemm (i32.const 0) (i32.const 0) (local.get $below) (i32.sub (local.get $b1) (local.get $j0))
                  (local.get $kb) (f64.const -1)
                  (i32.add (local.get $l)
                    (i32.shl
                      (i32.add (i32.add (local.get $k0) (local.get $kb)) (i32.mul (local.get $k0) (local.get $ldl)))
                      (i32.const 3)))
                  (local.get $ldl)
                  (i32.add (local.get $xk) (i32.shl (i32.mul (local.get $j0) (local.get $ldx)) (i32.const 3)))
                  (local.get $ldx)
                  (i32.add (local.get $xk)
                    (i32.shl (i32.add (local.get $kb) (i32.mul (local.get $j0) (local.get $ldx))) (i32.const 3)))
                  (local.get $ldx)
                  (i32.const 0) (local.get $pa) (local.get $pb))))))
        (local.set $dk (i32.add (local.get $dk) (i32.shl (i32.mul (local.get $nb) (local.get $nb)) (i32.const 3))))
        (local.set $k0 (i32.add (local.get $k0) (local.get $nb)))
        (br $kloop))))

  ;; Columns j0..j1-1 of tril(Z) = tril(XᵀX): the steps of
  ;; `lauum` restricted to those columns, in the same order.
  (func $lauum_cols
    (param $n i32) (param $x i32) (param $ldx i32) (param $z i32) (param $ldz i32) (param $nb i32) (param $pa i32)
    (param $j0 i32) (param $j1 i32)
    (local $j i32) (local $p0 i32) (local $pb i32) (local $w i32) (local $e i32)
    (local.set $j (local.get $j0))
    (block $zdone
      (loop $zloop
        (br_if $zdone (i32.ge_s (local.get $j) (local.get $j1)))
        (call $zero (i32.sub (local.get $n) (local.get $j)) (i32.const 1)
          (i32.add (local.get $z)
            (i32.shl (i32.add (local.get $j) (i32.mul (local.get $j) (local.get $ldz))) (i32.const 3)))
          (local.get $ldz))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $zloop)))
    (block $done
      (loop $ploop
        (br_if $done (i32.ge_s (local.get $p0) (local.get $n)))
        (local.set $pb (i32.sub (local.get $n) (local.get $p0)))
        (if (i32.gt_s (local.get $pb) (local.get $nb)) (then (local.set $pb (local.get $nb))))
        (local.set $w (i32.add (local.get $p0) (local.get $pb)))
        (if (i32.gt_s (local.get $w) (local.get $j0))
          (then
            (local.set $e (select (local.get $j1) (local.get $w) (i32.lt_s (local.get $j1) (local.get $w))))
            (call $syrk (i32.const 1) (i32.sub (local.get $w) (local.get $j0)) (i32.sub (local.get $e) (local.get $j0))
              (local.get $pb) (f64.const 1)
              (i32.add (local.get $x)
                (i32.shl (i32.add (local.get $p0) (i32.mul (local.get $j0) (local.get $ldx))) (i32.const 3)))
              (local.get $ldx)
              (i32.add (local.get $z)
                (i32.shl (i32.add (local.get $j0) (i32.mul (local.get $j0) (local.get $ldz))) (i32.const 3)))
              (local.get $ldz) (local.get $pa))))
        (local.set $p0 (i32.add (local.get $p0) (local.get $nb)))
        (br $ploop))))

  ;; Job record at byte `job` (i32 slots unless noted):
  ;;   0 kind (1 syrk, 2 gemm, 3 trtri, 4 lauum), 1 chunk width W, 2 by rows (gemm)
  ;;   3.. operands:  syrk  trans m n k a lda c ldc
  ;;                  gemm  ta tb m n k a lda b ldb c ldc lower
  ;;                  trtri n l ldl x ldx nb d
  ;;                  lauum n x ldx z ldz nb
  ;;   byte 64: alpha (f64); byte 80 + 16·tid: thread tid's pa, pb, t (byte addresses)
  (func (export "chunk") (param $job i32) (param $c i32) (param $tid i32)
    (local $kind i32) (local $w i32) (local $s0 i32) (local $s1 i32) (local $pa i32) (local $pb i32) (local $t i32)
    (local $m i32) (local $n i32) (local $lda i32) (local $ldc i32) (local $trans i32) (local $a i32) (local $cc i32)
    (local $tb i32) (local $ldb i32) (local $b i32) (local $lower i32) (local $alpha f64)
    (local.set $kind (i32.load (local.get $job)))
    (local.set $w (i32.load offset=4 (local.get $job)))
    (local.set $alpha (f64.load offset=64 (local.get $job)))
    (local.set $pa (i32.load offset=80 (i32.add (local.get $job) (i32.shl (local.get $tid) (i32.const 4)))))
    (local.set $pb (i32.load offset=84 (i32.add (local.get $job) (i32.shl (local.get $tid) (i32.const 4)))))
    (local.set $t (i32.load offset=88 (i32.add (local.get $job) (i32.shl (local.get $tid) (i32.const 4)))))
    ;; s0..s1: this chunk's columns (rows when by rows)
    (local.set $s0 (i32.mul (local.get $c) (local.get $w)))
    (local.set $s1 (i32.add (local.get $s0) (local.get $w)))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then
        ;; syrk: C(s0:m, s0:s1) += alpha·op(A)(s0:m, :)·op(A)(s0:s1, :)ᵀ
        (local.set $trans (i32.load offset=12 (local.get $job)))
        (local.set $m (i32.load offset=16 (local.get $job)))
        (local.set $n (i32.load offset=20 (local.get $job)))
        (local.set $a (i32.load offset=28 (local.get $job)))
        (local.set $lda (i32.load offset=32 (local.get $job)))
        (local.set $cc (i32.load offset=36 (local.get $job)))
        (local.set $ldc (i32.load offset=40 (local.get $job)))
        (if (i32.gt_s (local.get $s1) (local.get $n)) (then (local.set $s1 (local.get $n))))
        (call $syrk (local.get $trans) (i32.sub (local.get $m) (local.get $s0)) (i32.sub (local.get $s1) (local.get $s0))
          (i32.load offset=24 (local.get $job)) (local.get $alpha)
          (i32.add (local.get $a)
            (i32.shl (select (i32.mul (local.get $s0) (local.get $lda)) (local.get $s0) (local.get $trans)) (i32.const 3)))
          (local.get $lda)
          (i32.add (local.get $cc)
            (i32.shl (i32.add (local.get $s0) (i32.mul (local.get $s0) (local.get $ldc))) (i32.const 3)))
          (local.get $ldc) (local.get $pa))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then
        (local.set $trans (i32.load offset=12 (local.get $job)))
        (local.set $tb (i32.load offset=16 (local.get $job)))
        (local.set $m (i32.load offset=20 (local.get $job)))
        (local.set $n (i32.load offset=24 (local.get $job)))
        (local.set $a (i32.load offset=32 (local.get $job)))
        (local.set $lda (i32.load offset=36 (local.get $job)))
        (local.set $b (i32.load offset=40 (local.get $job)))
        (local.set $ldb (i32.load offset=44 (local.get $job)))
        (local.set $cc (i32.load offset=48 (local.get $job)))
        (local.set $ldc (i32.load offset=52 (local.get $job)))
        (local.set $lower (i32.load offset=56 (local.get $job)))
        (if (i32.load offset=8 (local.get $job))
          (then
            ;; by rows: C(s0:s1, :) += alpha·op(A)(s0:s1, :)·op(B)
            (if (i32.gt_s (local.get $s1) (local.get $m)) (then (local.set $s1 (local.get $m))))
            (call $gemm (local.get $trans) (local.get $tb) (i32.sub (local.get $s1) (local.get $s0)) (local.get $n)
              (i32.load offset=28 (local.get $job)) (local.get $alpha)
              (i32.add (local.get $a)
                (i32.shl (select (i32.mul (local.get $s0) (local.get $lda)) (local.get $s0) (local.get $trans))
                  (i32.const 3)))
              (local.get $lda) (local.get $b) (local.get $ldb)
              (i32.add (local.get $cc) (i32.shl (local.get $s0) (i32.const 3))) (local.get $ldc)
              (i32.const 0) (local.get $pa) (local.get $pb))
            (return)))
        ;; by columns: C(r0:m, s0:s1) += alpha·op(A)(r0:m, :)·op(B)(:, s0:s1), r0 = lower ? s0 : 0
        (if (i32.gt_s (local.get $s1) (local.get $n)) (then (local.set $s1 (local.get $n))))
        (if (i32.eqz (local.get $lower)) (then (local.set $s0 (i32.const 0))))
        (call $gemm (local.get $trans) (local.get $tb) (i32.sub (local.get $m) (local.get $s0))
          (i32.sub (local.get $s1) (i32.mul (local.get $c) (local.get $w)))
          (i32.load offset=28 (local.get $job)) (local.get $alpha)
          (i32.add (local.get $a)
            (i32.shl (select (i32.mul (local.get $s0) (local.get $lda)) (local.get $s0) (local.get $trans)) (i32.const 3)))
          (local.get $lda)
          (i32.add (local.get $b)
            (i32.shl
              (select (i32.mul (local.get $c) (local.get $w))
                (i32.mul (i32.mul (local.get $c) (local.get $w)) (local.get $ldb)) (local.get $tb))
              (i32.const 3)))
          (local.get $ldb)
          (i32.add (local.get $cc)
            (i32.shl (i32.add (local.get $s0) (i32.mul (i32.mul (local.get $c) (local.get $w)) (local.get $ldc)))
              (i32.const 3)))
          (local.get $ldc) (local.get $lower) (local.get $pa) (local.get $pb))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 3))
      (then
        (local.set $n (i32.load offset=12 (local.get $job)))
        (if (i32.gt_s (local.get $s1) (local.get $n)) (then (local.set $s1 (local.get $n))))
        (call $trtri_cols (local.get $n) (i32.load offset=16 (local.get $job)) (i32.load offset=20 (local.get $job))
          (i32.load offset=24 (local.get $job)) (i32.load offset=28 (local.get $job))
          (i32.load offset=32 (local.get $job)) (i32.load offset=36 (local.get $job))
          (local.get $t) (local.get $pa) (local.get $pb) (local.get $s0) (local.get $s1))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 4))
      (then
        (local.set $n (i32.load offset=12 (local.get $job)))
        (if (i32.gt_s (local.get $s1) (local.get $n)) (then (local.set $s1 (local.get $n))))
        (call $lauum_cols (local.get $n) (i32.load offset=16 (local.get $job)) (i32.load offset=20 (local.get $job))
          (i32.load offset=24 (local.get $job)) (i32.load offset=28 (local.get $job))
          (i32.load offset=32 (local.get $job)) (local.get $pa) (local.get $s0) (local.get $s1)))))
)
