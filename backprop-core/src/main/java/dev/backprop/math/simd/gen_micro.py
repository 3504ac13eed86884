#!/usr/bin/env python3
"""Writes MicroKernels.java, UnpackedTiles.java and Transposes.java beside this script (package
dev.backprop.math.simd).

The GEMM micro-kernels and the unpacked kernels' tiles are the same loop unrolled for several tile
sizes (rows x vectors), and C2 only keeps them in registers when every accumulator is a named
local, so they are generated rather than written out by hand. Run it from anywhere:
python3 backprop-core/src/main/java/dev/backprop/math/simd/gen_micro.py
"""
import pathlib

ROWS = (12, 8, 4)
VECTORS = (2, 1)
HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "MicroKernels.java"
TRANSPOSES = HERE / "Transposes.java"
UNPACKED = HERE / "UnpackedTiles.java"


def c_index(r, v):
    """The index in C of row r, vector v of a tile at cBase."""
    row = "cBase" if r == 0 else ("cBase + ldc" if r == 1 else f"cBase + {r} * ldc")
    return row + (" + L" if v == 1 else "")


def tile_index(r, v):
    """The index in `tile` (row stride NR) of row r, vector v."""
    parts = [p for p in (f"{r} * NR" if r > 1 else ("NR" if r == 1 else ""), "L" if v == 1 else "") if p]
    return " + ".join(parts) if parts else "0"


def kernel(rows, nv, edge, add=False):
    """The full-tile kernel stores straight into C; the edge kernel stores through `tile`.

    They are separate methods because one method with both stores grows past what C2 will inline
    in one compilation, and C2 then boxes the vectors (hundreds of MB per training step).
    """
    name = f"tile{rows}x{nv}" + ("Edge" if edge else ("Add" if add else ""))
    width = "NR" if nv == 2 else "L"
    lines = []
    lines.append("    /**")
    lines.append(f"     * A {rows} × {nv}·L tile of C from a packed A panel (row r of step kk at")
    if edge:
        lines.append(f"     * {{@code pa[aBase + kk·MR + r]}}) and a packed B panel ({{@code pb[kk·NR + j]}}): C = tile, or")
        lines.append(f"     * C += tile when {{@code accumulate}}. Stores rows [0, nRows) × columns [0, cols) through")
        lines.append("     * {@code tile}.")
        lines.append("     */")
        lines.append(f"    static void {name}(float[] pa, int aBase, float[] pb, int kc, float[] c, int cBase, int ldc,")
        lines.append("                        int nRows, int cols, boolean accumulate, float[] tile) {")
    else:
        lines.append(f"     * {{@code pa[aBase + kk·MR + r]}}) and a packed B panel ({{@code pb[kk·NR + j]}}):")
        lines.append(f"     * {'C += tile' if add else 'C = tile'}: all {rows} rows × {width} columns.")
        lines.append("     */")
        if add:
            lines.append(f"    static void {name}(float[] pa, int aBase, float[] pb, int kc, float[] c, int cBase, int ldc,")
            lines.append("                        float[] tile) {")
        else:
            lines.append(f"    static void {name}(float[] pa, int aBase, float[] pb, int kc, float[] c, int cBase, int ldc) {{")
    for r in range(rows):
        for v in range(nv):
            init = "FloatVector.zero(S)" if (r, v) == (0, 0) else "c0_0"
            lines.append(f"        FloatVector c{r}_{v} = {init};")
    lines.append("        for (int kk = 0, ai = aBase, bi = 0; kk < kc; kk++, ai += MR, bi += NR) {")
    for v in range(nv):
        off = "bi" if v == 0 else "bi + L"
        lines.append(f"            FloatVector b{v} = FloatVector.fromArray(S, pb, {off});")
    for r in range(rows):
        idx = "ai" if r == 0 else f"ai + {r}"
        lines.append(f"            FloatVector a{r} = FloatVector.broadcast(S, pa[{idx}]);")
        for v in range(nv):
            lines.append(f"            c{r}_{v} = b{v}.fma(a{r}, c{r}_{v});")
    lines.append("        }")
    if not edge:
        # Written out: a helper taking vectors is not inlined into a method this large, and C2
        # then boxes every accumulator.
        # No branch: storing and adding are separate methods. With both in one method, JDK 17's
        # C2 sometimes gave up the store intrinsics and boxed every vector (hundreds of MB per N2
        # step).
        # Adding goes through `tile` and a plain loop (addTile): the add-and-store written out
        # here still made C2 box the vectors in some N2 runs, the plain stores never did.
        for r in range(rows):
            for v in range(nv):
                if add:
                    lines.append(f"        c{r}_{v}.intoArray(tile, {tile_index(r, v)});")
                else:
                    lines.append(f"        c{r}_{v}.intoArray(c, {c_index(r, v)});")
        if add:
            lines.append(f"        addTile(tile, {rows}, c, cBase, ldc);")
    else:
        for r in range(rows):
            for v in range(nv):
                lines.append(f"        c{r}_{v}.intoArray(tile, {tile_index(r, v)});")
        lines.append("        copyTile(tile, nRows, cols, c, cBase, ldc, accumulate);")
    lines.append("    }")
    return "\n".join(lines)


