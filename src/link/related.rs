//! Related articles: for each article, the others sharing the most therapies with it, ties
//! broken by position (articles are sorted newest first, then by title), at most
//! [`MAX_RELATED`](crate::link::MAX_RELATED).
//!
//! Counting the shared therapies of every article of each of an article's therapies costs the
//! square of the articles per therapy: about 1.6 billion steps at 100,000 articles and 40
//! therapies. Instead, an index maps each set of up to [`MAX_SET`] therapies to the articles
//! that have all of them, in order. An article's list is then read level by level — first the
//! articles sharing all of its therapies, then those sharing all but one, and so on — each level
//! a merge of a few sorted lists that stops as soon as the list is full. An article with more
//! than [`MAX_SET`] therapies first takes, best first, the few articles sharing at least
//! [`MAX_SET`] of them (found in the lists of its subsets of that size, and counted), then the
//! lower levels the same way. (It once counted every article of each of its therapies: a
//! quarter of the realistic corpus's articles have five or six topics, and at 100,000 articles
//! that took about 4 s of a 25 s build.)

use std::cmp::Reverse;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Article, MAX_RELATED};

/// The largest therapy set the index holds: an article registers every subset of its
/// therapies up to this size (at most 4 + 6 + 4 + 1 = 15 entries for four therapies).
pub const MAX_SET: usize = 4;

/// A sorted set of at most [`MAX_SET`] therapy indices, padded with `u32::MAX`.
type SetKey = [u32; MAX_SET];

/// Each article's related articles, by the therapies and conditions they share; `therapies`
/// is how many therapies there are.
pub fn relate_articles(articles: &mut [Article], therapies: usize, memo: &RelatedMemo) {
    // Conditions count as topics after the therapies.
    let offset = therapies;
    let topics_of: Vec<Vec<usize>> = articles
        .iter()
        .map(|a| {
            let conditions = a.conditions.iter().map(|c| c + offset);
            a.therapies.iter().copied().chain(conditions).collect()
        })
        .collect();
    let related = memo.related(&topics_of, MAX_RELATED);
    for (article, related) in articles.iter_mut().zip(related.iter()) {
        article.related.clone_from(related);
    }
}

/// The related articles of the last builds, kept by a long-lived builder: a relinked site
/// whose articles have the same therapies and conditions in the same order (a title or date
/// edit that moves no article, most front matter edits) takes them from here.
#[derive(Debug, Default)]
pub struct RelatedMemo {
    /// What was asked for and what it came to, the newest last.
    kept: Mutex<Vec<Remembered>>,
}

/// One call of [`related_articles`]: `max`, each article's topics, and the related articles.
type Remembered = (usize, Vec<Vec<usize>>, Arc<Vec<Vec<usize>>>);

/// How many calls a [`RelatedMemo`] keeps: one per language of a site with that many.
const MEMO_ENTRIES: usize = 8;

impl RelatedMemo {
    /// [`related_articles`], taken from the memo when the same was asked for before.
    pub fn related(&self, therapies_of: &[Vec<usize>], max: usize) -> Arc<Vec<Vec<usize>>> {
        let kept = |memo: &Vec<Remembered>| {
            (memo.iter())
                .find(|(kept_max, topics, _)| *kept_max == max && topics == therapies_of)
                .map(|(_, _, related)| Arc::clone(related))
        };
        if let Some(related) = self.kept.lock().ok().and_then(|memo| kept(&memo)) {
            return related;
        }
        let related = Arc::new(related_articles(therapies_of, max));
        if let Ok(mut memo) = self.kept.lock() {
            if memo.len() == MEMO_ENTRIES {
                memo.remove(0);
            }
            memo.push((max, therapies_of.to_vec(), Arc::clone(&related)));
        }
        related
    }
}

/// For each article (given by its therapy indices, each list without repeats), the indices of
/// at most `max` related articles, best first.
pub fn related_articles(therapies_of: &[Vec<usize>], max: usize) -> Vec<Vec<usize>> {
    let index = SetIndex::new(therapies_of);
    (0..therapies_of.len())
        .into_par_iter()
        .map(|article| index.related(article, therapies_of, max))
        .collect()
}

/// Every set of up to [`MAX_SET`] therapies some article has, with the articles having it.
struct SetIndex {
    articles: FxHashMap<SetKey, Vec<u32>>,
}

impl SetIndex {
    fn new(therapies_of: &[Vec<usize>]) -> SetIndex {
        let mut articles: FxHashMap<SetKey, Vec<u32>> = FxHashMap::default();
        for (article, therapies) in therapies_of.iter().enumerate() {
            let sorted = sorted(therapies);
            for size in 1..=sorted.len().min(MAX_SET) {
                for_each_subset(&sorted, size, &mut |key| {
                    articles.entry(key).or_default().push(article as u32);
                });
            }
        }
        SetIndex { articles }
    }

    /// The related articles of `article` (`therapies_of` gives every article's therapies).
    fn related(&self, article: usize, therapies_of: &[Vec<usize>], max: usize) -> Vec<usize> {
        let mine = sorted(&therapies_of[article]);
        let mut chosen: Vec<usize> = Vec::with_capacity(max);
        let mut top = mine.len();
        if top > MAX_SET {
            self.sharing_most(article, &mine, therapies_of, max, &mut chosen);
            top = MAX_SET - 1;
        }
        // Each level finds the articles sharing exactly `level` therapies: those sharing more
        // were all taken at a higher level, or the list filled up there.
        for level in (1..=top).rev() {
            if chosen.len() == max {
                break;
            }
            let mut lists: Vec<&[u32]> = Vec::new();
            for_each_subset(&mine, level, &mut |key| {
                if let Some(list) = self.articles.get(&key) {
                    lists.push(list);
                }
            });
            merge_until_full(&mut lists, article, &mut chosen, max);
        }
        chosen
    }

