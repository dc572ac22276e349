// One field's inverted lists: for term t, docs[ptr[t]..ptr[t+1]] (ascending) with their term frequencies.

export interface Postings {
  ptr: Uint32Array;
  docs: Uint32Array;
  tfs: Uint8Array;
  /** Terms per doc in this field. */
  lengths: Uint16Array;
  averageLength: number;
}

/** Collects each doc's terms (doc order), then transposes them into postings once the vocabulary is complete. */
export class FieldBuilder {
  private readonly docIndptr: number[] = [0];
  private readonly terms: number[] = [];
  private readonly counts: number[] = [];
  readonly lengths: Uint16Array;

  constructor(readonly rows: number) {
    this.lengths = new Uint16Array(rows);
  }

  /** Adds the next doc's terms (repeats count as term frequency). */
  addDoc(termIds: ArrayLike<number>): void {
    const doc = this.docIndptr.length - 1;
    this.lengths[doc] = Math.min(0xffff, termIds.length);
    if (termIds.length === 1) {
      this.terms.push(termIds[0]);
      this.counts.push(1);
    } else if (termIds.length > 1) {
      const sorted = Array.from(termIds).sort((a, b) => a - b);
      for (let i = 0; i < sorted.length;) {
        let j = i + 1;
        while (j < sorted.length && sorted[j] === sorted[i]) j++;
        this.terms.push(sorted[i]);
        this.counts.push(Math.min(255, j - i));
        i = j;
      }
    }
    this.docIndptr.push(this.terms.length);
  }

  build(vocabularySize: number): Postings {
    if (this.docIndptr.length - 1 !== this.rows) throw new Error(`field has ${this.docIndptr.length - 1} docs, expected ${this.rows}`);
    const ptr = new Uint32Array(vocabularySize + 1);
    for (const t of this.terms) ptr[t + 1]++;
    for (let t = 0; t < vocabularySize; t++) ptr[t + 1] += ptr[t];
    const fill = ptr.slice(0, vocabularySize);
    const docs = new Uint32Array(this.terms.length);
    const tfs = new Uint8Array(this.terms.length);
    let total = 0;
    for (let d = 0; d < this.rows; d++) {
      total += this.lengths[d];
      for (let i = this.docIndptr[d]; i < this.docIndptr[d + 1]; i++) {
        const at = fill[this.terms[i]]++;
        docs[at] = d;
        tfs[at] = this.counts[i];
      }
    }
    return { ptr, docs, tfs, lengths: this.lengths, averageLength: this.rows > 0 ? Math.max(total / this.rows, 1e-6) : 1 };
  }
}

/** Term frequency of `term` in `doc` (0 when absent): binary search in the term's ascending doc list. */
export function termFrequency(p: Postings, term: number, doc: number): number {
  let lo = p.ptr[term];
  let hi = p.ptr[term + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = p.docs[mid];
    if (d === doc) return p.tfs[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
