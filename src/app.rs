//! Wiring of the binary's subcommands: each one builds what it needs and runs until stopped.