    /// For an article with more than [`MAX_SET`] therapies (`mine`, sorted): takes into `chosen`
    /// the articles sharing at least [`MAX_SET`] of them, most shared first, then by position.
    /// Each has all the therapies of one of `mine`'s subsets of that size, so the lists of
    /// those subsets hold them all.
    fn sharing_most(
        &self,
        article: usize,
        mine: &[u32],
        therapies_of: &[Vec<usize>],
        max: usize,
        chosen: &mut Vec<usize>,
    ) {
        let mut candidates: Vec<u32> = Vec::new();
        for_each_subset(mine, MAX_SET, &mut |key| {
            if let Some(list) = self.articles.get(&key) {
                candidates.extend_from_slice(list);
            }
        });
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(Reverse<usize>, usize)> = candidates
            .into_iter()
            .map(|other| other as usize)
            .filter(|&other| other != article)
            .map(|other| {
                let shared = therapies_of[other]
                    .iter()
                    .filter(|&&t| mine.binary_search(&(t as u32)).is_ok())
                    .count();
                (Reverse(shared), other)
            })
            .collect();
        if scored.len() > max {
            scored.select_nth_unstable(max);
            scored.truncate(max);
        }
        scored.sort_unstable();
        chosen.extend(scored.into_iter().map(|(_, other)| other));
    }
}

/// Takes articles from the sorted `lists` in order (each once), skipping `article` itself and
/// those already chosen, until `chosen` holds `max`.
fn merge_until_full(lists: &mut [&[u32]], article: usize, chosen: &mut Vec<usize>, max: usize) {
    while chosen.len() < max {
        let Some(next) = lists.iter().filter_map(|list| list.first()).min().copied() else {
            return;
        };
        for list in lists.iter_mut() {
            if list.first() == Some(&next) {
                *list = &list[1..];
            }
        }
        let next = next as usize;
        if next != article && !chosen.contains(&next) {
            chosen.push(next);
        }
    }
}

/// The therapy indices in ascending order, as `u32`.
fn sorted(therapies: &[usize]) -> Vec<u32> {
    let mut sorted: Vec<u32> = therapies.iter().map(|&t| t as u32).collect();
    sorted.sort_unstable();
    sorted
}

/// Calls `visit` with every subset of `set` (sorted) of `size` elements, as a key.
fn for_each_subset(set: &[u32], size: usize, visit: &mut impl FnMut(SetKey)) {
    fn walk(
        set: &[u32],
        size: usize,
        key: &mut SetKey,
        filled: usize,
        visit: &mut impl FnMut(SetKey),
    ) {
        if filled == size {
            visit(*key);
            return;
        }
        for (at, &item) in set.iter().enumerate() {
            if set.len() - at < size - filled {
                break;
            }
            key[filled] = item;
            walk(&set[at + 1..], size, key, filled + 1, visit);
        }
        key[filled] = u32::MAX;
    }
    walk(set, size, &mut [u32::MAX; MAX_SET], 0, visit);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, by brute force: most shared therapies, then lowest index.
    fn expected(therapies_of: &[Vec<usize>], article: usize, max: usize) -> Vec<usize> {
        let mut scored: Vec<(usize, usize)> = therapies_of
            .iter()
            .enumerate()
            .filter(|&(other, _)| other != article)
            .map(|(other, theirs)| {
                let shared = theirs
                    .iter()
                    .filter(|t| therapies_of[article].contains(t))
                    .count();
                (shared, other)
            })
            .filter(|&(shared, _)| shared > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(max)
            .map(|(_, other)| other)
            .collect()
    }

    /// A small deterministic generator (no dependency needed for a test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn matches_counting_every_shared_therapy() {
        let mut rng = Lcg(7);
        for round in 0..200 {
            let therapy_count = 1 + rng.below(12);
            let articles = rng.below(120);
            let therapies_of: Vec<Vec<usize>> = (0..articles)
                .map(|_| {
                    // Mostly 1-4 therapies, often more than the index holds, sometimes none.
                    let wanted = if rng.below(3) == 0 {
                        rng.below(8)
                    } else {
                        1 + rng.below(4)
                    };
                    let mut set = Vec::new();
                    for _ in 0..wanted {
                        let therapy = rng.below(therapy_count);
                        if !set.contains(&therapy) {
                            set.push(therapy);
                        }
                    }
                    set
                })
                .collect();
            let max = 1 + rng.below(6);
            let got = related_articles(&therapies_of, max);
            assert_eq!(got.len(), articles, "round {round}: one list per article");
            for (article, related) in got.iter().enumerate() {
                assert_eq!(
                    *related,
                    expected(&therapies_of, article, max),
                    "round {round}, article {article}: {therapies_of:?}"
                );
            }
        }
    }

    #[test]
    fn subsets_of_each_size() {
        let mut seen = Vec::new();
        for_each_subset(&[1, 2, 3], 2, &mut |key| seen.push(key));
        let m = u32::MAX;
        assert_eq!(seen, vec![[1, 2, m, m], [1, 3, m, m], [2, 3, m, m]]);
    }
}
