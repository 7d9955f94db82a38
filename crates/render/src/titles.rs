//! How a page names another document. Apart from the view models (context.rs) because
//! the risk views and link labels need it too, and nothing else of context.

use crate::i18n;
use styrdok_core::model::Status;
use styrdok_graph::Site;

pub trait DocTitle {
    /// A document's title wherever another page names it: a draft (published with
    /// `--drafts`) says so, on every page, list and banner.
    fn doc_title_marked(&self, doc: usize) -> String;
}

impl DocTitle for Site {
    fn doc_title_marked(&self, doc: usize) -> String {
        let meta = &self.docs[doc].meta;
        if meta.status == Status::Draft {
            format!(
                "{} ({})",
                meta.title,
                i18n::get(self.lang(), i18n::Ui::Draft).to_lowercase()
            )
        } else {
            meta.title.clone()
        }
    }
}
