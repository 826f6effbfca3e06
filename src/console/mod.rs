//! Slash commands from a terminal: reading a line into the same requests Discord interactions become.

pub mod parse;