HEADER = '''package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

// Generated by gen_micro.py (beside this file): edit the generator, not this file.

/**
 * The register-blocked micro-kernels of {@link Gemm}'s packed GEMM: each keeps a tile of
 * C (rows × one or two vectors of columns) in registers and, for every step kk of a k-block,
 * broadcasts one element of each packed A row and adds it times the packed B row by a fused
 * multiply-add. The 12 × 2 tile (24 accumulators) is the main kernel; the smaller ones do the last
 * rows and columns, so that little padding is computed. Whole tiles are stored straight into C;
 * partial ones (the *Edge kernels) through a small buffer.
 *
 * <p>Every element of C is the same chain of fused multiply-adds, in the order of kk, whichever
 * kernel computes it, so the choice of kernel never changes the bits.
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = Lanes.S;
    static final int L = Lanes.L;
    static final int NR = Gemm.NR;
    static final int MR = Gemm.MR;

    private MicroKernels() {
    }

    /**
     * One tile of C from packed panels, choosing the smallest kernel that covers it.
     *
     * @param pa packed A: row r of step kk at {@code pa[aBase + kk·MR + r]}
     * @param pb packed B: {@code pb[kk·NR + j]}
     * @param nRows rows of C to store, 1..12
     * @param cols columns of C to store, 1..NR
     */
    static void tile(float[] pa, int aBase, float[] pb, int kc, float[] c, int cBase, int ldc,
                     int nRows, int cols, boolean accumulate, float[] tile) {
        if (cols == NR && nRows == 12) {
            if (accumulate) {
                tile12x2Add(pa, aBase, pb, kc, c, cBase, ldc, tile);
            } else {
                tile12x2(pa, aBase, pb, kc, c, cBase, ldc);
            }
        } else if (cols > L) {
            if (nRows > 8) {
                tile12x2Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
            } else if (nRows == 8 && cols == NR) {
                if (accumulate) {
                    tile8x2Add(pa, aBase, pb, kc, c, cBase, ldc, tile);
                } else {
                    tile8x2(pa, aBase, pb, kc, c, cBase, ldc);
                }
            } else if (nRows > 4) {
                tile8x2Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
            } else if (nRows == 4 && cols == NR) {
                if (accumulate) {
                    tile4x2Add(pa, aBase, pb, kc, c, cBase, ldc, tile);
                } else {
                    tile4x2(pa, aBase, pb, kc, c, cBase, ldc);
                }
            } else {
                tile4x2Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
            }
        } else if (nRows > 8) {
            tile12x1Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
        } else if (nRows > 4) {
            tile8x1Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
        } else {
            tile4x1Edge(pa, aBase, pb, kc, c, cBase, ldc, nRows, cols, accumulate, tile);
        }
    }
'''

FOOTER = '''
    /** C += the rows × NR tile held in {@code tile} (row stride NR), a vector at a time. */
    private static void addTile(float[] tile, int rows, float[] c, int cBase, int ldc) {
        for (int r = 0; r < rows; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < NR; j += L) {
                FloatVector.fromArray(S, tile, r * NR + j).add(FloatVector.fromArray(S, c, row + j)).intoArray(c, row + j);
            }
        }
    }

    /** Stores rows × cols of a tile held in {@code tile} (row stride NR) into C. */
    private static void copyTile(float[] tile, int rows, int cols, float[] c, int cBase, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int row = cBase + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = accumulate ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }
}
'''

body = [HEADER]
for nv in VECTORS:
    for rows in ROWS:
        # Full tiles of one vector only occur at the right edge (cols <= L), so need no kernel.
        variants = ((False, False), (False, True), (True, False)) if nv == 2 else ((True, False),)
        for edge, add in variants:
            body.append("")
            body.append(kernel(rows, nv, edge, add))
