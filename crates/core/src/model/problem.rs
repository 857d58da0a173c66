use serde::Serialize;
use std::fmt;

/// How serious a problem is: an error refuses the file, a warning and a notice do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Notice,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Notice];

    /// Stable code, as stored in the workspace and printed in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "错误",
            Level::Warning => "警告",
            Level::Notice => "提示",
        }
    }
}

/// One finding of an import, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub level: Level,
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(level: Level, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            level,
            file: file.into(),
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }

    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, file, message)
    }

    pub fn at(mut self, sheet: Option<&str>, cell: Option<String>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self.cell = cell;
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `FILE[!SHEET][!CELL]`, the place a clerk looks at.
    pub fn location(&self) -> String {
        let mut s = self.file.clone();
        for part in [&self.sheet, &self.cell].into_iter().flatten() {
            s.push('!');
            s.push_str(part);
        }
        s
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}：{}",
            self.location(),
            self.level.label(),
            self.message
        )
    }
}
