// In place of a view that needs every rating (For you, Explore's "hide rated", Your taste…) while a long history is
// still read: the count, said politely; the view replaces it once the mirror has read them all (issue 21 item 5).
export function RatingsReading({ count }: { count: number }) {
  return (
    <section className="view" aria-labelledby="ratings-reading-heading">
      <h1 id="ratings-reading-heading" className="view-title">
        Reading your ratings
      </h1>
      <p role="status" className="view-lede">
        Reading your {count} ratings from this device… This page needs all of them; Search, My ratings and the watchlist work meanwhile.
      </p>
    </section>
  );
}
