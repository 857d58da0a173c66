use serde::{Deserialize, Serialize};

/// The state of one of the five responsibilities for one township.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    Partial,
    NotDone,
    #[serde(rename = "n_a")]
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::Partial,
        Status::NotDone,
        Status::NotApplicable,
    ];

    /// Machine-readable code used in CSV and the workspace.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Partial => "partial",
            Status::NotDone => "not_done",
            Status::NotApplicable => "n_a",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "已落实",
            Status::Partial => "部分落实",
            Status::NotDone => "未落实",
            Status::NotApplicable => "不适用",
        }
    }

    /// Stable number of the status in data frames.
    pub fn ordinal(self) -> i32 {
        match self {
            Status::Done => 1,
            Status::Partial => 2,
            Status::NotDone => 3,
            Status::NotApplicable => 4,
        }
    }

    pub fn from_ordinal(n: i32) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.ordinal() == n)
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Reads the words townships write: 已落实 / 部分落实 / 未落实, √ / ×, 是 / 否.
    /// `text` must already be folded (see `text::fold`).
    pub fn from_word(text: &str) -> Option<Status> {
        let t = text.trim_end_matches(['.', '。']);
        Some(match t {
            "已落实" | "落实" | "已完成" | "完成" | "是" | "√" | "✓" | "✔" | "☑" | "y" | "yes"
            | "done" | "到位" | "已到位" => Status::Done,
            "部分落实" | "基本落实" | "部分" | "部分完成" | "基本完成" | "部分到位" | "△"
            | "partial" => Status::Partial,
            "未落实" | "未完成" | "否" | "×" | "x" | "✗" | "✘" | "☒" | "n" | "no" | "未到位"
            | "not_done" => Status::NotDone,
            "不适用" | "无" | "n/a" | "na" | "n_a" | "/" | "-" => Status::NotApplicable,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_marks() {
        assert_eq!(Status::from_word("已落实"), Some(Status::Done));
        assert_eq!(Status::from_word("√"), Some(Status::Done));
        assert_eq!(Status::from_word("部分落实"), Some(Status::Partial));
        assert_eq!(Status::from_word("×"), Some(Status::NotDone));
        assert_eq!(Status::from_word("否"), Some(Status::NotDone));
        assert_eq!(Status::from_word("待定"), None);
        assert_eq!(Status::from_code("n_a"), Some(Status::NotApplicable));
    }
}
