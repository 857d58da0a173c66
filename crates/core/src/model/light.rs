/// 红黄绿灯: a township's light for the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    pub const ALL: [Light; 3] = [Light::Green, Light::Yellow, Light::Red];

    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }

    /// Stable code, as stored and exported.
    pub fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// Stable number of the light in data frames.
    pub fn ordinal(self) -> i32 {
        match self {
            Light::Green => 1,
            Light::Yellow => 2,
            Light::Red => 3,
        }
    }

    pub fn from_ordinal(n: i32) -> Option<Light> {
        Light::ALL.into_iter().find(|l| l.ordinal() == n)
    }

    pub fn from_code(code: &str) -> Option<Light> {
        Light::ALL.into_iter().find(|l| l.code() == code)
    }
}