body.append(FOOTER)
OUT.write_text("\n".join(body))
print("wrote", OUT.name)



def small_tile(rows, nv):
    """A rows x nv-vector tile of the small kernel, straight from op(A) and B (no packing).

    Two vectors: the rows of B from `safe` on come from the zero-padded copy `pad`, and C is stored
    as whole vectors where that stays inside C (full tiles, or lanes that spill into rows stored
    later), the rest through `tmp` and Small.storeRows, so that no vector crosses into a helper.
    Four vectors (the wide tile, short k): every row of B and C is whole.
    """
    wide = nv == 4
    name = f"small{rows}x{nv}"
    lines = ["    /**"]
    if wide:
        lines.append(f"     * {rows} rows × {nv} vectors of C = op(A) B for {{@link Small#small}}, all inside B and C:")
        lines.append("     * rows of op(A) from {@code a0} (stride {@code o.ai}), B from {@code bBase}, C at {@code cBase}.")
        lines.append("     */")
        lines.append(f"    static void {name}(Operands o, int a0, int bBase, int cBase) {{")
    else:
        lines.append(f"     * {rows} row{'s' if rows > 1 else ''} × {nv} vectors of C = op(A) B for {{@link Small#small}}, storing")
        lines.append("     * {@code cols} columns: rows of op(A) from {@code a0} (stride {@code o.ai}), rows [0, safe) of B")
        lines.append("     * from {@code bBase}, the rest from {@code o.pad}, C at {@code cBase}.")
        lines.append("     */")
        lines.append(f"    static void {name}(Operands o, int a0, int bBase, int safe, int cBase, int cols) {{")
    lines.append("        float[] a = o.a;")
    if rows > 1:
        lines.append("        int ai = o.ai;")
    lines.append("        int ap = o.ap;")
    lines.append("        float[] b = o.b;")
    lines.append("        int ldb = o.ldb;")
    if not wide:
        lines.append("        float[] pad = o.pad;")
    lines.append("        int k = o.k;")
    lines.append("        float[] c = o.c;")
    lines.append("        int ldc = o.ldc;")
    for r in range(1, rows):
        lines.append(f"        int a{r} = a{r - 1} + ai;")
    for r in range(rows):
        for v in range(nv):
            init = "FloatVector.zero(S)" if (r, v) == (0, 0) else "c0_0"
            lines.append(f"        FloatVector c{r}_{v} = {init};")
    lines.append("        for (int p = 0; p < k; p++) {")
    if wide:
        lines.append("            int bp = bBase + p * ldb;")
        src = "b"
    else:
        lines.append("            boolean inB = p < safe;")
        lines.append("            float[] src = inB ? b : pad;")
        lines.append("            int bp = inB ? bBase + p * ldb : (p - safe) * NR;")
        src = "src"
    for v in range(nv):
        off = "bp" if v == 0 else ("bp + L" if v == 1 else f"bp + {v} * L")
        lines.append(f"            FloatVector b{v} = FloatVector.fromArray(S, {src}, {off});")
    lines.append("            int q = p * ap;")
    for r in range(rows):
        lines.append(f"            {'FloatVector ' if r == 0 else ''}x = FloatVector.broadcast(S, a[a{r} + q]);")
        for v in range(nv):
            lines.append(f"            c{r}_{v} = b{v}.fma(x, c{r}_{v});")
    lines.append("        }")

    def c_at(r, v):
        row = "cBase" if r == 0 else ("cBase + ldc" if r == 1 else f"cBase + {r} * ldc")
        return row + ("" if v == 0 else (" + L" if v == 1 else f" + {v} * L"))

    def to_c(r):
        return [f"{ind}c{r}_{v}.intoArray(c, {c_at(r, v)});" for v in range(nv)]

    def to_tmp(r):
        return [f"{ind}c{r}_{v}.intoArray(tmp, {tile_index(r, v)});" for v in range(nv)]

    if wide:
        ind = "        "
        for r in range(rows):
            lines.extend(to_c(r))
        lines.append("    }")
        return "\n".join(lines)
    lines.append("        int spillEnd = o.spillEnd;")
    lines.append("        float[] tmp = o.tmp;")
    last = rows - 1
    if rows == 1:
        lines.append("        if (cols == NR || cBase + NR <= spillEnd) {")
        ind = "            "
        lines.extend(to_c(0))
        lines.append("            return;")
        lines.append("        }")
        ind = "        "
        lines.extend(to_tmp(0))
        lines.append("        Small.storeRows(tmp, 0, 1, c, cBase, ldc, cols, o.cEnd);")
        lines.append("    }")
        return "\n".join(lines)
    lines.append(f"        boolean whole = cols == NR || cBase + {rows - 2} * ldc + NR <= spillEnd;")
    lines.append("        if (whole) {")
    ind = "            "
    for r in range(last):
        lines.extend(to_c(r))
    lines.append(f"            if (cols == NR || cBase + {last} * ldc + NR <= spillEnd) {{")
    ind = "                "
    lines.extend(to_c(last))
    lines.append("                return;")
    lines.append("            }")
    lines.append("        } else {")
    ind = "            "
    for r in range(last):
        lines.extend(to_tmp(r))
    lines.append("        }")
    ind = "        "
    lines.extend(to_tmp(last))
    lines.append(f"        int first = whole ? {last} : 0;")
    lines.append(f"        Small.storeRows(tmp, first * NR, {rows} - first, c, cBase + first * ldc, ldc, cols, o.cEnd);")
    lines.append("    }")
    return "\n".join(lines)



