//! Colours from the config, or none at all under `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Colors, Colour};
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
    /// The settings' colours (parsed and checked with the config).
    pub fn new(colors: &Colors, color: bool) -> Theme {
        Theme {
            color,
            blue: terminal_colour(colors.blue),
            yellow: terminal_colour(colors.yellow),
            red: terminal_colour(colors.red),
            accent: terminal_colour(colors.accent),
            muted: terminal_colour(colors.muted),
            selection: terminal_colour(colors.selection),
        }
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

/// A colour of the settings as ratatui draws it.
pub fn terminal_colour(colour: Colour) -> Color {
    const BASIC: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match colour {
        Colour::Reset => Color::Reset,
        Colour::Basic(index) => BASIC[usize::from(index) % BASIC.len()],
        Colour::Indexed(index) => Color::Indexed(index),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::report::render_text::{Palette, sgr};

    /// The app and the summary read the same settings the same way: each
    /// colour the app draws is the one the summary's escape code selects.
    #[test]
    fn the_app_and_the_summary_read_the_same_colours() {
        let config = Config::from_texts(
            Some("colors:\n  red: \"9\"\n  blue: \"#FF8000\"\n  yellow: bright yellow\n  muted: grey\n"),
            "c.yaml",
        )
        .unwrap();
        let theme = Theme::new(&config.colors, true);
        let palette = Palette::from_config(&config.colors);
        assert_eq!(theme.red, Color::Indexed(9));
        assert_eq!(palette.red, "38;5;9");
        assert_eq!(theme.blue, Color::Rgb(255, 128, 0));
        assert_eq!(palette.blue, "38;2;255;128;0");
        assert_eq!(theme.yellow, Color::LightYellow);
        assert_eq!(palette.yellow, "93");
        assert_eq!(theme.muted, Color::Gray);
        assert_eq!(palette.muted, "37");
        // every named colour: ratatui's own reading of the name agrees
        let names = crate::config::COLOUR_NAMES.iter().copied();
        for name in names.chain(["reset", "200", "#0a0B0c", "bright black", "grey"]) {
            let colour: Colour = name.parse().unwrap();
            assert_eq!(
                terminal_colour(colour),
                name.parse::<Color>().unwrap(),
                "{name}"
            );
            assert!(!sgr(colour).is_empty());
        }
        // the defaults the summary has always used
        assert_eq!(
            Palette::from_config(&Config::defaults().colors),
            Palette::default()
        );
    }
}
