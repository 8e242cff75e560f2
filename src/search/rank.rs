//! Ranking: how much a match of one query word in one entry is worth.
//!
//! Invariant: the browser ranks with exactly these numbers; `mod.rs` writes
//! [`RankWeights::default`] into `meta.js` and `search-rank.js` (and
//! `search-query.js`, for the exact and prefix weights) reads them from
//! there, so the formula below is the one documentation of the order.
//!
//! An entry whose every query word is found in its title or aliases comes
//! first; then entries by the sum over query words of
//! `match kind × idf × field score`, then newer before older.
//!
//! [`PositionsOrder`] is that order for one word alone, in integers: a word's
//! positions are chunked in it, so the entries a phrase is checked in first
//! (the best-ranked) sit in the first chunks of each of its words.

use serde::Serialize;

/// Where in an entry a token occurs: bits of a posting's mask.
pub const TITLE: u8 = 1;
pub const ALIAS: u8 = 2;
pub const SUMMARY: u8 = 4;
pub const BODY: u8 = 8;
/// Topic titles and the date, written as words.
pub const META: u8 = 16;

#[derive(Debug, Clone, Serialize)]
pub struct RankWeights {
    /// Weights of TITLE, ALIAS, SUMMARY, BODY and META, in bit order.
    pub fields: [f64; 5],
    /// The query word is the indexed word, or stems to it.
    pub exact: f64,
    /// The indexed word only starts with the query word.
    pub prefix: f64,
}

impl Default for RankWeights {
    fn default() -> Self {
        RankWeights {
            fields: [12.0, 10.0, 4.0, 1.0, 2.0],
            exact: 1.0,
            prefix: 0.6,
        }
    }
}

impl RankWeights {
    /// The worth of one token in one entry: the weights of the fields it
    /// occurs in, the body's growing with the log of its count.
    pub fn field_score(&self, mask: u8, count: u32) -> f64 {
        let mut score = 0.0;
        for (bit, weight) in self.fields.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                score += if 1 << bit == BODY {
                    weight * (1.0 + f64::from(count.max(1)).ln())
                } else {
                    *weight
                };
            }
        }
        score
    }

    /// Rarer words count more.
    pub fn idf(documents: usize, document_frequency: usize) -> f64 {
        (1.0 + documents as f64 / document_frequency.max(1) as f64).ln()
    }
}

/// Integer weights ordering one word's postings as the ranking would, best
/// first: entries with the word in the title or aliases, then by
/// [`RankWeights::field_score`] in thousandths, then newer first (higher id).
/// Written to `meta.js` so that `search-index.js` sorts a postings list exactly as
/// the index did, with no floating point to disagree on.
#[derive(Debug, Clone, Serialize)]
pub struct PositionsOrder {
    /// Per field bit; BODY's is 0, its weight being in `body`.
    pub fields: [u32; 5],
    /// BODY's worth for a count of 0 to 31 (the counts postings keep).
    pub body: [u32; 32],
}

/// Added to the key of an entry with the word in its title or aliases.
pub const TOP_ORDER: u32 = 1 << 24;

impl PositionsOrder {
    pub fn of(weights: &RankWeights) -> PositionsOrder {
        let thousandths = |x: f64| (x * 1000.0).round() as u32;
        let mut fields = [0; 5];
        for (bit, field) in fields.iter_mut().enumerate() {
            if 1 << bit != BODY {
                *field = thousandths(weights.field_score(1 << bit, 1));
            }
        }
        let body =
            std::array::from_fn(|count| thousandths(weights.field_score(BODY, count as u32)));
        PositionsOrder { fields, body }
    }

    /// The larger the key, the earlier the posting; `count` is capped at 31
    /// as in the postings.
    pub fn key(&self, mask: u8, count: u32) -> u32 {
        let mut key = if mask & (TITLE | ALIAS) != 0 {
            TOP_ORDER
        } else {
            0
        };
        for (bit, weight) in self.fields.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                key += weight;
            }
        }
        if mask & BODY != 0 {
            key += self.body[count.min(31) as usize];
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_positions_order_follows_the_field_score() {
        let w = RankWeights::default();
        let order = PositionsOrder::of(&w);
        let all: Vec<(u8, u32)> = (0..32u8)
            .flat_map(|mask| (0..32u32).map(move |count| (mask, count)))
            .collect();
        for &(ma, ca) in &all {
            for &(mb, cb) in &all {
                let top = |m: u8| m & (TITLE | ALIAS) != 0;
                let (sa, sb) = (w.field_score(ma, ca), w.field_score(mb, cb));
                if top(ma) == top(mb) && sa > sb + 1e-3 {
                    assert!(
                        order.key(ma, ca) > order.key(mb, cb),
                        "{ma} {ca} / {mb} {cb}"
                    );
                }
                if top(ma) && !top(mb) {
                    assert!(order.key(ma, ca) > order.key(mb, cb));
                }
            }
        }
        // Counts past 31 are 31, as the postings keep them.
        assert_eq!(order.key(BODY, 400), order.key(BODY, 31));
    }

    #[test]
    fn a_title_match_outweighs_many_body_matches() {
        let w = RankWeights::default();
        assert!(w.field_score(TITLE, 1) > w.field_score(BODY, 31));
    }

    #[test]
    fn fields_rank_title_alias_summary_topic_body() {
        let w = RankWeights::default();
        let order = [TITLE, ALIAS, SUMMARY, META, BODY].map(|f| w.field_score(f, 1));
        assert!(order.windows(2).all(|p| p[0] > p[1]), "{order:?}");
    }

    #[test]
    fn an_exact_word_outranks_a_completion_in_the_same_field() {
        let w = RankWeights::default();
        assert!(w.exact * w.field_score(SUMMARY, 1) > w.prefix * w.field_score(SUMMARY, 1));
    }

    #[test]
    fn rare_words_weigh_more() {
        assert!(RankWeights::idf(10_000, 3) > RankWeights::idf(10_000, 3_000));
    }
}