def outer_tile():
    """The 4 x 2-vector tile of Outer.outer: one k-block, C = tile or C += tile.

    Rows from i1 on repeat row i1 - 1 (computed, not stored); a tile of fewer than NR columns reads
    B from the zero-padded `pad` and is stored through `tmp`; whole tiles by Outer.store, which
    stores (or adds) each branch's own vectors.
    """
    lines = ["    /**",
             "     * One 4 × NR tile of {@link Outer#outer}: rows [i, i + 4) of C, the rows from i1 on repeating",
             "     * row i1 − 1 (computed, not stored), columns from j, steps [k0, k0 + kc) of k; C = tile, or",
             "     * C += tile when {@code accumulate}. A tile of fewer than NR columns reads B from",
             "     * {@code o.pad}; stores {@code cols} columns.",
             "     */",
             "    static void outer4x2(Operands o, int i, int i1, int j, int k0, int kc, int cols, boolean accumulate) {",
             "        float[] a = o.a;",
             "        int ai = o.ai;",
             "        int ap = o.ap;",
             "        int aOff = o.aOff + k0 * ap;",
             "        int a0 = aOff + i * ai;"]
    for r in range(1, 4):
        lines.append(f"        int a{r} = aOff + Math.min(i + {r}, i1 - 1) * ai;")
    lines += ["        int rows = Math.min(4, i1 - i);",
              "        boolean padded = cols < NR;",
              "        float[] b = padded ? o.pad : o.b;",
              "        int ldb = padded ? NR : o.ldb;",
              "        int bBase = padded ? 0 : o.bOff + k0 * ldb + j;",
              "        float[] c = o.c;",
              "        int ldc = o.ldc;",
              "        int cBase = o.cOff + i * ldc + j;"]
    for r in range(4):
        for v in range(2):
            init = "FloatVector.zero(S)" if (r, v) == (0, 0) else "c0_0"
            lines.append(f"        FloatVector c{r}_{v} = {init};")
    lines += ["        for (int p = 0; p < kc; p++) {",
              "            int bp = bBase + p * ldb;",
              "            FloatVector b0 = FloatVector.fromArray(S, b, bp);",
              "            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);",
              "            int q = p * ap;"]
    for r in range(4):
        lines.append(f"            {'FloatVector ' if r == 0 else ''}x = FloatVector.broadcast(S, a[a{r} + q]);")
        for v in range(2):
            lines.append(f"            c{r}_{v} = b{v}.fma(x, c{r}_{v});")
    lines += ["        }", "        if (cols == NR) {"]
    for r in range(4):
        at = "cBase" if r == 0 else ("cBase + ldc" if r == 1 else f"cBase + {r} * ldc")
        if r == 0:
            lines.append(f"            Outer.store(c{r}_0, c{r}_1, c, {at}, accumulate);")
        else:
            lines.append(f"            if (rows > {r}) {{")
            lines.append(f"                Outer.store(c{r}_0, c{r}_1, c, {at}, accumulate);")
            lines.append("            }")
    lines += ["            return;", "        }", "        float[] tile = o.tmp;"]
    for r in range(4):
        for v in range(2):
            lines.append(f"        c{r}_{v}.intoArray(tile, {tile_index(r, v)});")
    lines += ["        Outer.copyTile(tile, rows, cols, c, cBase, ldc, accumulate);", "    }"]
    return "\n".join(lines)

