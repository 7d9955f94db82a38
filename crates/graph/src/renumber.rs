//! Documents are numbered by source path: one added or removed moves the numbers of
//! those after it. What a render keeps for the next one by number (the renderer's
//! memo, the relations it reads) is carried over through this map.

use super::Site;

/// How the documents of one site are numbered in the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renumbering {
    /// By old number: the new one, `None` for a document that went.
    pub to_new: Vec<Option<usize>>,
    /// By new number: the old one, `None` for a document that came.
    pub to_old: Vec<Option<usize>>,
}

impl Renumbering {
    /// The numbering from `old` to `new` (both sorted by source path).
    pub fn between(old: &Site, new: &Site) -> Renumbering {
        let mut to_new = vec![None; old.docs.len()];
        let mut to_old = vec![None; new.docs.len()];
        let (mut o, mut n) = (0, 0);
        while o < old.docs.len() && n < new.docs.len() {
            match old.docs[o].source_path.cmp(&new.docs[n].source_path) {
                std::cmp::Ordering::Less => o += 1,
                std::cmp::Ordering::Greater => n += 1,
                std::cmp::Ordering::Equal => {
                    to_new[o] = Some(n);
                    to_old[n] = Some(o);
                    o += 1;
                    n += 1;
                }
            }
        }
        Renumbering { to_new, to_old }
    }

    /// Every one of `docs` documents keeps its number.
    pub fn identity(docs: usize) -> Renumbering {
        let same: Vec<Option<usize>> = (0..docs).map(Some).collect();
        Renumbering {
            to_new: same.clone(),
            to_old: same,
        }
    }

    /// Whether every document kept its number.
    pub fn is_identity(&self) -> bool {
        self.to_new.len() == self.to_old.len()
            && self.to_new.iter().enumerate().all(|(o, n)| *n == Some(o))
    }
}
