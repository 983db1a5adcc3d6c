//! "Did you mean …?" suggestions for names that match nothing.

use super::{Catalogue, name_key};

/// Edit distance between two strings, by characters (Levenshtein).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The `n` candidates closest to `query`: those containing it or contained in it first, then
/// by edit distance (at most half the query's length).
pub fn closest<'a>(
    query: &str,
    candidates: impl Iterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let q = name_key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let limit = (q.chars().count() / 2).max(1);
    let mut scored: Vec<(usize, String)> = candidates
        .filter_map(|c| {
            let k = name_key(c);
            if k.is_empty() {
                return None;
            }
            let score = if k.contains(&q) || q.contains(&k) {
                0
            } else {
                let d = edit_distance(&q, &k);
                if d > limit {
                    return None;
                }
                d
            };
            Some((score, c.to_string()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Region names closest to `query`.
pub fn regions(cat: &Catalogue, query: &str, n: usize) -> Vec<String> {
    closest(
        query,
        cat.regions
            .iter()
            .flat_map(|r| [r.name_zh.as_str(), r.name_en.as_str()]),
        n,
    )
}

/// Indicator names closest to `query`.
pub fn indicators(cat: &Catalogue, query: &str, n: usize) -> Vec<String> {
    closest(
        query,
        cat.indicators
            .iter()
            .flat_map(|i| [i.name_zh.as_str(), i.code.as_str()]),
        n,
    )
}

/// Industry names closest to `query`.
pub fn industries(cat: &Catalogue, query: &str, n: usize) -> Vec<String> {
    closest(
        query,
        cat.industries
            .iter()
            .flat_map(|i| [i.name_zh.as_str(), i.name_en.as_str()]),
        n,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        assert_eq!(edit_distance("鸡西", "鸡西市"), 1);
        let cat = crate::model::catalogue::builtin();
        assert!(regions(cat, "鸡溪市", 3).contains(&"鸡西市".to_string()));
        assert!(regions(cat, "Jixii", 3).contains(&"Jixi".to_string()));
        assert!(regions(cat, "zzzzzzzz", 3).is_empty());
    }
}