SMALL_HEADER = """package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

// Generated by gen_micro.py (beside this file): edit the generator, not this file.

/**
 * The tiles of the unpacked kernels, {@link Small#small} and {@link Outer#outer}: each keeps rows ×
 * vectors of C in registers and, for every step p of k, broadcasts op(A)(i, p) of each row and adds
 * it times row p of B by a fused multiply-add, from zero and in the order of p, the same chain as
 * the packed micro-kernels, so the bits agree. Everything is written out: a helper taking vectors
 * would not be inlined and C2 would box them.
 */
final class UnpackedTiles {
    static final VectorSpecies<Float> S = Lanes.S;
    static final int L = Lanes.L;
    static final int NR = Gemm.NR;

    private UnpackedTiles() {
    }
"""

UNPACKED.write_text(SMALL_HEADER + "\n" + "\n\n".join(
    [small_tile(r, v) for r, v in ((6, 4), (6, 2), (4, 2), (1, 2))] + [outer_tile()]) + "\n}\n")
print("wrote", UNPACKED.name)

def transpose(rows):
    """A block of `rows` rows x 16 columns written transposed, by the butterfly network."""
    lines = []
    lines.append("    /**")
    lines.append(f"     * {{@code dst[to + t·stride + r] = src[at + r·ld + t]}} for r < {rows}, t < 16"
                 + ("" if rows == 16 else f" (lanes r ≥ {rows} zero)") + "; see the class comment.")
    lines.append("     */")
    lines.append(f"    static void block{rows}(float[] src, int at, int ld, float[] dst, int to, int stride) {{")
    for i in range(16):
        if i < rows:
            off = "at" if i == 0 else ("at + ld" if i == 1 else f"at + {i} * ld")
            lines.append(f"        FloatVector r{i} = FloatVector.fromArray(S, src, {off});")
        else:
            lines.append(f"        FloatVector r{i} = FloatVector.zero(S);")
    lines.append("        FloatVector u;")
    for w in (8, 4, 2, 1):
        for x in range(16):
            if x & w:
                continue
            y = x + w
            lines.append(f"        u = r{y}.blend(r{x}, HI{w}).rearrange(SW{w});")
            lines.append(f"        r{x} = r{x}.blend(u, HI{w});")
            lines.append(f"        r{y} = u.blend(r{y}, HI{w});")
    for t in range(16):
        off = "to" if t == 0 else ("to + stride" if t == 1 else f"to + {t} * stride")
        lines.append(f"        r{t}.intoArray(dst, {off});")
    lines.append("    }")
    return "\n".join(lines)


TRANSPOSE_HEADER = '''package dev.backprop.math.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

// Generated by gen_micro.py (beside this file): edit the generator, not this file.

/**
 * Blocks of up to 16 rows × 16 columns written transposed, for packing: B of the NT form (16
 * rows) and A of the NN and NT forms (12 rows, one micro-kernel panel). Only with 16 lanes
 * ({@link Lanes#NETWORK}).
 *
 * <p>Four rounds of a butterfly exchange the off-diagonal w × w sub-blocks (w = 8, 4, 2, 1) of
 * the row pairs (i, i + w): for the pair (x, y), u = (y with x's lanes that have bit w set)
 * permuted by lane ^ w, then x = x with u's high lanes and y = u with y's high lanes. That is one
 * lane permutation and three blends per pair instead of 256 scalar loads and stores. Each column
 * is stored as a whole vector in increasing t, so with a stride below 16 its spare lanes land
 * where the next column is then stored; the last column needs 16 − stride floats of room.
 * Everything is written out: a helper taking vectors would not be inlined and C2 would box them.
 */
final class Transposes {
    static final VectorSpecies<Float> S = Lanes.S;
    static final VectorShuffle<Float> SW8 = Lanes.SW8;
    static final VectorShuffle<Float> SW4 = Lanes.SW4;
    static final VectorShuffle<Float> SW2 = Lanes.SW2;
    static final VectorShuffle<Float> SW1 = Lanes.SW1;
    static final VectorMask<Float> HI8 = Lanes.HI8;
    static final VectorMask<Float> HI4 = Lanes.HI4;
    static final VectorMask<Float> HI2 = Lanes.HI2;
    static final VectorMask<Float> HI1 = Lanes.HI1;

    private Transposes() {
    }
'''

TRANSPOSES.write_text(TRANSPOSE_HEADER + "\n" + transpose(16) + "\n\n" + transpose(12) + "\n}\n")
print("wrote", TRANSPOSES.name)
