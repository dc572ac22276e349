// Raw-id -> dense-index mapping for ratings (Surprise's Trainset: raw ids to inner ids), shared by build-data, eval and
// the big-ratings generator so they all number users and items the same way.

/** One id space: raw ids get dense indices 0, 1, 2, ... in first-seen order. */
export class IdIndex {
  private readonly indexOf = new Map<number, number>();

  get size(): number {
    return this.indexOf.size;
  }

  /** The dense index of `raw`, assigning the next one if it was never seen. */
  add(raw: number): number {
    let index = this.indexOf.get(raw);
    if (index === undefined) {
      index = this.indexOf.size;
      this.indexOf.set(raw, index);
    }
    return index;
  }

  /** The dense index of `raw`, or undefined if it was never added. */
  find(raw: number): number | undefined {
    return this.indexOf.get(raw);
  }

  /** Raw ids by dense index (`rawIds()[i]` was given index i). */
  rawIds(): Int32Array {
    return Int32Array.from(this.indexOf.keys());
  }
}

/**
 * Dense user and item indices over raw user ids and raw item ids (e.g. TMDB ids), in first-seen order.
 * Feed several rating tables through one index to give them one shared index space (a train and a test split).
 */
export class RatingIndex {
  readonly users = new IdIndex();
  readonly items = new IdIndex();

  get nUsers(): number {
    return this.users.size;
  }

  get nItems(): number {
    return this.items.size;
  }

  /**
   * Indexes `count` ratings given as parallel raw-id arrays; returns their dense user and item indices
   * (rating r is (user[r], item[r])). Users and items never seen before get the next free index.
   */
  addRatings(rawUsers: ArrayLike<number>, rawItems: ArrayLike<number>, count = rawUsers.length): { user: Int32Array; item: Int32Array } {
    const user = new Int32Array(count);
    const item = new Int32Array(count);
    for (let r = 0; r < count; r++) {
      user[r] = this.users.add(rawUsers[r]);
      item[r] = this.items.add(rawItems[r]);
    }
    return { user, item };
  }
}
