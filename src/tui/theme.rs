//! Colours from the config, or none at all under `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::config::Colors;
use crate::state::Light;

#[derive(Debug, Clone)]
pub struct Theme {
    pub color: bool,
    blue: Color,
    yellow: Color,
    red: Color,
    accent: Color,
    muted: Color,
    selection: Color,
}

/// `NO_COLOR` set to anything non-empty turns colour off (no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Theme {
    /// Colours by name; a bad name is reported and falls back to the default.
    pub fn new(colors: &Colors, color: bool) -> Result<Theme, String> {
        let parse = |name: &str, value: &str| -> Result<Color, String> {
            value.parse::<Color>().map_err(|_| {
                format!("colors.{name}: unknown colour `{value}`: use a name such as blue, lightred, darkgray, or #rrggbb")
            })
        };
        Ok(Theme {
            color,
            blue: parse("blue", &colors.blue)?,
            yellow: parse("yellow", &colors.yellow)?,
            red: parse("red", &colors.red)?,
            accent: parse("accent", &colors.accent)?,
            muted: parse("muted", &colors.muted)?,
            selection: parse("selection", &colors.selection)?,
        })
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn light(&self, light: Light) -> Style {
        match light {
            Light::Blue => self.fg(self.blue),
            Light::Yellow => self.fg(self.yellow),
            Light::Red => self.fg(self.red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(self.muted)
    }

    pub fn error(&self) -> Style {
        self.fg(self.red).add_modifier(Modifier::BOLD)
    }

    /// The selected row: a background when colour is on, reversed otherwise.
    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new()
                .bg(self.selection)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.accent() } else { self.muted() }
    }
}
