//! The kiwiops binary: parses the command line and hands over to `kiwiops::app`.
fn main() {}
